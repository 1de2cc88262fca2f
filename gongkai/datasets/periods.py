"""Reporting periods of a dataset (月度 2026-10, 季度 2026-Q3, 年度 2026) and their due dates.

A period's release is due on the Nth working day after the period ends (the first working day of the next
period counts as the 1st), counted on the official holiday calendar with its make-up workdays: "每月数据于次月
第10个工作日前发布". The arithmetic is pure: the caller passes a loaded ``workdays.Calendar``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai.core import workdays

MONTHLY, QUARTERLY, YEARLY = "monthly", "quarterly", "yearly"

# The canonical forms (2026-10, 2026-Q3, 2026) and the ways people write them (2026-1, 2026年10月, 2026Q3,
# 2026年第3季度, 2026年).
_FORMS = {
    MONTHLY: re.compile(r"^(\d{4})(?:-|/|\.|年)(\d{1,2})月?$"),
    QUARTERLY: re.compile(r"^(\d{4})(?:-|年)?(?:[Qq]|第)([1-4])(?:季度)?$"),
    YEARLY: re.compile(r"^(\d{4})年?$"),
}
EXAMPLES = {MONTHLY: "2026-10", QUARTERLY: "2026-Q3", YEARLY: "2026"}
# How far back a dataset's expected periods are looked for, at most (a dataset started long ago and never
# released is late for this many periods, not for decades of them).
LOOK_BACK = 36


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    frequency: str
    code: str

    @property
    def label(self) -> str:
        if self.frequency == MONTHLY:
            return f"{self.start.year}年{self.start.month}月"
        if self.frequency == QUARTERLY:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    def next(self) -> Period:
        return period_of(self.frequency, self.end + dt.timedelta(days=1))

    def previous(self) -> Period:
        return period_of(self.frequency, self.start - dt.timedelta(days=1))


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_of(frequency: str, day: dt.date) -> Period:
    """The period of ``frequency`` that contains ``day``."""
    if frequency == MONTHLY:
        start = day.replace(day=1)
        return Period(start, _month_end(day.year, day.month), frequency, f"{day.year}-{day.month:02d}")
    if frequency == QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        start = dt.date(day.year, quarter * 3 - 2, 1)
        return Period(start, _month_end(day.year, quarter * 3), frequency, f"{day.year}-Q{quarter}")
    if frequency == YEARLY:
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), frequency, str(day.year))
    raise ValueError(f"unknown frequency {frequency!r}")


def parse(frequency: str, code: str) -> Period:
    """The period written as ``code`` (2026-10, 2026-Q3, 2026); ValueError when it is not one of
    ``frequency``'s form."""
    match = _FORMS[frequency].match((code or "").strip())
    if not match:
        raise ValueError(code)
    year = int(match.group(1))
    if not 1949 <= year <= 2100:
        raise ValueError(code)
    if frequency == MONTHLY:
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(code)
        return period_of(frequency, dt.date(year, month, 1))
    if frequency == QUARTERLY:
        return period_of(frequency, dt.date(year, int(match.group(2)) * 3 - 2, 1))
    return period_of(frequency, dt.date(year, 1, 1))


def ended_since(frequency: str, first_day: dt.date, today: dt.date) -> list[Period]:
    """The periods from the one containing ``first_day`` up to the last one ended before ``today``, oldest
    first (at most ``LOOK_BACK``)."""
    found: list[Period] = []
    period = period_of(frequency, today).previous()
    while period.end >= first_day and len(found) < LOOK_BACK:
        found.append(period)
        period = period.previous()
    return found[::-1]


def due_on(period: Period, nth: int, calendar: workdays.Calendar) -> dt.date:
    """The Nth working day after the period ends."""
    return workdays.add_working_days(period.end, nth, calendar).due


def calendar_span(first_day: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a calendar must cover to answer due dates of periods from ``first_day`` to those ending
    around ``today`` (the longest rule, 60 working days, with the Spring Festival, stays within 120 days)."""
    return min(first_day, today) - dt.timedelta(days=400), today + dt.timedelta(days=500)
