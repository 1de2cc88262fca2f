"""Reminders 5, 3 and 1 working days before a reply is due, each sent once."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM

pytestmark = pytest.mark.django_db


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC), tick=False)


def test_reminders_at_five_three_and_one_working_days(lodge, editor_a):
    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="editor_a@linyi.gov.cn")
    application = lodge(dt.date(2024, 3, 1))  # due Fri 2024-03-29
    assert application.due_on == dt.date(2024, 3, 29)
    with at(dt.date(2024, 3, 21)):  # 6 working days left: nothing yet
        call_command("send_foi_reminders")
    assert len(mail.outbox) == 0
    with at(dt.date(2024, 3, 22)):  # 5 left
        call_command("send_foi_reminders")
        call_command("send_foi_reminders")  # not twice
    assert len(mail.outbox) == 1 and "还有5个工作日" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["editor_a@linyi.gov.cn"]
    with at(dt.date(2024, 3, 26)):  # 3 left
        call_command("send_foi_reminders")
    with at(dt.date(2024, 3, 28)):  # 1 left
        call_command("send_foi_reminders")
    assert [m.subject.split("还有")[1] for m in mail.outbox] == ["5个工作日", "3个工作日", "1个工作日"]


def test_answered_applications_get_no_reminders(lodge, editor_a):
    from gongkai.foi import services

    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="editor_a@linyi.gov.cn")
    application = lodge(dt.date(2024, 3, 1))
    with at(dt.date(2024, 3, 20)):
        services.record_event(
            actor=None,
            application=application,
            kind="answered",
            on=dt.date(2024, 3, 20),
            outcome="granted",
            reply_text="予以公开",
        )
    with at(dt.date(2024, 3, 22)):
        call_command("send_foi_reminders")
    assert mail.outbox == []
