"""Reminders 5, 3 and 1 working days before a reply is due, each sent once."""

import datetime as dt
import io
import threading

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection, connections

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM, system
from gongkai.core.models import AuditEvent
from gongkai.foi import services
from gongkai.foi.models import Application
from tests.foi.conftest import DESK

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
    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="editor_a@linyi.gov.cn")
    application = lodge(dt.date(2024, 3, 1))
    with at(dt.date(2024, 3, 20)):
        services.record_event(
            actor=DESK,
            application=application,
            kind="answered",
            on=dt.date(2024, 3, 20),
            outcome="granted",
            reply_text="予以公开",
        )
    with at(dt.date(2024, 3, 22)):
        call_command("send_foi_reminders")
    assert mail.outbox == []


# Two scanners at once ----------------------------------------------------------------------------------


@pytest.fixture
def three_due(lodge, editor_a):
    """Three applications of dept_a due Fri 2024-03-29; on 2024-03-22 each owes its 5-day reminder."""
    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="editor_a@linyi.gov.cn")
    return [lodge(dt.date(2024, 3, 1)) for _ in range(3)]


def test_two_runs_reading_the_same_due_rows_send_each_reminder_once(three_due):
    job = system("send_foi_reminders")
    with at(dt.date(2024, 3, 22)):
        first_run = services.due_reminders(dt.date(2024, 3, 22))
        second_run = services.due_reminders(dt.date(2024, 3, 22))  # read before the first run claimed any
        assert len(first_run) == len(second_run) == 3
        assert [services.send_reminder(actor=job, reminder=r) for r in first_run] == [True] * 3
        assert [services.send_reminder(actor=job, reminder=r) for r in second_run] == [False] * 3
    assert len(mail.outbox) == 3
    records = AuditEvent.objects.filter(action="foi.application.reminded")
    assert sorted(records.values_list("object_id", flat=True)) == sorted(str(a.pk) for a in three_due)
    assert set(records.values_list("actor_name", flat=True)) == {"系统（send_foi_reminders）"}
    assert set(Application.objects.values_list("reminded_at_days", flat=True)) == {5}


def test_a_dry_run_lists_the_reminders_and_writes_and_sends_nothing(three_due):
    out = io.StringIO()
    with at(dt.date(2024, 3, 22)):
        call_command("send_foi_reminders", "--dry-run", stdout=out)
    assert "would remind for 3 application(s)" in out.getvalue()
    assert all(a.tracking_code in out.getvalue() for a in three_due)
    assert mail.outbox == [] and not AuditEvent.objects.filter(action="foi.application.reminded").exists()
    assert set(Application.objects.values_list("reminded_at_days", flat=True)) == {None}


def test_reminders_refuse_a_missing_actor(three_due):
    with at(dt.date(2024, 3, 22)), pytest.raises(PermissionDenied):
        services.send_reminders(actor=None)
    assert mail.outbox == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_scanners_running_at_the_same_time_send_each_reminder_once(three_due):
    start = threading.Barrier(2)
    errors = []

    def scanner():
        try:
            start.wait()
            call_command("send_foi_reminders", stdout=io.StringIO())
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with at(dt.date(2024, 3, 22)):
        threads = [threading.Thread(target=scanner) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="foi.application.reminded").count() == 3
