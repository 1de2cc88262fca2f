"""What 依申请公开 gives staff to do: the applications of the units they handle, by due date (due within 5
working days first, overdue ones marked urgent), each with the reason any days were not counted; an office
that supervises other units also sees their overdue applications."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import calendar as cal
from gongkai.core import todo
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access, explain
from .models import Status

LIMIT = 200


def open_for(user, today: dt.date):
    """The open applications ``user`` handles (its own unit's), plus, for an office that supervises, every
    overdue one below it. Those waiting for the applicant's correction owe the unit nothing yet."""
    rows = access.applications_for(user).open().exclude(status=Status.CORRECTION)
    if user.is_superuser:
        return rows
    handled = Q(unit_id=user.unit_id)
    if can(user, Capability.SUPERVISE):
        handled |= Q(due_on__lt=today)
    return rows.filter(handled)


def _applications(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, Capability.EDIT_CONTENT):
        return []
    rows = list(open_for(user, today).with_events().order_by("due_on", "pk")[:LIMIT])
    if not rows:
        return []
    calendar = cal.load(*explain.calendar_for(min(a.received_on for a in rows), today))
    todos = []
    for application in rows:
        why = explain.explain(application.received_on, list(application.events.all()), calendar, today)
        todos.append(
            todo.Todo(
                kind="foi.due",
                title=_("%(code)s %(what)s")
                % {"code": application.tracking_code, "what": application.description[:40]},
                url=reverse("workspace:foi-detail", args=[application.pk]),
                due_on=application.due_on,
                unit=application.unit.name,
                note=why.not_counted,
                urgent=application.due_on is not None and application.due_on < today,
                extra={"status": application.get_status_display()},
            )
        )
    return todos


todo.register("foi.due", gettext_lazy("依申请公开：待答复的申请"), _applications, order=40)


def _corrections(user, today: dt.date) -> list[todo.Todo]:
    """Open requests to correct records (Art. 41) of the units ``user`` handles, by due date (the office's
    limit in working days; the list adds the days left), overdue ones urgent; a supervising office also sees
    the overdue ones below it. The title is the code only: the record is about the applicant (the case page
    names it)."""
    from .corrections import corrections_for

    if not can(user, Capability.EDIT_CONTENT):
        return []
    rows = corrections_for(user).open()
    if not user.is_superuser:
        handled = Q(unit_id=user.unit_id)
        if can(user, Capability.SUPERVISE):
            handled |= Q(due_on__lt=today)
        rows = rows.filter(handled)
    return [
        todo.Todo(
            kind="foi.correction",
            title=_("%(code)s 更正申请") % {"code": case.tracking_code},
            url=reverse("workspace:foi-correction", args=[case.pk]),
            due_on=case.due_on,
            unit=case.unit.name,
            urgent=case.due_on is not None and case.due_on < today,
            extra={"status": case.get_status_display()},
        )
        for case in rows.order_by("due_on", "pk")[:LIMIT]
    ]


todo.register(
    "foi.correction", gettext_lazy("依申请公开：待办结的更正政府信息记录申请"), _corrections, order=41
)
