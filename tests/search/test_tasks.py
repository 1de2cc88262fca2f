"""Indexing runs on the task queue: enqueued once a change commits, done by the worker (`gongkai db_worker`)."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from gongkai.search import index, registry
from gongkai.search.models import SearchDocument
from gongkai.search.tasks import index_document
from tests.publishing.conftest import catalogs, make_item, publish

__all__ = ["catalogs"]

ITEM = "publishing.informationitem"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def standard_catalog(transactional_db):
    """The standard catalog template a migration loads: a transactional test's flush removed it before."""
    from django.apps import apps

    from gongkai.publishing import standard

    standard.load(apps)


def indexed(item) -> bool:
    return SearchDocument.objects.filter(source=ITEM, source_id=item.pk).exists()


@pytest.mark.django_db(
    transaction=True
)  # the worker checks its connection as a process does, outside a test's transaction
def test_the_worker_indexes_a_published_item_from_the_database_queue(
    settings, standard_catalog, catalogs, editor_a, reviewer_a
):
    settings.TASKS = DATABASE_TASKS
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    assert not indexed(item)  # published, and waiting in the queue
    waiting = [(r.task_path, r.args_kwargs["args"]) for r in DBTaskResult.objects.ready()]
    assert ("gongkai.search.tasks.index_document", [ITEM, item.pk]) in waiting

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    assert indexed(item)
    assert not DBTaskResult.objects.ready().exists()
    assert not DBTaskResult.objects.failed().exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_one_task_at_a_time_when_bounded(
    settings, standard_catalog, catalogs, editor_a, reviewer_a
):
    settings.TASKS = DATABASE_TASKS
    first = make_item(catalogs.dept_a, actor=editor_a, title="关于第一批项目的通知")
    second = make_item(catalogs.dept_a, actor=editor_a, title="关于第二批项目的通知")
    DBTaskResult.objects.all().delete()  # what creating them queued
    publish(first, editor_a, reviewer_a)
    publish(second, editor_a, reviewer_a)
    queued = DBTaskResult.objects.ready().count()

    call_command("db_worker", "--max-tasks", "1", "--no-reload", "--no-startup-delay", stdout=io.StringIO())

    assert DBTaskResult.objects.successful().count() == 1
    assert DBTaskResult.objects.ready().count() == queued - 1


def test_reindexing_waits_for_the_commit_and_a_rollback_queues_nothing(
    catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks
):
    item = make_item(catalogs.dept_a, actor=editor_a)
    with django_capture_on_commit_callbacks() as queued, pytest.raises(RuntimeError), transaction.atomic():
        publish(item, editor_a, reviewer_a)
        raise RuntimeError("the request failed after publishing")
    assert queued == []
    with django_capture_on_commit_callbacks() as queued:
        publish(item, editor_a, reviewer_a)
    assert len(queued) >= 1 and not indexed(item)  # queued for the commit, not done inside the transaction


def test_indexing_is_idempotent_and_removes_what_is_no_longer_public(
    catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    index_document.enqueue(ITEM, item.pk)
    index_document.enqueue(ITEM, item.pk)
    assert SearchDocument.objects.filter(source=ITEM, source_id=item.pk).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        from gongkai.publishing import services

        services.withdraw_item(actor=reviewer_a, item=item, reason="已过时")
    assert not indexed(item)
    index.index_document(ITEM, item.pk)  # again: nothing to remove, nothing fails
    assert not indexed(item)


def test_every_app_with_public_documents_registers_them():
    assert {s.name for s in registry.sources()} == {
        "publishing.informationitem",
        "interaction.message",
        "interaction.faqentry",
        "gazette.issue",
        "registers.power",
        "registers.decision",
        "registers.fee",
        "registers.budget",
        "spotchecks.plan",
        "datasets.release",
        "guides.serviceguide",
    }
    assert list(registry.doc_numbers("临发改[2024]33号")) == ["临发改〔2024〕33号"]
    assert list(registry.doc_numbers("义务教育")) == []


def test_an_unknown_source_is_a_clear_error():
    with pytest.raises(LookupError, match="no search source"):
        registry.get("nothing.here")
