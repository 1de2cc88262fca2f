"""Outgoing e-mail goes through the task queue: queued with the change that causes it, sent by the worker."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from gongkai.core.tasks import send_mail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)  # the worker checks its connection as a process does
def test_a_reminder_waits_in_the_queue_until_the_worker_sends_it(settings):
    settings.TASKS = DATABASE_TASKS
    send_mail(
        subject="【依申请公开】距答复期限还有3个工作日",
        message="请及时办理。",
        recipient_list=["a@linyi.gov.cn"],
    )
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("【依申请公开】距答复期限还有3个工作日", ["a@linyi.gov.cn"])
    ]
    assert DBTaskResult.objects.successful().count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_no_mail(settings):
    settings.TASKS = DATABASE_TASKS
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail(subject="提醒", message="请及时办理。", recipient_list=["a@linyi.gov.cn"])
        raise RuntimeError("the claim was rolled back")
    assert not DBTaskResult.objects.exists()


def test_in_tests_mail_is_sent_at_once_and_no_recipient_means_no_mail(db):
    send_mail(subject="提醒", message="请及时办理。", recipient_list=[])
    assert mail.outbox == []
    send_mail(subject="提醒", message="请及时办理。", recipient_list=["a@linyi.gov.cn"])
    assert len(mail.outbox) == 1
