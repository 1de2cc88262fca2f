"""Home-page block: 热门搜索, what many people searched for lately and found (the query log), or, before
there is any, the queries the office pinned answers to (its best bets)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.sites import blocks

from . import service
from .models import BestBet


def hot_searches(request, block) -> dict | None:
    words = service.popular(limit=block.count)
    if not words:
        pinned = (
            BestBet.objects.filter(is_active=True).order_by("position", "pk").values_list("query", flat=True)
        )
        words = list(dict.fromkeys(pinned))[: block.count]
    if not words:
        return None
    base = reverse("search:index")
    return {
        "template": "search/blocks/hot.html",
        "words": [{"word": w, "url": f"{base}?{urlencode({'q': w})}"} for w in words],
        "more_url": base,
    }


blocks.register("hot_searches", _("热门搜索"), hot_searches, default_count=8)
