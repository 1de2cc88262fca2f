"""What consultations give staff to do: comments to group, groups to answer (采纳情况), and the adoption
feedback to publish once the consultation has ended, due :data:`feedback.FEEDBACK_WORKING_DAYS` working days
after it ends."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can

from . import access, feedback


def _note(consultation, now) -> str:
    parts = []
    if consultation.ungrouped:
        parts.append(_("%(n)d条意见待归类") % {"n": consultation.ungrouped})
    if consultation.undecided:
        parts.append(_("%(n)d类意见待填写采纳情况") % {"n": consultation.undecided})
    if consultation.ends_at <= now:
        parts.append(_("征集已结束，采纳情况待发布"))
    else:
        parts.append(_("征集中"))
    return "；".join(parts)


def _feedback(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    now = timezone.now()
    rows = list(feedback.waiting(access.consultations_for(user), now)[:200])
    dues = feedback.due_dates(c.ends_at for c in rows)
    return [
        todo.Todo(
            kind="consultation.feedback",
            title=consultation.title,
            url=reverse("workspace:participation-comments", args=[consultation.pk]),
            due_on=dues[consultation.ends_at],
            unit=consultation.unit.name,
            note=_note(consultation, now),
            urgent=dues[consultation.ends_at] < today,
        )
        for consultation in rows
    ]


todo.register("consultation.feedback", gettext_lazy("待归类答复的公众意见"), _feedback, order=70)
