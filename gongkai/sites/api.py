"""GET /api/v1/sites: the portals of this platform with their host names and root organizations."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gongkai.core.api_errors import ErrorOut

from . import blocks
from .models import Site

router = Router(tags=["sites"])


class SiteOut(Schema):
    id: int
    name: str
    root_id: int
    root_name: str
    hosts: list[str]
    primary_host: str | None
    is_default: bool
    theme: str
    id_code: str


@router.get("/sites", response=list[SiteOut], summary="网站列表（集约化平台上的各门户网站及其域名）")
def list_sites(request):
    rows = []
    for site in Site.objects.filter(is_active=True).select_related("root").prefetch_related("hosts"):
        hosts = [h.host for h in site.hosts.all()]
        primary = next((h.host for h in site.hosts.all() if h.is_primary), hosts[0] if hosts else None)
        rows.append(
            {
                "id": site.pk,
                "name": site.name,
                "root_id": site.root_id,
                "root_name": site.root.name,
                "hosts": hosts,
                "primary_host": primary,
                "is_default": site.is_default,
                "theme": site.theme,
                "id_code": site.id_code,
            }
        )
    return rows


class BlockOut(Schema):
    id: int | None
    kind: str
    kind_label: str
    title: str
    source: str
    count: int
    sort_order: int
    is_default: bool  # from the platform's default set: the site's office has arranged no block yet


@router.get(
    "/sites/{int:site_id}/blocks",
    response={200: list[BlockOut], 404: ErrorOut},
    summary="网站首页区块（按顺序，仅含显示的区块）",
)
def list_blocks(request, site_id: int):
    """The blocks a site's home page is built from, in order: kind, title (when the office set none, the
    news column's name or the kind's name), source (a news column's code) and count. Blocks with nothing to show at the moment are
    listed too; hidden ones are not."""
    site = get_object_or_404(Site.objects.filter(is_active=True).select_related("root"), pk=site_id)
    rows = []
    for block in blocks.site_blocks(site):
        kind = blocks.get(block.kind)
        if kind is None:
            continue
        rows.append(
            {
                "id": block.pk,
                "kind": block.kind,
                "kind_label": str(kind.label),
                "title": blocks.title_of(block, site),
                "source": block.source,
                "count": block.count,
                "sort_order": block.sort_order,
                "is_default": block.pk is None,
            }
        )
    return rows
