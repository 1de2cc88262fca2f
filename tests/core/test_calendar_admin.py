"""The openness office maintains the holiday calendar in the back office, as the README describes."""

import datetime as dt

import pytest

from gongkai.core import calendar as cal
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_office_enters_a_new_year_through_the_back_office(office):
    client = logged_in(office)
    index = client.get("/manage/admin/")
    assert "节假日安排尚未录入" in index.text  # next year's arrangement is missing

    response = client.post(
        "/manage/admin/core/calendarday/add/",
        {"date": "2027-10-01", "kind": "holiday", "name": "国庆节", "source": "国办发明电〔2026〕X号"},
    )
    assert response.status_code == 302, response.content
    response = client.post(
        "/manage/admin/core/calendaryear/add/",
        {"year": "2027", "source": "国务院办公厅关于2027年部分节假日安排的通知"},
    )
    assert response.status_code == 302, response.content

    assert not cal.is_workday(dt.date(2027, 10, 1))
    assert CalendarYear.objects.filter(year=2027).exists()
    assert cal.add_working_days(dt.date(2027, 9, 30), 1).due == dt.date(2027, 10, 4)
    assert set(AuditEvent.objects.filter(actor=office).values_list("action", flat=True)) == {
        "core.calendar.day_set",
        "core.calendar.year_set",
    }


def test_a_makeup_workday_must_be_a_weekend_day(office):
    response = logged_in(office).post(
        "/manage/admin/core/calendarday/add/",
        {"date": "2027-10-08", "kind": "workday", "name": "国庆节", "source": ""},
    )
    assert response.status_code == 200
    assert "调休上班日应为星期六或星期日" in response.text
    assert not CalendarDay.objects.filter(date="2027-10-08").exists()


def test_editors_cannot_change_the_calendar(editor_a):
    client = logged_in(editor_a)
    assert client.get("/manage/admin/core/calendarday/add/").status_code == 403
    response = client.post(
        "/manage/admin/core/calendarday/add/", {"date": "2027-10-01", "kind": "holiday", "name": "x"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date="2027-10-01").exists()
