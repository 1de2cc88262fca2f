"""The two publishing scanners (publish_scheduled, expire_documents): they act as a named system job, claim
each row with a conditional update, and two runs at once act on each row once."""

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import InformationItem, Status, Validity
from tests.publishing.conftest import catalogs, make_item, publish

__all__ = ["catalogs"]


def scheduled_items(catalogs, editor, reviewer, n: int) -> list[int]:
    later = timezone.now() + dt.timedelta(days=1)
    pks = [
        publish(make_item(catalogs.dept_a, actor=editor, scheduled_at=later), editor, reviewer).pk
        for _ in range(n)
    ]
    InformationItem.objects.filter(pk__in=pks).update(scheduled_at=timezone.now() - dt.timedelta(minutes=1))
    return pks


def test_scheduled_publication_is_recorded_as_the_named_job(catalogs, editor_a, reviewer_a):
    [pk] = scheduled_items(catalogs, editor_a, reviewer_a, 1)
    call_command("publish_scheduled", stdout=io.StringIO())
    event = AuditEvent.objects.get(action="publishing.item.publish_scheduled", object_id=str(pk))
    assert event.actor is None and event.actor_name == "系统（publish_scheduled）"
    assert event.changes["status"] == [Status.SCHEDULED, Status.PUBLISHED]


def test_expiry_is_recorded_as_the_named_job_and_dry_run_changes_nothing(published_item):
    out = io.StringIO()
    call_command("expire_documents", "--dry-run", stdout=out)
    assert f"would expire 1 document(s): {published_item.pk}" in out.getvalue()
    assert InformationItem.objects.get(pk=published_item.pk).validity == Validity.VALID
    call_command("expire_documents", stdout=io.StringIO())
    assert InformationItem.objects.get(pk=published_item.pk).validity == Validity.EXPIRED
    event = AuditEvent.objects.get(
        action="publishing.item.validity_changed", object_id=str(published_item.pk)
    )
    assert event.actor_name == "系统（expire_documents）"


@pytest.fixture
def published_item(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    InformationItem.objects.filter(pk=item.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    return item


def test_a_scanner_called_without_an_actor_is_refused(catalogs, editor_a, reviewer_a):
    scheduled_items(catalogs, editor_a, reviewer_a, 1)
    with pytest.raises(PermissionDenied):
        services.publish_due_items(actor=None)
    with pytest.raises(PermissionDenied):
        services.expire_documents(actor=None)
    assert InformationItem.objects.filter(status=Status.SCHEDULED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_publish_each_item_once(standard_catalog, catalogs, editor_a, reviewer_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers: concurrent runs are exercised on PostgreSQL")
    pks = scheduled_items(catalogs, editor_a, reviewer_a, 6)
    start = threading.Barrier(2)
    published: list[list[int]] = []

    def run():
        try:
            start.wait()
            published.append(services.publish_due_items(actor=system("publish_scheduled")))
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sorted(published[0] + published[1]) == sorted(pks)
    assert AuditEvent.objects.filter(action="publishing.item.publish_scheduled").count() == len(pks)
    assert set(InformationItem.objects.filter(pk__in=pks).values_list("status", flat=True)) == {
        Status.PUBLISHED
    }


@pytest.fixture
def standard_catalog(transactional_db):
    """The standard catalog template a migration loads: a transactional test's flush removed it before."""
    from django.apps import apps

    from gongkai.publishing import standard

    standard.load(apps)
