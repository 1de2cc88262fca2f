"""Calendar arithmetic the rules share (working days are in ``calendar.py``)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (earlier when negative); the month's last day when it has
    no such day (31 January + 1 month = 28 or 29 February; 31 May − 3 months = 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
