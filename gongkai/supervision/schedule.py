"""Report periods of a plan's schedule and their due dates (working days after the period ends)."""

from __future__ import annotations

import datetime as dt

from gongkai.core import calendar as cal
from gongkai.core import workdays

# Months in one report period, by the values of ``models.Schedule`` (this pure module imports no model).
MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6}


def _end_of(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def periods(schedule: str, year: int, first_day: dt.date | None = None) -> list[tuple[dt.date, dt.date]]:
    """The periods of ``year`` from the one holding ``first_day`` (the plan's issue date) to December."""
    step = MONTHS[schedule]
    out = []
    for month in range(1, 13, step):
        start, end = dt.date(year, month, 1), _end_of(year, month + step - 1)
        if first_day is None or end >= first_day:
            out.append((start, end))
    return out


def period_of(schedule: str, day: dt.date) -> tuple[dt.date, dt.date]:
    step = MONTHS[schedule]
    month = (day.month - 1) // step * step + 1
    return dt.date(day.year, month, 1), _end_of(day.year, month + step - 1)


def label(start: dt.date, end: dt.date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 1:
        return f"{start.year}年{start.month}月"
    if months == 3:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"


def plan_periods(plan) -> list[dict]:
    """Each period of ``plan`` with its due date (the calendar is read once for the whole year)."""
    spans = periods(plan.schedule, plan.year, plan.issued_on)
    if not spans:
        return []
    calendar = cal.load(spans[0][1], workdays.span_for(spans[-1][1], plan.report_due_days)[1])
    return [
        {"start": s, "end": e, "due": workdays.add_working_days(e, plan.report_due_days, calendar).due,
         "label": label(s, e)}
        for s, e in spans
    ]  # fmt: skip
