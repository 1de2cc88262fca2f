"""Scans run through the task queue: the command queues, the worker runs; a lexicon or leader change queues
one lexicon re-scan when it commits, and a rolled-back change queues none."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from gongkai.core.models import Leader
from gongkai.publishing.models import LexiconEntry
from gongkai.scans.models import Check, RunStatus, ScanFinding, ScanRun, Trigger

from .conftest import published

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _work():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_a_scan_that_the_worker_runs(settings, tree):
    settings.TASKS = DATABASE_TASKS
    published(tree.dept_a, "公示", "<p>手机13953912345</p>")
    call_command("scan_archive", "--check", "personal", stdout=io.StringIO())
    run = ScanRun.objects.get()
    assert (run.kind, run.trigger, run.status) == (Check.PERSONAL, Trigger.COMMAND, RunStatus.QUEUED)
    assert not ScanFinding.objects.exists() and DBTaskResult.objects.ready().count() == 1
    _work()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.items == 1 and run.found == 1
    assert ScanFinding.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_lexicon_or_leader_change_queues_one_lexicon_rescan(settings, tree):
    settings.TASKS = DATABASE_TASKS
    published(tree.city, "会议", "<p>市长王建国出席，新冠肺炎防控。</p>")
    with transaction.atomic():
        LexiconEntry.objects.create(term="新冠肺炎", kind="misspelling", correction="新型冠状病毒感染")
        Leader.objects.create(organization=tree.city, name="王建国", title="副市长")
    assert ScanRun.objects.filter(kind=Check.LEXICON, trigger=Trigger.LEXICON_CHANGED).count() == 1
    _work()
    assert sorted(ScanFinding.objects.values_list("rule", flat=True)) == ["leader", "term"]
    with pytest.raises(RuntimeError), transaction.atomic():
        LexiconEntry.objects.create(term="最高级", kind="forbidden")
        raise RuntimeError("rolled back")
    assert ScanRun.objects.count() == 1


def test_the_command_can_run_at_once(tree):
    published(tree.dept_a, "公示", "<p>手机13953912345</p>")
    out = io.StringIO()
    call_command("scan_archive", "--now", stdout=out)
    assert "1 found" in out.getvalue() and ScanFinding.objects.count() == 1
