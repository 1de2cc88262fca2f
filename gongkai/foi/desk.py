"""What the staff desk offers on an application today: the steps the table of ``transitions.py`` allows in
its status, and for the steps the law limits (补正 once and within 7 working days, one extension) whether
they are still open, with the reason in words when not. The service checks all of it again on the way in;
this only decides what the page offers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.core import workdays

from . import clock, transitions
from .models import Application, Event, EventKind, Status

# The steps in the order the desk lists them (the receipt is registration, never a step).
ORDER = [
    EventKind.CORRECTION_REQUESTED,
    EventKind.CORRECTION_RECEIVED,
    EventKind.CONSULTATION_STARTED,
    EventKind.CONSULTATION_ENDED,
    EventKind.EXTENDED,
    EventKind.FEE_NOTICE_SENT,
    EventKind.FEE_PAID,
    EventKind.TRANSFERRED,
    EventKind.DELAYED_EXCESSIVE,
    EventKind.ANSWERED,
    EventKind.DELIVERED,
    EventKind.CLOSED,
    EventKind.HELP_GIVEN,
    EventKind.NOTE,
]


@dataclass(frozen=True)
class StepOption:
    kind: str
    label: str
    offered: bool
    why_not: str = ""  # when the law closes a step that the status would allow


def open_consultations(events: Sequence[Event]) -> list[str]:
    """The parties consulted whose opinion has not been recorded yet."""
    started = Counter(e.data.get("party", "") for e in events if e.kind == EventKind.CONSULTATION_STARTED)
    ended = Counter(e.data.get("party", "") for e in events if e.kind == EventKind.CONSULTATION_ENDED)
    return [party for party in started if started[party] > ended[party]]


def correction_last_day(application: Application, calendar: workdays.Calendar) -> dt.date:
    return clock.correction_request_deadline(application.received_on, calendar)


def steps_for(
    application: Application, events: Sequence[Event], calendar: workdays.Calendar, today: dt.date
) -> list[StepOption]:
    kinds = {e.kind for e in events}
    options = []
    for kind in ORDER:
        label = str(EventKind(kind).label)
        allowed = transitions.allowed(kind, application.status)
        why_not = ""
        if kind == EventKind.CORRECTION_REQUESTED and application.status not in (
            Status.CLOSED,
            Status.ANSWERED,
        ):
            last = correction_last_day(application, calendar)
            if EventKind.CORRECTION_REQUESTED in kinds:
                why_not = _("本申请已要求过补正。补正应一次性告知，不能再次要求（条例第三十条）。")
            elif today > last:
                why_not = _(
                    "已超过收到申请之日起7个工作日（最后一日为%(d)s），不能再要求补正（条例第三十条）。"
                ) % {"d": f"{last.year}年{last.month}月{last.day}日"}
        elif kind == EventKind.EXTENDED and allowed:
            if EventKind.EXTENDED in kinds:
                why_not = _("答复期限已延长过一次，不能再延长（条例第三十三条第二款）。")
            elif application.due_on and today > application.due_on:
                why_not = _("答复期限已过，不能再延长。")
        elif kind == EventKind.CONSULTATION_ENDED:
            allowed = allowed and bool(open_consultations(events))
        elif kind == EventKind.FEE_NOTICE_SENT:
            allowed = allowed and EventKind.FEE_NOTICE_SENT not in kinds
        if why_not:
            options.append(StepOption(kind, label, False, why_not))
        elif allowed:
            options.append(StepOption(kind, label, True))
    return options
