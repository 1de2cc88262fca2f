"""The audit log is append-only and hash-chained: tampering is detected by `gongkai verify_audit`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.core import audit, services
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _make_history(office, tree):
    for n in range(5):
        services.update_organization(actor=office, organization=tree.dept_a, phone=f"0539-800{n}")


def test_intact_chain_verifies(tree, office, capsys):
    _make_history(office, tree)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    assert audit.verify_chain().checked == AuditEvent.objects.count()


def test_orm_refuses_to_change_or_delete_records(tree, office):
    _make_history(office, tree)
    event = AuditEvent.objects.first()
    event.object_repr = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_editing_a_record_in_the_database_is_detected(tree, office):
    _make_history(office, tree)
    victim = AuditEvent.objects.order_by("seq")[3]
    _raw("UPDATE core_auditevent SET changes = %s WHERE id = %s", ['{"phone": ["x", "y"]}', victim.pk])
    with pytest.raises(CommandError, match=f"#{victim.seq}: a record's content does not match"):
        call_command("verify_audit")


def test_deleting_a_record_is_detected(tree, office):
    _make_history(office, tree)
    victim = AuditEvent.objects.order_by("seq")[2]
    _raw("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    report = audit.verify_chain()
    assert (report.broken_at, report.reason) == (victim.seq, "missing")


def test_rewriting_a_record_and_its_hash_breaks_the_next_link(tree, office):
    _make_history(office, tree)
    victim = AuditEvent.objects.order_by("seq")[1]
    victim.object_repr = "forged"
    forged_hash = victim.compute_hash()
    _raw(
        "UPDATE core_auditevent SET object_repr = %s, hash = %s WHERE id = %s",
        ["forged", forged_hash, victim.pk],
    )
    report = audit.verify_chain()
    assert (report.broken_at, report.reason) == (victim.seq + 1, "link")


def test_removing_the_newest_records_is_detected(tree, office):
    _make_history(office, tree)
    newest = AuditEvent.objects.order_by("-seq").first()
    _raw("DELETE FROM core_auditevent WHERE id = %s", [newest.pk])
    assert audit.verify_chain().reason == "truncated"


def test_each_record_names_actor_unit_object_and_time(tree, office):
    services.update_organization(actor=office, organization=tree.dept_b, address="沂蒙路1号")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_name, event.unit_name, event.object_type) == (
        "office",
        "临沂市教育局",
        "core.organization",
    )
    assert event.created_at is not None
    assert event.prev_hash == AuditEvent.objects.get(seq=event.seq - 1).hash


def test_office_browses_and_filters_the_log_in_the_back_office(tree, office):
    from tests.conftest import logged_in

    services.update_organization(actor=office, organization=tree.dept_b, address="沂蒙路1号")
    client = logged_in(office)
    page = client.get("/manage/core/auditevent/", {"action": "core.organization.changed"})
    assert page.status_code == 200
    assert "临沂市教育局" in page.text
