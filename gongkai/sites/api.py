"""GET /api/v1/sites: the portals of this platform with their host names and root organizations."""

from __future__ import annotations

from ninja import Router, Schema

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
