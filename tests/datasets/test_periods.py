"""Periods and their due dates, table by table (``datasets/periods.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import workdays
from gongkai.core.actors import system
from gongkai.datasets import periods, services

PLAIN = workdays.Calendar(exceptions={}, known_years=frozenset())


@pytest.mark.parametrize(
    ("frequency", "written", "code", "start", "end"),
    [
        ("monthly", "2026-10", "2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("monthly", "2026-2", "2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("monthly", "2028年2月", "2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("quarterly", "2026-Q3", "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("quarterly", "2026年第4季度", "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("yearly", "2025", "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_period_is_read_in_its_usual_forms(frequency, written, code, start, end):
    period = periods.parse(frequency, written)
    assert (period.code, period.start, period.end) == (code, start, end)


@pytest.mark.parametrize(("frequency", "written"), [("monthly", "2026-13"), ("monthly", "2026-Q3"),
                                                     ("quarterly", "2026-Q5"), ("yearly", "26"), ("monthly", "")])  # fmt: skip
def test_a_period_in_another_form_is_refused(frequency, written):
    with pytest.raises(ValueError):
        periods.parse(frequency, written)


def test_labels_and_neighbours():
    q = periods.parse("quarterly", "2026-Q1")
    assert q.label == "2026年第1季度" and q.previous().code == "2025-Q4" and q.next().code == "2026-Q2"
    assert periods.parse("monthly", "2026-01").previous().label == "2025年12月"


def test_the_due_day_is_the_nth_working_day_after_the_period():
    # On a calendar with weekends only, the 10th working day after 31 October 2026 (a Saturday) is 13 November.
    assert periods.due_on(periods.parse("monthly", "2026-10"), 10, PLAIN) == dt.date(2026, 11, 13)
    assert periods.due_on(periods.parse("monthly", "2026-10"), 1, PLAIN) == dt.date(2026, 11, 2)


def test_the_periods_owed_run_from_the_start_date_to_the_last_ended_one():
    owed = periods.ended_since("monthly", dt.date(2026, 8, 15), dt.date(2026, 11, 1))
    assert [p.code for p in owed] == ["2026-08", "2026-09", "2026-10"]
    assert len(periods.ended_since("monthly", dt.date(1990, 1, 1), dt.date(2026, 11, 1))) == periods.LOOK_BACK


@pytest.mark.django_db
def test_the_frequency_of_a_dataset_with_releases_cannot_change(published):
    with pytest.raises(ValidationError) as caught:
        services.save_dataset(actor=system("test"), unit=published.dataset.unit, dataset=published.dataset,
                              frequency="quarterly")  # fmt: skip
    assert "不能修改发布频次" in caught.value.message_dict["frequency"][0]
