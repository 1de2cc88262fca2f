"""Working days left for a whole list page, from one read of the calendar."""

import datetime as dt

import pytest

from gongkai.core import calendar as cal

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 9, 27)  # before the 2019 National Day week and its make-up Saturday (12 October)


def test_days_left_for_a_page_are_those_counted_one_date_at_a_time(django_assert_num_queries):
    dues = [
        dt.date(2019, 9, 10),  # already past: negative
        TODAY,
        dt.date(2019, 9, 29),  # a make-up Sunday
        dt.date(2019, 10, 15),  # across the holiday week
        dt.date(2020, 1, 20),  # into the next year
        dt.date(2031, 3, 3),  # a year with no arrangement entered
    ]
    expected = {due: cal.working_days_between(TODAY, due)[0] for due in dues}
    with django_assert_num_queries(2):
        left = cal.working_days_left(TODAY, dues)
    assert left == expected
    assert left[dt.date(2019, 10, 15)] == 9  # 29, 30 Sept; 8-12 Oct (12th a make-up Saturday); 14, 15 Oct


def test_a_page_with_no_open_row_reads_the_calendar_all_the_same(django_assert_num_queries):
    with django_assert_num_queries(2):
        assert cal.working_days_left(TODAY, []) == {}
