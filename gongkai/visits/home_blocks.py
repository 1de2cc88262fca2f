"""Home-page block: 热门信息, the site's most viewed published items of the last 30 days (from the daily
aggregates, so the block changes once a day, when the roll-up closes the day)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.sites import blocks

from . import queries

DAYS = 30


def popular(request, block) -> dict | None:
    site = request.site
    if getattr(site, "pk", None) is None:
        return None
    items = queries.popular_items(site, count=block.count, days_back=DAYS)
    if not items:
        return None
    return {"template": "visits/blocks/popular.html", "items": items, "more_url": reverse("visits:index")}


blocks.register("popular", _("热门信息"), popular, default_count=6)
