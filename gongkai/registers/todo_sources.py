"""What the registers give staff to do: decisions published late that wait for an explanation (双公示 within 7
working days), and budgets and final accounts approved but not yet published (20 days)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can

from . import access
from .models import BudgetDisclosure, Decision

LIMIT = 200
LOOK_BACK_DAYS = 365


def _late_decisions(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    rows = (
        access.records_for(user, Decision)
        .late()
        .filter(late_explanation="", published_on__gte=today - dt.timedelta(days=LOOK_BACK_DAYS))
        .select_related("unit")
        .order_by("published_on", "pk")[:LIMIT]
    )
    return [
        todo.Todo(
            kind="registers.decision_late",
            title=_("%(kind)s %(doc)s 逾期公示，请说明原因")
            % {"kind": d.get_kind_display(), "doc": d.doc_number},
            url=reverse("workspace:registers-decision", args=[d.pk]),
            unit=d.unit.name,
            note=_("决定日期%(d)s，应于%(due)s前公示，实际%(p)s公示")
            % {"d": d.decided_on.isoformat(), "due": d.due_on.isoformat(), "p": d.published_on.isoformat()},
            urgent=True,
        )
        for d in rows
    ]


def _budgets(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    rows = (
        access.records_for(user, BudgetDisclosure)
        .filter(published_on__isnull=True)
        .select_related("unit")
        .order_by("due_on", "pk")[:LIMIT]
    )
    return [
        todo.Todo(
            kind="registers.budget_due",
            title=_("公开%(y)s年%(k)s") % {"y": b.year, "k": b.get_kind_display()},
            url=reverse("workspace:registers-budget", args=[b.pk]),
            unit=b.unit.name,
            note=_("批复日期%(a)s，应于%(due)s前公开（批复后20日）")
            % {"a": b.approved_on.isoformat(), "due": b.due_on.isoformat()},
            urgent=b.due_on < today,
            extra={"due_text": b.due_on.isoformat()},
        )
        for b in rows
    ]


todo.register("registers.decision_late", gettext_lazy("双公示：逾期公示待说明"), _late_decisions, order=60)
todo.register("registers.budget_due", gettext_lazy("预决算：待公开"), _budgets, order=61)
