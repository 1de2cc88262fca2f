"""Working-day arithmetic on the official calendar (spec §2, "Working-day engine").

A working day is a Monday to Friday that is not a State-Council holiday, plus any Saturday or Sunday the
State Council names as a make-up working day (调休上班). For "within N working days from day X"
(《政府信息公开条例》 Arts. 30, 33) the start day is not counted: the deadline is the N-th working day
after it, so it never falls on a rest day.

This module knows no database: a :class:`Calendar` carries the exceptions to the weekend rule and the
years whose official arrangement is known. A date in a year that is not known is computed on weekends
only, and every answer that used such a date says so (``provisional``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_DAYS = 365  # the largest span the public calculator and the API accept

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    """Exceptions to the weekend rule (date -> is a working day) and the years they cover."""

    exceptions: Mapping[dt.date, bool] = field(default_factory=dict)
    known_years: frozenset[int] = frozenset()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def is_known(self, day: dt.date) -> bool:
        return day.year in self.known_years


@dataclass(frozen=True)
class Result:
    due: dt.date
    provisional: bool


def add_working_days(start: dt.date, days: int, calendar: Calendar) -> Result:
    """The ``days``-th working day after ``start`` (start not counted). ``days == 0`` returns ``start``."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, counted = start, 0
    provisional = False
    while counted < days:
        day += ONE_DAY
        provisional = provisional or not calendar.is_known(day)
        if calendar.is_workday(day):
            counted += 1
    return Result(due=day, provisional=provisional)


def working_days_between(first: dt.date, last: dt.date, calendar: Calendar) -> tuple[int, bool]:
    """Working days in the half-open interval (first, last], and whether the count is provisional.

    Used to measure pauses (spec §2.1: the day a letter goes out still counts, the day the answer arrives
    does not count again) and how many working days a reply took. Negative if ``last`` precedes ``first``.
    """
    if last < first:
        count, provisional = working_days_between(last, first, calendar)
        return -count, provisional
    count, provisional, day = 0, False, first
    while day < last:
        day += ONE_DAY
        provisional = provisional or not calendar.is_known(day)
        count += calendar.is_workday(day)
    return count, provisional


def span_for(start: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """A date range certain to contain the answer of ``add_working_days(start, days)``.

    Chinese calendars never rest more than nine days in a row, so 2 calendar days per working day plus
    a month is ample; callers load the calendar for this range only.
    """
    return start, start + dt.timedelta(days=2 * days + 31)
