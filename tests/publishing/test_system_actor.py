"""A job names itself (系统（job）) and passes every check; a missing actor (None) is refused, never a bypass."""

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import InformationItem
from tests.publishing.conftest import catalogs, make_item, valid_fields

__all__ = ["catalogs"]


def test_a_missing_actor_is_refused_by_every_publishing_service(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    calls = {
        "create_item": lambda: services.create_item(actor=None, unit=catalogs.dept_a, **valid_fields()),
        "import_item": lambda: services.import_item(
            actor=None, unit=catalogs.dept_a, published_at=item.created_at, **valid_fields()
        ),
        "update_item": lambda: services.update_item(
            actor=None, item=item, expected_version=None, title="新标题"
        ),
        "ensure_catalog": lambda: services.ensure_catalog(actor=None, unit=catalogs.street),
        "set_review_levels": lambda: services.set_review_levels(actor=None, unit=catalogs.dept_a, levels=2),
        "set_validity": lambda: services.set_validity(
            actor=None, item=item, validity="expired", changed_on=None
        ),
        "add_attachment": lambda: services.add_attachment(
            actor=None, item=item, data=b"%PDF-1.4", name="a.pdf"
        ),
        "publish_due_items": lambda: services.publish_due_items(actor=None),
        "expire_documents": lambda: services.expire_documents(actor=None),
    }
    events = AuditEvent.objects.count()
    for name, call in calls.items():
        with pytest.raises(PermissionDenied):
            call()
            pytest.fail(f"{name} accepted no actor")
    assert AuditEvent.objects.count() == events
    assert InformationItem.objects.count() == 1


def test_a_job_creates_an_item_as_the_system_named_after_it(catalogs):
    item = services.create_item(actor=system("import_items"), unit=catalogs.dept_a, **valid_fields())
    assert item.created_by is None and item.updated_by is None
    event = AuditEvent.objects.get(action="publishing.item.created", object_id=str(item.pk))
    assert event.actor is None and event.actor_name == "系统（import_items）"
