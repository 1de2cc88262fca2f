"""When a consultation's adoption feedback (意见采纳情况) is due, and what still stands in its way.

The 2019 work points ask governments to "及时公开意见收集采纳情况" without a number of days, and the
《重大行政决策程序暂行条例》 (Art. 15) asks the drafting unit to sort and study the comments without one
either. The platform holds units to :data:`FEEDBACK_WORKING_DAYS` working days after the consultation ends
(a rule of this platform, the common practice of provincial rules, not a statute), counted on the official
calendar like every other deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core import workdays

from .models import Consultation

FEEDBACK_WORKING_DAYS = 15


def due_dates(ends: Iterable[dt.datetime]) -> dict[dt.datetime, dt.date]:
    """The feedback due date of each end time, from one read of the calendar."""
    ends = set(ends)
    if not ends:
        return {}
    days = {end: timezone.localdate(end) for end in ends}
    first, last = min(days.values()), max(days.values())
    calendar = cal.load(first, workdays.span_for(last, FEEDBACK_WORKING_DAYS)[1])
    return {
        end: workdays.add_working_days(day, FEEDBACK_WORKING_DAYS, calendar).due for end, day in days.items()
    }


def due_on(consultation: Consultation) -> dt.date:
    return due_dates([consultation.ends_at])[consultation.ends_at]


def with_work(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    """``consultations`` annotated with what is left before the feedback can go out: ``comment_count``,
    ``ungrouped`` comments and ``undecided`` groups."""
    return consultations.annotate(
        comment_count=Count("comments", distinct=True),
        ungrouped=Count("comments", filter=Q(comments__group__isnull=True), distinct=True),
        undecided=Count("groups", filter=Q(groups__decision=""), distinct=True),
    )


def waiting(consultations: QuerySet[Consultation], now: dt.datetime) -> QuerySet[Consultation]:
    """Published consultations whose feedback is not out and that have work: comments to group, groups
    to answer, or an ended consultation whose feedback is to publish."""
    return (
        with_work(
            consultations.filter(is_published=True, starts_at__lte=now, report_published_at__isnull=True)
        )
        .filter(Q(ungrouped__gt=0) | Q(undecided__gt=0) | Q(ends_at__lte=now))
        .select_related("unit")
        .order_by("ends_at", "pk")
    )
