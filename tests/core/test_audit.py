"""The audit log is append-only, keyed and anchored: tampering is detected by `gongkai verify_audit`.

The attacker here is a database administrator: raw SQL, the triggers switched off (as a DBA can), every
hash recomputable except that they do not know GONGKAI_AUDIT_KEY.
"""

import contextlib
import hashlib
import hmac
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gongkai.core import audit, audit_anchors, audit_protection, services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditChainHead, AuditEvent, HashScheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def anchor_file(settings, tmp_path):
    settings.GONGKAI_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    return settings.GONGKAI_AUDIT_ANCHOR_FILE


@contextlib.contextmanager
def as_dba():
    """Switch the append-only triggers off, as a database administrator can, and on again afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred FK checks
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER USER")
        else:
            for name in audit_protection.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER USER")
            else:
                audit_protection.install_sqlite(connection)


def _make_history(office, tree):
    for n in range(5):
        services.update_organization(actor=office, organization=tree.dept_a, phone=f"0539-812345{n}")


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
    with as_dba(), connection.cursor() as cursor:
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
    forged_hash = victim.compute_hash(audit.signing_key()[1])  # even with the key, one record is not enough
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
    page = client.get("/manage/admin/core/auditevent/", {"action": "core.organization.changed"})
    assert page.status_code == 200
    assert "临沂市教育局" in page.text


# --- The database refuses to change records -------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditevent SET object_repr = 'forged' WHERE id = %s",
        "DELETE FROM core_auditevent WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_update_and_delete_of_a_record(tree, office, sql):
    _make_history(office, tree)
    victim = AuditEvent.objects.order_by("seq")[2]
    refused = pytest.raises(DatabaseError, match=r"append-only|Cannot update or delete")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [victim.pk])
    assert AuditEvent.objects.get(pk=victim.pk).object_repr == victim.object_repr
    assert audit_protection.problem() == ""
    call_command("verify_audit")


def test_the_chain_head_can_still_advance(tree, office):
    _make_history(office, tree)
    head = AuditChainHead.objects.get(pk=1)
    newest = AuditEvent.objects.order_by("-seq").first()
    assert (
        (head.seq, head.last_hash) == (newest.seq, newest.hash) == (AuditEvent.objects.count(), newest.hash)
    )


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_audit_table_and_keeps_it_protected(tree, office):
    _make_history(office, tree)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert audit_protection.problem() == ""


def test_verify_audit_fails_while_the_triggers_are_off(tree, office):
    _make_history(office, tree)
    with as_dba(), pytest.raises(CommandError, match="not protected by the database"):
        call_command("verify_audit")


# --- Keyed hashes ---------------------------------------------------------------------------------------


def _forge_from(victim_seq, hasher, *, scheme=None, key_id=None):
    """Edit record ``victim_seq``, recompute its hash and every later one with ``hasher``, move the head."""
    prev = AuditEvent.objects.get(seq=victim_seq - 1).hash if victim_seq > 1 else audit.GENESIS
    events = list(AuditEvent.objects.filter(seq__gte=victim_seq).order_by("seq"))
    with as_dba(), connection.cursor() as cursor:
        for event in events:
            if event.seq == victim_seq:
                event.object_repr = "forged"
            event.hash_scheme = scheme or event.hash_scheme
            event.key_id = event.key_id if key_id is None else key_id
            event.prev_hash = prev
            event.hash = prev = hasher(event)
            cursor.execute(
                "UPDATE core_auditevent SET object_repr = %s, hash_scheme = %s, key_id = %s, prev_hash = %s, "
                "hash = %s WHERE id = %s",
                [event.object_repr, event.hash_scheme, event.key_id, event.prev_hash, event.hash, event.pk],
            )
        cursor.execute("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [prev])


def test_new_records_are_keyed_with_the_configured_key(tree, office):
    _make_history(office, tree)
    event = AuditEvent.objects.order_by("seq").last()
    key_id, key = audit.signing_key()
    assert (event.hash_scheme, event.key_id) == (HashScheme.HMAC_SHA256, key_id)
    assert event.hash == hmac.new(key, event.payload(), hashlib.sha256).hexdigest()
    assert event.hash != hashlib.sha256(event.payload()).hexdigest()


def test_recomputing_with_plain_sha256_is_detected(tree, office):
    _make_history(office, tree)
    _forge_from(3, lambda event: hashlib.sha256(event.payload()).hexdigest())
    with pytest.raises(CommandError, match="#3: a record's content does not match"):
        call_command("verify_audit")


def test_downgrading_records_to_unkeyed_sha256_is_detected(tree, office):
    _make_history(office, tree)
    _forge_from(3, lambda event: event.compute_hash(), scheme=HashScheme.SHA256)
    with pytest.raises(CommandError, match="#3: an unkeyed"):
        call_command("verify_audit")


def test_downgrading_the_whole_chain_to_unkeyed_sha256_is_detected(tree, office):
    _make_history(office, tree)
    _forge_from(1, lambda event: event.compute_hash(), scheme=HashScheme.SHA256)
    newest = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=f"#{newest}: the newest record is not keyed"):
        call_command("verify_audit")


def test_recomputing_with_a_guessed_key_is_detected(tree, office):
    _make_history(office, tree)
    _forge_from(2, lambda event: hmac.new(b"guessed", event.payload(), hashlib.sha256).hexdigest())
    with pytest.raises(CommandError, match="#2: a record's content does not match"):
        call_command("verify_audit")


def test_recomputing_with_the_attackers_own_key_is_detected(tree, office):
    _make_history(office, tree)
    own = b"the attacker's key"
    _forge_from(
        2, lambda event: hmac.new(own, event.payload(), hashlib.sha256).hexdigest(), key_id=audit.key_id(own)
    )
    with pytest.raises(CommandError, match="#2: a record is signed with an unknown audit key"):
        call_command("verify_audit")


def test_records_signed_with_a_retired_key_still_verify(tree, office, settings):
    _make_history(office, tree)
    old_key = settings.GONGKAI_AUDIT_KEY
    settings.GONGKAI_AUDIT_KEY = "the new key after rotation"
    services.update_organization(actor=office, organization=tree.dept_a, phone="0539-8129000")
    with pytest.raises(CommandError, match="#1: a record is signed with an unknown audit key"):
        call_command("verify_audit")
    settings.GONGKAI_AUDIT_OLD_KEYS = [old_key]
    call_command("verify_audit")
    schemes = set(AuditEvent.objects.values_list("key_id", flat=True))
    assert schemes == {audit.key_id(old_key.encode()), audit.key_id(b"the new key after rotation")}


# --- Records from before keyed hashing ------------------------------------------------------------------


def _legacy_records(count):
    """Records as written before this change: plain SHA-256, no key id."""
    from django.utils import timezone

    head, _ = AuditChainHead.objects.get_or_create(pk=1)
    seq, prev = head.seq, head.last_hash
    for n in range(count):
        seq += 1
        event = AuditEvent(
            seq=seq,
            created_at=timezone.now(),
            actor_name="系统",
            action="core.organization.changed",
            object_repr=f"legacy {n}",
            prev_hash=prev,
            hash_scheme=HashScheme.SHA256,
        )
        event.hash = prev = hashlib.sha256(event.payload()).hexdigest()
        event.save()
    AuditChainHead.objects.filter(pk=1).update(seq=seq, last_hash=prev)


def test_old_sha256_records_followed_by_keyed_ones_verify(tree, office, capsys):
    # The tree fixture wrote keyed records; start from legacy ones on a chain of their own.
    with as_dba(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
        cursor.execute("UPDATE core_auditchainhead SET seq = 0, last_hash = %s WHERE id = 1", [audit.GENESIS])
    _legacy_records(3)
    _make_history(office, tree)
    assert (
        list(AuditEvent.objects.order_by("seq").values_list("hash_scheme", flat=True))
        == ["sha256"] * 3 + ["hmac-sha256"] * 5
    )
    call_command("verify_audit")
    assert "intact: 8 record(s) verified" in capsys.readouterr().out


def test_the_migration_seals_an_unkeyed_chain(db):
    _legacy_records(3)
    assert audit.verify_chain().reason == "unkeyed"  # a chain ending unkeyed is never left by the migration
    assert audit.seal_legacy_chain(AuditEvent, AuditChainHead) is True
    assert audit.seal_legacy_chain(AuditEvent, AuditChainHead) is False  # once
    seal = AuditEvent.objects.get(seq=4)
    assert (seal.action, seal.hash_scheme, seal.changes) == (
        "core.audit.keyed",
        HashScheme.HMAC_SHA256,
        {"unkeyed_records": 3},
    )
    assert audit.verify_chain().ok
    # Rewriting a legacy record and recomputing the legacy hashes now breaks the keyed seal's link.
    _forge_from(2, lambda event: event.compute_hash() if event.seq < 4 else event.hash)
    assert (audit.verify_chain().broken_at, audit.verify_chain().reason) == (4, "content")


# --- Anchors outside the database -----------------------------------------------------------------------


def test_anchor_audit_appends_a_signed_line_once_per_head(tree, office, anchor_file, capsys):
    _make_history(office, tree)
    call_command("anchor_audit")
    call_command("anchor_audit")  # run twice by cron: nothing new to anchor
    lines = anchor_file.read_text().splitlines()
    assert len(lines) == 1
    anchor = json.loads(lines[0])
    head = AuditChainHead.objects.get(pk=1)
    assert (anchor["seq"], anchor["hash"], anchor["count"]) == (head.seq, head.last_hash, head.seq)
    assert "already anchored" in capsys.readouterr().out
    services.update_organization(actor=office, organization=tree.dept_a, phone="0539-8129000")
    call_command("anchor_audit")
    assert [json.loads(line)["seq"] for line in anchor_file.read_text().splitlines()] == [
        head.seq,
        head.seq + 1,
    ]
    call_command("verify_audit")
    assert "2 anchor(s)" in capsys.readouterr().out


def test_anchor_is_mailed_to_the_root_openness_office(tree, office, county_office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.update_staff(actor=SYSTEM, staff=office, email="gkb@linyi.gov.cn")
    services.update_staff(actor=SYSTEM, staff=county_office, email="lanshan@linyi.gov.cn")
    call_command("anchor_audit")
    assert [message.to for message in mail.outbox] == [["gkb@linyi.gov.cn"]]
    assert audit_anchors.to_line(audit_anchors.last()) in mail.outbox[0].body


def test_anchor_mail_goes_to_the_configured_addresses(tree, office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.GONGKAI_AUDIT_ANCHOR_EMAIL = ["audit@linyi.gov.cn"]
    call_command("anchor_audit")
    assert mail.outbox[0].to == ["audit@linyi.gov.cn"]


def test_anchor_is_not_mailed_with_the_console_backend(tree, office, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    services.update_staff(actor=SYSTEM, staff=office, email="gkb@linyi.gov.cn")
    assert audit_anchors.mail(audit_anchors.current()) == []


def test_anchor_audit_refuses_to_anchor_an_altered_log(tree, office, anchor_file):
    _make_history(office, tree)
    _raw("UPDATE core_auditevent SET object_repr = 'forged' WHERE seq = 2", [])
    with pytest.raises(CommandError, match="#2"):
        call_command("anchor_audit")
    assert not anchor_file.exists()


def test_a_deleted_tail_with_the_head_rewound_is_detected_by_the_anchors(tree, office):
    _make_history(office, tree)
    call_command("anchor_audit")
    newest = AuditEvent.objects.order_by("-seq").first()
    previous = AuditEvent.objects.get(seq=newest.seq - 1)
    _raw("DELETE FROM core_auditevent WHERE id = %s", [newest.pk])
    AuditChainHead.objects.filter(pk=1).update(seq=previous.seq, last_hash=previous.hash)
    assert audit.verify_chain().ok  # the chain alone looks whole
    with pytest.raises(CommandError, match=rf"line 1 of .*: anchored record #{newest.seq} .* is missing"):
        call_command("verify_audit")


def test_a_rewound_head_whose_records_were_replaced_is_detected_by_the_anchors(tree, office):
    _make_history(office, tree)
    call_command("anchor_audit")
    # The DBA deletes the tail, rewinds the head and lets the application write new records in their place.
    with as_dba(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seq >= 4")
    AuditChainHead.objects.filter(pk=1).update(seq=3, last_hash=AuditEvent.objects.get(seq=3).hash)
    anchored = json.loads(audit_anchors.read()[0][1])["seq"]
    for n in range(anchored - 3):
        services.update_organization(actor=office, organization=tree.dept_b, phone=f"0539-812{7000 + n}")
    assert audit.verify_chain().ok and AuditEvent.objects.count() == anchored
    with pytest.raises(CommandError, match=f"record #{anchored} no longer has the hash anchored"):
        call_command("verify_audit")


def test_a_forged_anchor_line_is_detected(tree, office, anchor_file):
    _make_history(office, tree)
    call_command("anchor_audit")
    anchor = json.loads(anchor_file.read_text())
    anchor["seq"], anchor["hash"] = 4, AuditEvent.objects.get(seq=4).hash
    anchor_file.write_text(json.dumps(anchor) + "\n")
    with pytest.raises(CommandError, match=r"line 1 of .*: not authentic"):
        call_command("verify_audit")


def test_sqlite_triggers_come_back_after_every_migrate(db):
    """A migration that rebuilds the table on SQLite drops its triggers; post_migrate creates them again."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only; PostgreSQL's trigger is kept by pgtrigger's migrations")
    from django.core.management.sql import emit_post_migrate_signal

    with connection.cursor() as cursor:
        for name in audit_protection.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    assert "missing" in audit_protection.problem()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert audit_protection.problem() == ""
