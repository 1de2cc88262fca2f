"""Which periods of a dataset are released, due or late, from one read of the calendar for a whole list.

"Late" is derived, never stored (as froide's overdue): a period that has ended, has no release, and whose due
date (the Nth working day after it ends) has passed. A release published after its due date counts as
published late in supervision's evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core import workdays

from . import periods
from .models import Dataset, Release


@dataclass(frozen=True)
class Expected:
    period: periods.Period
    due_on: dt.date


@dataclass
class State:
    dataset: Dataset
    latest: Release | None
    released: dict[str, dt.datetime]  # period code -> published_at
    missing: list[Expected] = field(default_factory=list)  # ended, not released, not yet late
    late: list[Expected] = field(default_factory=list)  # ended, not released, past due
    next_due: Expected | None = None  # the next release owed (a late one is not "next": it is late)

    @property
    def is_late(self) -> bool:
        return bool(self.late)


def calendar_for(datasets: Iterable[Dataset], today: dt.date) -> workdays.Calendar:
    starts = [d.starts_on for d in datasets] or [today]
    return cal.load(*periods.calendar_span(min(starts), today))


def due(dataset: Dataset, period: periods.Period, calendar: workdays.Calendar) -> dt.date:
    return periods.due_on(period, dataset.due_working_day, calendar)


def states(
    datasets: list[Dataset], today: dt.date | None = None, *, calendar: workdays.Calendar | None = None
) -> dict[int, State]:
    """The state of each dataset on ``today`` (three queries for the whole list)."""
    today = today or timezone.localdate()
    if not datasets:
        return {}
    calendar = calendar or calendar_for(datasets, today)
    released: dict[int, dict[str, dt.datetime]] = {d.pk: {} for d in datasets}
    latest: dict[int, Release] = {}
    for release in (
        Release.objects.filter(dataset__in=datasets)
        .defer("rows", "columns")
        .order_by("dataset", "-period_start")
    ):
        released[release.dataset_id][release.period] = release.published_at
        latest.setdefault(release.dataset_id, release)
    found = {}
    for dataset in datasets:
        if dataset.pk in latest:
            latest[dataset.pk].dataset = dataset
        state = State(dataset, latest.get(dataset.pk), released[dataset.pk])
        for period in periods.ended_since(dataset.frequency, dataset.starts_on, today):
            if period.code in state.released:
                continue
            expected = Expected(period, due(dataset, period, calendar))
            (state.late if expected.due_on < today else state.missing).append(expected)
        if state.missing:
            state.next_due = state.missing[0]
        else:
            current = periods.period_of(dataset.frequency, today)
            if current.code not in state.released:
                state.next_due = Expected(current, due(dataset, current, calendar))
        found[dataset.pk] = state
    return found


def state(dataset: Dataset, today: dt.date | None = None) -> State:
    return states([dataset], today)[dataset.pk]
