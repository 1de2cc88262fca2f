"""The working-day engine against the worked examples of spec §2.6, plus cases of our own."""

import datetime as dt

import pytest

from gongkai.core import calendar as cal
from gongkai.core import services, workdays
from gongkai.core.models import DayKind

D = dt.date.fromisoformat

# spec §2.6 test-vector table: start, N, expected, naive Mon-Fri answer (None where the spec gives none)
SPEC_VECTORS = [
    ("2019-09-20", 20, "2019-10-23", "2019-10-18"),
    ("2019-09-26", 7, "2019-10-11", "2019-10-07"),
    ("2019-09-25", 20, "2019-10-28", "2019-10-23"),
    ("2019-10-23", 20, "2019-11-20", "2019-11-20"),
    ("2024-02-01", 20, "2024-03-05", "2024-02-29"),
    ("2024-02-07", 7, "2024-02-22", "2024-02-16"),
    ("2024-02-08", 20, "2024-03-13", "2024-03-07"),
    ("2024-03-19", 20, "2024-04-17", None),
    ("2025-01-24", 20, "2025-02-27", "2025-02-21"),
    ("2026-02-13", 20, "2026-03-19", None),
    ("2026-09-30", 20, "2026-11-03", None),
    # worked examples in the prose of §2.6
    ("2019-09-26", 15, "2019-10-22", None),  # B: third party's 15 WD
    ("2019-10-23", 11, "2019-11-07", None),  # B: reply due moved by 11 paused WD
    ("2019-11-07", 20, "2019-12-05", None),  # B: + approved extension
    ("2024-02-20", 20, "2024-03-19", None),  # E: clock restarts after 补正
    ("2019-09-27", 20, "2019-10-30", None),  # F: proactive publication
    ("2024-03-01", 20, "2024-03-29", None),  # H: fee payment
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "expected", "naive"), SPEC_VECTORS)
def test_spec_vectors_on_the_official_calendar(start, days, expected, naive):
    result = cal.add_working_days(D(start), days)
    assert result.due == D(expected)
    assert result.provisional is False
    if naive is not None:
        weekends_only = workdays.add_working_days(D(start), days, workdays.Calendar(known_years=frozenset()))
        assert weekends_only.due == D(naive)


@pytest.mark.django_db
def test_pause_of_example_b_counts_eleven_working_days():
    # Letter sent Wed 2019-09-25, opinion back Tue 2019-10-15: (9-25, 10-15] holds 11 working days.
    assert cal.working_days_between(D("2019-09-25"), D("2019-10-15")) == (11, False)


@pytest.mark.django_db
def test_the_due_date_is_never_a_rest_day_in_2024():
    calendar = cal.load(D("2024-01-01"), D("2025-03-31"))
    start = D("2024-01-01")
    while start.year == 2024:
        for days in (1, 7, 15, 20):
            due = workdays.add_working_days(start, days, calendar).due
            assert calendar.is_workday(due), (start, days, due)
        start += dt.timedelta(days=1)


@pytest.mark.django_db
def test_makeup_saturday_counts_and_national_day_does_not():
    assert cal.is_workday(D("2019-10-12"))  # 调休上班 Saturday
    assert not cal.is_workday(D("2019-10-02"))  # Wednesday inside the National Day break
    assert not cal.is_workday(D("2024-02-17"))
    assert cal.is_workday(D("2024-02-09"))  # 除夕 2024 was officially a working day


def test_zero_days_is_the_start_day_itself():
    result = workdays.add_working_days(D("2024-02-10"), 0, workdays.Calendar(known_years=frozenset({2024})))
    assert result == workdays.Result(due=D("2024-02-10"), provisional=False)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(D("2024-02-10"), -1, workdays.Calendar())


def test_between_is_negative_when_reversed():
    calendar = workdays.Calendar(known_years=frozenset({2024}))
    assert workdays.working_days_between(D("2024-03-08"), D("2024-03-04"), calendar) == (-4, False)


@pytest.mark.django_db
def test_a_year_without_data_is_weekends_only_and_provisional_until_entered(office):
    start = D("2026-12-24")  # a deadline of 20 working days reaches into 2027
    before = cal.add_working_days(start, 20)
    assert before.provisional is True
    assert before.due == D("2027-01-21")  # weekends only: 1 January 2027 counted as a working day

    # The openness office enters 2027's New Year holiday and declares the year known.
    services.set_calendar_day(actor=office, date=D("2027-01-01"), kind=DayKind.HOLIDAY, name="元旦")
    services.set_calendar_year(actor=office, year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    after = cal.add_working_days(start, 20)
    assert after.provisional is False
    assert after.due == D("2027-01-22")


@pytest.mark.django_db
def test_package_years_are_all_seeded():
    years = cal.package_years()
    assert years.start == 2004
    assert years.stop - 1 >= 2026
    for year in (2004, 2019, 2024, 2026):
        assert cal.arrangement(year).known
