"""What 双随机抽查 gives staff to do: a committed plan whose inspection period has begun but which is not drawn
yet, and a drawn plan whose period has ended without its results published (due 20 working days after the
period's end, see ``rules.py``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can

from . import access, rules
from .models import PlanState

LIMIT = 200


def _to_draw(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    plans = (
        access.plans_for(user).filter(state=PlanState.COMMITTED, starts_on__lte=today).select_related("unit")
    )
    return [
        todo.Todo(
            kind="spotchecks.draw",
            title=plan.title,
            url=reverse("workspace:spotchecks-plan", args=[plan.pk]),
            due_on=plan.starts_on,
            unit=plan.unit.name,
            note=_("检查期已开始，尚未随机抽取"),
            urgent=True,
        )
        for plan in plans.order_by("starts_on", "pk")[:LIMIT]
    ]


def _results(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    plans = access.plans_for(user).filter(state=PlanState.DRAWN, ends_on__lt=today).select_related("unit")
    plans = list(
        plans.annotate(missing=Count("picks", filter=Q(picks__result__isnull=True))).order_by(
            "ends_on", "pk"
        )[:LIMIT]
    )
    dues = rules.results_due_for(plan.ends_on for plan in plans)
    rows = []
    for plan in plans:
        due, missing = dues[plan.ends_on], plan.missing
        note = _("检查期已结束，抽查结果待公示")
        if missing:
            note += _("（%(n)d户未录入检查结果）") % {"n": missing}
        rows.append(todo.Todo(
            kind="spotchecks.results", title=plan.title, url=reverse("workspace:spotchecks-plan", args=[plan.pk]),
            due_on=due, unit=plan.unit.name, note=note, urgent=due < today,
        ))  # fmt: skip
    return rows


todo.register("spotchecks.draw", gettext_lazy("待随机抽取的抽查计划"), _to_draw, order=80)
todo.register("spotchecks.results", gettext_lazy("待公示的双随机抽查结果"), _results, order=81)
