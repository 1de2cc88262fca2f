"""publish_now: a reviewer puts a scheduled (待定时发布) item online before its time, through the checks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.publishing import services, workflow
from gongkai.publishing.models import LexiconEntry, Status
from tests.publishing.conftest import make_item

pytestmark = pytest.mark.django_db


def scheduled(unit, editor, reviewer):
    item = make_item(unit, actor=editor, scheduled_at=timezone.now() + dt.timedelta(days=2))
    services.submit_item(actor=editor, item=item)
    return services.approve_item(actor=reviewer, item=item)


def test_reviewer_publishes_a_scheduled_item_now(catalogs, editor_a, reviewer_a):
    item = scheduled(catalogs.dept_a, editor_a, reviewer_a)
    assert item.status == Status.SCHEDULED and not item.published_at
    item = services.publish_now(actor=reviewer_a, item=item)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at and item.index_no
    assert AuditEvent.objects.filter(
        action="publishing.item.publish_scheduled", object_id=str(item.pk)
    ).exists()


def test_an_editor_may_not_publish_now(catalogs, editor_a, reviewer_a):
    item = scheduled(catalogs.dept_a, editor_a, reviewer_a)
    with pytest.raises(PermissionDenied):
        services.publish_now(actor=editor_a, item=item)
    item.refresh_from_db()
    assert item.status == Status.SCHEDULED


def test_only_a_scheduled_item_is_published_now(catalogs, editor_a, reviewer_a):
    draft = make_item(catalogs.dept_a, actor=editor_a)
    with pytest.raises(workflow.TransitionError):
        services.publish_now(actor=reviewer_a, item=draft)


def test_publishing_now_runs_the_checks_again(catalogs, editor_a, reviewer_a):
    item = scheduled(catalogs.dept_a, editor_a, reviewer_a)
    LexiconEntry.objects.create(term="能源保供", kind="forbidden", severity="block")
    with pytest.raises(services.ChecksFailed):
        services.publish_now(actor=reviewer_a, item=item)
    item.refresh_from_db()
    assert item.status == Status.SCHEDULED
