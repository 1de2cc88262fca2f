"""The deadline of 双随机、一公开 results, on the official working-day calendar.

市场监管总局《关于全面推行“双随机、一公开”监管工作的通知》 and the provincial rules that follow it ask that the
results of a random inspection be made public within 20 working days of their being formed; a plan's results are
taken as formed when its inspection period ends, so they are due 20 working days after ``ends_on``.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core import calendar as cal
from gongkai.core import workdays

RESULT_WORKING_DAYS = 20


def results_due(ends_on: dt.date) -> dt.date:
    return cal.add_working_days(ends_on, RESULT_WORKING_DAYS).due


def results_due_for(ends_ons) -> dict[dt.date, dt.date]:
    """The deadline of each end date, from one read of the calendar (a list of plans, not a read per plan)."""
    ends = set(ends_ons)
    if not ends:
        return {}
    calendar = cal.load(min(ends), max(ends) + dt.timedelta(days=RESULT_WORKING_DAYS * 3))
    return {end: workdays.add_working_days(end, RESULT_WORKING_DAYS, calendar).due for end in ends}
