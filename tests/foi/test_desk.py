"""The staff desk: registering paper applications, the clock explained, recording steps."""

import datetime as dt

import pytest
import time_machine

from gongkai.foi import services
from gongkai.foi.models import Application
from tests.conftest import logged_in
from tests.foi.conftest import DESK, applicant

pytestmark = pytest.mark.django_db


def test_staff_register_a_letter_with_its_receipt_date(tree, editor_a):
    client = logged_in(editor_a)
    data = {
        "unit": tree.dept_a.pk,
        "channel": "mail_signed",
        "received_on": "2019-09-20",
        "submission_key": "k1",
        **applicant(),
    }
    response = client.post("/manage/admin/foi/application/intake/", data, follow=True)
    application = Application.objects.get()
    assert (application.channel, application.received_on, application.due_on) == (
        "mail_signed", dt.date(2019, 9, 20), dt.date(2019, 10, 23)
    )  # fmt: skip
    assert application.created_by == editor_a
    assert application.tracking_code in response.text and "查询密码" in response.text


def test_intake_refuses_another_units_and_future_dates(tree, editor_a):
    client = logged_in(editor_a)
    other = client.post(
        "/manage/admin/foi/application/intake/",
        {"unit": tree.dept_b.pk, "channel": "fax", "received_on": "2024-03-01", **applicant()},
    )
    assert "不在可选范围内" in other.text or "请选择受理机关" in other.text
    future = client.post(
        "/manage/admin/foi/application/intake/",
        {"unit": tree.dept_a.pk, "channel": "fax", "received_on": "2099-01-01", **applicant()},
    )
    assert "收到申请日期不能晚于今天" in future.text
    assert not Application.objects.exists()


def test_desk_explains_which_days_were_not_counted(lodge, editor_a):
    with time_machine.travel(dt.datetime(2019, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        application = lodge(dt.date(2019, 9, 20))
        services.record_event(
            actor=DESK,
            application=application,
            kind="consultation_started",
            on=dt.date(2019, 9, 25),
            party="某公司",
        )
        services.record_event(
            actor=DESK,
            application=application,
            kind="consultation_ended",
            on=dt.date(2019, 10, 15),
            party="某公司",
        )
        page = logged_in(editor_a).get(f"/manage/admin/foi/application/{application.pk}/change/").text
    assert "11个工作日不计算在内" in page
    assert "2019-09-29：征求第三方或其他机关意见期间不计算在答复期限内" in page
    assert "2019年11月7日" in page


def test_recording_a_step_from_the_desk(lodge, editor_a):
    application = lodge(dt.date(2024, 3, 1))
    client = logged_in(editor_a)
    response = client.post(
        f"/manage/admin/foi/application/{application.pk}/events/",
        {"kind": "extended", "on": "2024-03-20", "days": "20"},
        follow=True,
    )
    assert "负责人同意" in response.text  # refused, with the reason
    assert not application.events.filter(kind="extended").exists()
