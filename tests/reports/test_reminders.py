"""Report reminders from 1 January, and overdue from 1 February (departments) or 1 April (governments)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM
from gongkai.reports import services

pytestmark = pytest.mark.django_db


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC), tick=False)


def test_stages_follow_the_statutory_dates(tree):
    d = dt.date
    assert services.reminder_stage(tree.dept_a, 2024, d(2024, 12, 30)) is None
    assert services.reminder_stage(tree.dept_a, 2024, d(2025, 1, 2)) == "start"
    assert (
        services.reminder_stage(tree.dept_a, 2024, d(2025, 1, 16)) == "10wd"
    )  # Spring Festival 2025 is 1-28..2-4
    assert services.reminder_stage(tree.dept_a, 2024, d(2025, 2, 1)) == "overdue"
    assert services.reminder_stage(tree.county, 2024, d(2025, 2, 1)) == "start"
    assert services.reminder_stage(tree.county, 2024, d(2025, 4, 1)) == "overdue"


def test_each_stage_is_sent_once_and_published_units_are_left_alone(tree, editor_a, editor_b):
    core_services.update_staff(actor=SYSTEM, staff=editor_a, email="a@linyi.gov.cn")
    core_services.update_staff(actor=SYSTEM, staff=editor_b, email="b@linyi.gov.cn")
    from gongkai.reports.models import AnnualReport

    AnnualReport.objects.create(unit=tree.dept_b, year=2024, status="published")
    with at(dt.date(2025, 1, 2)):
        call_command("send_report_reminders")
        call_command("send_report_reminders")
    assert [m.to for m in mail.outbox] == [["a@linyi.gov.cn"]]
    assert "应于2025年01月31日前发布" in mail.outbox[0].subject
    with at(dt.date(2025, 2, 3)):
        call_command("send_report_reminders")
    assert "已逾期" in mail.outbox[-1].subject and len(mail.outbox) == 2
