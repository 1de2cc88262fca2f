"""The official working-day calendar as stored in the database, and the questions other modules ask it.

Holidays and make-up workdays live in ``CalendarDay`` (seeded from the ``chinese-calendar`` package,
maintained by the openness office for later years); ``CalendarYear`` lists the years whose arrangement
is known. The arithmetic itself is in :mod:`gongkai.core.workdays`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from . import workdays
from .models import CalendarDay, CalendarYear, DayKind

PACKAGE_SOURCE = "chinese-calendar"


def package_year_source(year: int) -> str:
    """The basis of a year's arrangement as the public reads it (the package it was entered from is
    recorded on each day's ``source``, for staff)."""
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# chinese-calendar names holidays in English; the public pages and the API use the official names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def load(first: dt.date, last: dt.date) -> workdays.Calendar:
    """The calendar between two dates (two queries)."""
    exceptions = {
        day: kind == DayKind.MAKEUP_WORKDAY
        for day, kind in CalendarDay.objects.between(first, last).values_list("date", "kind")
    }
    years = frozenset(
        CalendarYear.objects.filter(year__gte=first.year, year__lte=last.year).values_list("year", flat=True)
    )
    return workdays.Calendar(exceptions=exceptions, known_years=years)


def add_working_days(start: dt.date, days: int) -> workdays.Result:
    return workdays.add_working_days(start, days, load(*workdays.span_for(start, days)))


def working_days_between(first: dt.date, last: dt.date) -> tuple[int, bool]:
    low, high = min(first, last), max(first, last)
    return workdays.working_days_between(first, last, load(low, high))


def working_days_left(today: dt.date, dues: Iterable[dt.date]) -> dict[dt.date, int]:
    """Working days from ``today`` to each due date (negative once past), as ``working_days_between`` counts
    them, from one read of the calendar: always two queries, however many dates (even none) a list page asks
    about, so the page costs the same whatever rows it shows."""
    dues = set(dues)
    span = dues | {today}
    calendar = load(min(span), max(span))
    return {due: workdays.working_days_between(today, due, calendar)[0] for due in dues}


def is_workday(day: dt.date) -> bool:
    return load(day, day).is_workday(day)


@dataclass(frozen=True)
class YearArrangement:
    year: int
    known: bool
    source: str
    holidays: list[CalendarDay]
    makeup_workdays: list[CalendarDay]


def arrangement(year: int) -> YearArrangement:
    record = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    return YearArrangement(
        year=year,
        known=record is not None,
        source=record.source if record else "",
        holidays=[d for d in days if d.kind == DayKind.HOLIDAY],
        makeup_workdays=[d for d in days if d.kind == DayKind.MAKEUP_WORKDAY],
    )


def package_years() -> range:
    """The years the installed chinese-calendar package covers."""
    from chinese_calendar import constants

    years = {day.year for day in constants.holidays}
    return range(min(years), max(years) + 1)


def package_days(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, Chinese name) for every holiday and make-up workday of ``year`` in the package."""
    from chinese_calendar import constants

    rows = [(d, DayKind.HOLIDAY, n) for d, n in constants.holidays.items() if d.year == year]
    rows += [(d, DayKind.MAKEUP_WORKDAY, n) for d, n in constants.workdays.items() if d.year == year]
    return sorted((d, kind, HOLIDAY_NAMES.get(name, name)) for d, kind, name in rows)
