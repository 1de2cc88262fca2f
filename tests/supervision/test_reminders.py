"""The reminder scanner claims each reminder before sending it: two runs at once send each reminder once; a dry
run sends and records nothing; every reminder sent is recorded as the job's."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.supervision import services
from gongkai.supervision.models import Assignment, Reminder
from tests.supervision.conftest import staff

SCANNER = system("send_supervision_reminders")
OVERDUE_DAY = dt.date(2019, 10, 14)  # the third quarter's reports were due on 12 October 2019


@pytest.fixture
def emails(seed_plan):
    """Every unit with a task has one staff member with an address, so each reminder is an e-mail."""
    editor = staff("fgw_editor")
    editor.email = "fgw@example.com"
    editor.save()
    return Assignment.objects.filter(task__plan=seed_plan, unit=editor.unit).count()


def test_two_overlapping_runs_send_each_reminder_once(seed_plan, emails, mailoutbox):
    everyone = Assignment.objects.filter(task__plan=seed_plan).count()
    first = services.iter_reminders(actor=SCANNER, today=OVERDUE_DAY)
    second = services.iter_reminders(actor=SCANNER, today=OVERDUE_DAY)
    taken_first = [next(first)]  # the first run has read every due reminder and sent one
    taken_second = list(second)  # the second, started meanwhile, sends the rest
    taken_first += list(first)  # the first goes on through the rows it read: each was claimed already
    assert len(taken_first) == 1 and len(taken_second) == everyone - 1
    assert Reminder.objects.filter(stage="overdue").count() == everyone
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert len(mailoutbox) == emails  # one e-mail per reminder of the unit that has an address
    assert AuditEvent.objects.filter(action="supervision.reminder_sent").count() == everyone


def test_a_later_run_sends_nothing_again(seed_plan, emails, mailoutbox):
    assert len(services.send_reminders(actor=SCANNER, today=OVERDUE_DAY)) > 0
    sent = len(mailoutbox)
    assert services.send_reminders(actor=SCANNER, today=OVERDUE_DAY + dt.timedelta(days=1)) == []
    assert len(mailoutbox) == sent


def test_each_reminder_sent_is_recorded_as_the_job_with_its_recipients(seed_plan, emails):
    services.send_reminders(actor=SCANNER, today=OVERDUE_DAY)
    editor = staff("fgw_editor")
    event = AuditEvent.objects.filter(action="supervision.reminder_sent", unit=editor.unit).first()
    assert event.actor is None and event.actor_name == "系统（send_supervision_reminders）"
    assert event.changes == {"period": "2019年第3季度", "stage": "overdue", "recipients": 1}
    assert Reminder.objects.filter(assignment__unit=editor.unit, recipients=1).count() == emails


def test_a_dry_run_lists_what_is_due_and_sends_nothing(seed_plan, emails, mailoutbox, capsys):
    due = services.send_reminders(actor=SCANNER, today=OVERDUE_DAY, dry_run=True)
    assert len(due) == Assignment.objects.filter(task__plan=seed_plan).count()
    call_command("send_supervision_reminders", "--today", "2019-10-14", "--dry-run")
    assert f"dry run: {len(due)} report(s) would be reminded, nothing sent" in capsys.readouterr().out
    assert not Reminder.objects.exists() and mailoutbox == []
    assert not AuditEvent.objects.filter(action="supervision.reminder_sent").exists()


def test_reminders_need_an_actor(seed_plan):
    with pytest.raises(PermissionDenied):
        services.send_reminders(actor=None, today=OVERDUE_DAY)
    with pytest.raises(PermissionDenied):
        services.send_reminders(actor=staff("fgw_admin"), today=OVERDUE_DAY)
    assert not Reminder.objects.exists()
