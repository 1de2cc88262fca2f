"""The new-media indicator of the daily inspection: ``NM_VETO_STALE`` 内容不更新 (spec §4.2; the rule in
``rules.py``). Red when any operating account of the site had no update in the 2 weeks before the day, amber
when one is 10 days quiet; each such account is evidence for its owner unit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.inspection import indicators

from . import rules
from .models import Account
from .staleness import quiet_accounts


def _detail(q) -> str:
    if q.last_update_on:
        return _("最近更新 %(d)s，已 %(n)s 天") % {"d": q.last_update_on.isoformat(), "n": q.days}
    return _("开设以来没有登记更新，已 %(n)s 天") % {"n": q.days}


def stale_accounts(site, day) -> indicators.Outcome:
    found = quiet_accounts(Account.objects.filter(site.unit_q("unit")), day)
    threshold = _("运营中的账号须在检查日前2周内有更新（%(w)s天未更新预警）") % {"w": rules.WARN_DAYS}
    if not found:
        return indicators.Outcome(value=None, threshold=threshold, status=indicators.Status.NONE)
    flagged = [q for q in found if q.state != "green"]
    items = [
        indicators.Evidence(
            label=str(q.account),
            url=reverse("workspace:newmedia-account", args=[q.account.pk]),
            detail=_detail(q),
            unit_id=q.account.unit_id,
            unit=q.account.unit.name,
            status=indicators.Status.RED if q.state == "red" else indicators.Status.AMBER,
        )
        for q in sorted(flagged, key=lambda q: -q.days)
    ]
    red = sum(1 for q in flagged if q.state == "red")
    if red:
        status = indicators.Status.RED
    elif flagged:
        status = indicators.Status.AMBER
    else:
        status = indicators.Status.GREEN
    fix = ""
    if flagged:
        fix = _(
            "在这些账号上发布信息并登记更新（或配置订阅源自动读取）；确已停止运营的账号，按程序申请关停并发布关停公告。"
        )
    return indicators.Outcome(value=red, threshold=threshold, status=status, items=items, fix=fix)


indicators.register(
    "NM_VETO_STALE", gettext_lazy("政务新媒体内容不更新"), stale_accounts,
    scope=indicators.Scope.NEWMEDIA, order=110, veto=True, own_todos=True,
)  # fmt: skip
