"""Home-page blocks of the public shell, which sits on top of the apps: 办事入口, the service entries; 本年数据,
this year's figures of 依申请公开 and 政民互动 for the site's units; 热门搜索 (here rather than in search, which
imports no other app)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.foi.models import FINISHED_STATUSES, Application
from gongkai.interaction.models import Message
from gongkai.interaction.models import Status as MessageStatus
from gongkai.search import service as search_service
from gongkai.search.models import BestBet
from gongkai.sites import blocks

SERVICES = [  # (URL name, label, what it is for)
    ("foi:apply", _("依申请公开"), _("向行政机关申请获取政府信息")),
    ("interaction:write", _("我要写信"), _("领导信箱：咨询、建议、投诉")),
    ("participation:index", _("意见征集"), _("对政策文件草案提出意见建议")),
    ("interaction:faq", _("常见问答"), _("常见问题的答复")),
]


def services(request, block) -> dict | None:
    entries = [{"url": reverse(name), "label": label, "hint": hint} for name, label, hint in SERVICES]
    return {
        "template": "site/blocks/services.html",
        "entries": entries,
        "more_url": reverse("interaction:index"),
    }


def figures(request, block) -> dict | None:
    """Applications and messages received this year by the site's units, and how many were answered within
    their time limits (an answer on the due date is on time)."""
    year = timezone.localdate().year
    scope = request.site.unit_q("unit")
    applications = Application.objects.filter(scope, received_on__year=year).aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(status__in=FINISHED_STATUSES, answered_on__isnull=False)),
        on_time=Count(
            "pk",
            filter=Q(status__in=FINISHED_STATUSES, answered_on__isnull=False, answered_on__lte=F("due_on")),
        ),
    )
    messages = (
        Message.objects.filter(scope, received_on__year=year)
        .exclude(status=MessageStatus.MERGED)
        .aggregate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(replied_on__isnull=False)),
            on_time=Count("pk", filter=Q(replied_on__isnull=False, replied_on__lte=F("due_on"))),
        )
    )
    if not applications["received"] and not messages["received"]:
        return None
    return {
        "template": "site/blocks/figures.html",
        "year": year,
        "applications": applications,
        "messages": messages,
        "more_url": reverse("interaction:stats"),
    }


def hot_searches(request, block) -> dict | None:
    """What many people searched for lately and found (the query log: a query fewer than three people typed
    is never shown), or, before there is any, the queries the office pinned answers to (its best bets)."""
    words = search_service.popular(limit=block.count)
    if not words:
        pinned = (
            BestBet.objects.filter(is_active=True).order_by("position", "pk").values_list("query", flat=True)
        )
        words = list(dict.fromkeys(pinned))[: block.count]
    if not words:
        return None
    base = reverse("search:index")
    return {
        "template": "site/blocks/hot_searches.html",
        "words": [{"word": w, "url": f"{base}?{urlencode({'q': w})}"} for w in words],
        "more_url": base,
    }


blocks.register("services", _("办事入口"), services, takes_count=False)
blocks.register("figures", _("本年数据"), figures, takes_count=False)
blocks.register("hot_searches", _("热门搜索"), hot_searches, default_count=8)
