"""One month arithmetic for every rule (credit repair periods, three months unanswered, six months stale)."""

import datetime as dt

import pytest

from gongkai.core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 5, 31), -3, dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 15), -6, dt.date(2025, 9, 15)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 7), 60, dt.date(2031, 12, 7)),
        (dt.date(2026, 12, 7), 0, dt.date(2026, 12, 7)),
    ],
)
def test_a_month_later_or_earlier_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
