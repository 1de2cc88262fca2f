"""Home-page blocks of 政府信息公开: news columns (要闻, 通知公告), the latest disclosures, the key-area grid.
Every record lies in the request's site (``request.site.unit_q``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization
from gongkai.sites import blocks

from . import queries
from .models import Column, KeyArea

KEY_AREA_PREFIX = "ka-"  # the catalog template's key-area columns: ka-<KeyArea.code> under key-areas


def site_root(site) -> Organization | None:
    """The site's root organization (the top of the tree for the fallback site of an unconfigured platform)."""
    root = getattr(site, "root", None)
    if root is not None:
        return root
    return Organization.objects.active().filter(parent__isnull=True).order_by("sort_order", "pk").first()


def news_sources(site) -> list[tuple[str, str]]:
    root = site_root(site)
    if root is None:
        return []
    return list(
        Column.objects.active().filter(unit=root).order_by("sort_order", "pk").values_list("code", "name")
    )


def news(request, block) -> dict | None:
    """A news column of the site's own government (要闻 ``news``, 通知公告 ``notices``): its newest items."""
    root = site_root(request.site)
    if root is None or not block.source:
        return None
    column = Column.objects.active().filter(unit=root, code=block.source).first()
    if column is None:
        return None
    items = list(queries.items_in_column(column).filter(request.site.unit_q("unit"))[: block.count])
    if not items:
        return None
    return {
        "template": "publishing/blocks/items.html",
        "title": block.title or column.name,
        "items": items,
        "more_url": column.get_absolute_url(),
        "show_unit": False,
    }


def latest(request, block) -> dict | None:
    """最新公开: the newest information published by any unit of the site."""
    items = list(queries.public_items().filter(request.site.unit_q("unit"))[: block.count])
    if not items:
        return None
    return {
        "template": "publishing/blocks/items.html",
        "items": items,
        "more_url": reverse("publishing:index"),
        "show_unit": True,
    }


def key_areas(request, block) -> dict | None:
    """重点领域: the key areas of the annex, each linking to its column in the site government's catalog."""
    root = site_root(request.site)
    if root is None:
        return None
    columns = {
        c.code[len(KEY_AREA_PREFIX) :]: c
        for c in Column.objects.active().filter(unit=root, code__startswith=KEY_AREA_PREFIX)
    }
    areas = [
        {"area": area, "url": columns[area.code].get_absolute_url()}
        for area in KeyArea.objects.order_by("sort_order", "pk")
        if area.code in columns
    ]
    if not areas:
        return None
    parent = Column.objects.active().filter(unit=root, code="key-areas").first()
    return {
        "template": "publishing/blocks/key_areas.html",
        "areas": areas,
        "more_url": parent.get_absolute_url() if parent else reverse("publishing:unit", args=[root.pk]),
    }


blocks.register("news", _("新闻栏目"), news, source_label=_("栏目"), default_count=6, sources=news_sources)
blocks.register("latest", _("最新公开"), latest, default_count=8)
blocks.register("key_areas", _("重点领域"), key_areas, takes_count=False)
