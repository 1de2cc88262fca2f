"""To-dos from the newest daily inspection: each responsible unit sees the records that trip or near a veto
(a stale column, an unanswered message, a service guide missing elements), and the openness office sees each of
its sites that fails an indicator, linked to the site's dashboard."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access, indicators
from .indicators import Status
from .models import DailyResult

LIMIT = 30


def _latest(today: dt.date) -> list[DailyResult]:
    """The results not green of each site's newest daily run within the last three days, in one query (a rerun
    of one site does not hide the others' results of the morning)."""
    rows = list(
        DailyResult.objects.filter(day__lte=today, day__gte=today - dt.timedelta(days=3)).order_by(
            "-day", "code"
        )
    )
    newest: dict[int, dt.date] = {}
    for r in rows:
        newest.setdefault(r.site_id, r.day)
    return [r for r in rows if r.day == newest[r.site_id] and r.status in (Status.RED, Status.AMBER)]


def _unit_rows(user, today: dt.date) -> list[todo.Todo]:
    """The records the user's own unit must put right (an office's own unit included)."""
    if not can(user, Capability.EDIT_CONTENT) or not user.unit_id:
        return []
    rows, seen = [], set()
    for result in _latest(today):
        indicator = indicators.get(result.code)
        if indicator is None or indicator.own_todos:
            continue
        for item in result.items:
            if item.get("unit_id") != user.unit_id or item.get("status") not in (Status.RED, Status.AMBER):
                continue
            key = (result.code, item.get("label"))
            if key in seen:
                continue
            seen.add(key)
            red = item["status"] == Status.RED
            rows.append(todo.Todo(
                kind="inspection.fix",
                title=f"{result.label}：{item['label']}",
                url=item.get("url") or "",
                unit=item.get("unit", ""),
                note=item.get("detail", "") + ("" if red else _("（预警）")),
                urgent=red and result.veto,
            ))  # fmt: skip
    rows.sort(key=lambda r: not r.urgent)
    return rows[:LIMIT]


def _site_rows(user, today: dt.date) -> list[todo.Todo]:
    """For the office: each of its sites with an indicator not green, once per site."""
    if not can(user, Capability.SUPERVISE):
        return []
    sites = {s.pk: s for s in access.sites_for(user)}
    rows = []
    by_site: dict[int, list[DailyResult]] = {}
    for r in _latest(today):
        if r.site_id in sites:
            by_site.setdefault(r.site_id, []).append(r)
    for site_id, found in sorted(by_site.items()):
        site = sites[site_id]
        red = [r for r in found if r.status == Status.RED and r.veto]
        labels = "、".join(r.label for r in (red or found))
        rows.append(todo.Todo(
            kind="inspection.site",
            title=(_("%(s)s：%(n)s项单项否决指标不合格") % {"s": site.name, "n": len(red)}) if red
            else (_("%(s)s：%(n)s项指标预警") % {"s": site.name, "n": len(found)}),
            url=reverse("workspace:inspection-site", args=[site_id]),
            unit=site.root.name,
            note=labels,
            urgent=bool(red),
        ))  # fmt: skip
    return rows


todo.register("inspection.site", gettext_lazy("网站检查不合格和预警"), _site_rows, order=30)
todo.register("inspection.fix", gettext_lazy("网站检查发现的问题"), _unit_rows, order=36)
