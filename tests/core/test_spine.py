"""The spine every app builds on: named system actors, the audited save_record, the claim helper."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import access, audit, records
from gongkai.core.actors import PUBLIC, SYSTEM, as_user, is_system, require, system
from gongkai.core.claims import claim, claim_each
from gongkai.core.models import AuditEvent, Organization
from gongkai.core.roles import Capability
from gongkai.search.models import Synonym
from gongkai.supervision.models import AssessmentScheme


def _events(action):
    return AuditEvent.objects.filter(action=action)


# Actors ---------------------------------------------------------------------------------------------


def test_a_system_actor_is_named_after_its_job():
    assert str(SYSTEM) == "系统"
    assert str(system("send_foi_reminders")) == "系统（send_foi_reminders）"
    assert is_system(system("load_demo"))
    assert not is_system(None)


def test_a_system_actor_is_no_account_for_created_by(office):
    assert as_user(SYSTEM) is None
    assert as_user(None) is None
    assert as_user(office) is office


def test_a_system_actor_reaches_every_unit_and_none_reaches_nothing(tree):
    assert access.can(SYSTEM, Capability.SUPERVISE, tree.dept_b)
    assert set(access.units_for(SYSTEM)) == set(Organization.objects.all())
    assert not access.can(None, Capability.EDIT_CONTENT)
    assert not access.units_for(None).exists()


def test_the_public_holds_no_right_and_is_no_account(tree):
    assert str(PUBLIC) == "公众（网上提交）"
    assert not is_system(PUBLIC)
    assert as_user(PUBLIC) is None
    assert not access.can(PUBLIC, Capability.EDIT_CONTENT, tree.dept_a)
    assert not access.units_for(PUBLIC).exists()


def test_the_audit_log_refuses_a_change_without_an_author(tree):
    with pytest.raises(TypeError):
        audit.record(actor=None, action="core.organization.changed", obj=tree.city)
    audit.record(actor=PUBLIC, action="participation.comment_received", obj=tree.city, unit=tree.city)
    assert AuditEvent.objects.get(action="participation.comment_received").actor_name == "公众（网上提交）"


def test_require_refuses_a_false_condition():
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


# save_record / delete_record ----------------------------------------------------------------------


def test_save_record_adds_and_records_what_was_added(office):
    synonym = records.save_record(
        actor=office,
        obj=Synonym(word="医保", synonyms="医疗保险"),
        capability=Capability.SUPERVISE,
        unit=None,
    )
    event = _events("search.synonym.created").get()
    assert event.actor == office
    assert event.object_id == str(synonym.pk)
    assert event.changes["synonyms"] == [None, "医疗保险"]


def test_save_record_records_only_what_changed_and_nothing_when_nothing_did(office):
    synonym = records.save_record(
        actor=office,
        obj=Synonym(word="医保", synonyms="医疗保险"),
        capability=Capability.SUPERVISE,
        unit=None,
    )
    synonym.synonyms = "医疗保险 基本医保"
    records.save_record(actor=office, obj=synonym, capability=Capability.SUPERVISE, unit=None)
    records.save_record(actor=office, obj=synonym, capability=Capability.SUPERVISE, unit=None)
    changed = _events("search.synonym.changed").get()
    assert changed.changes == {"synonyms": ["医疗保险", "医疗保险 基本医保"]}


def test_save_record_refuses_without_the_capability_and_writes_nothing(editor_a):
    with pytest.raises(PermissionDenied):
        records.save_record(
            actor=editor_a,
            obj=Synonym(word="医保", synonyms="医疗保险"),
            capability=Capability.SUPERVISE,
            unit=None,
        )
    assert not Synonym.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="search.").exists()


@pytest.mark.django_db
def test_save_record_refuses_a_forgotten_actor():
    with pytest.raises(PermissionDenied):
        records.save_record(
            actor=None,
            obj=Synonym(word="医保", synonyms="医疗保险"),
            capability=Capability.SUPERVISE,
            unit=None,
        )


def test_save_record_refuses_a_unit_outside_the_actors_reach(tree, county_office):
    scheme = AssessmentScheme(title="市直部门考核", year=2019, owner=tree.city)
    with pytest.raises(PermissionDenied):
        records.save_record(actor=county_office, obj=scheme, capability=Capability.SUPERVISE, unit=tree.city)
    assert not AssessmentScheme.objects.exists()


def test_save_record_validates_and_writes_nothing_on_bad_input(tree, office):
    scheme = AssessmentScheme(title="市直部门考核", year=2019, owner=tree.city, openness_weight=3)
    with pytest.raises(ValidationError):
        records.save_record(actor=office, obj=scheme, capability=Capability.SUPERVISE, unit=tree.city)
    assert not AssessmentScheme.objects.exists()
    assert not _events("supervision.assessmentscheme.created").exists()


def test_save_record_sets_and_records_many_to_many_values(tree, office):
    scheme = records.save_record(
        actor=office,
        obj=AssessmentScheme(title="市直部门考核", year=2019, owner=tree.city),
        capability=Capability.SUPERVISE,
        unit=tree.city,
        m2m={"units": [tree.dept_a]},
    )
    records.save_record(
        actor=office,
        obj=scheme,
        capability=Capability.SUPERVISE,
        unit=tree.city,
        m2m={"units": [tree.dept_a, tree.dept_b]},
    )
    assert set(scheme.units.all()) == {tree.dept_a, tree.dept_b}
    changed = _events("supervision.assessmentscheme.changed").get()
    assert changed.changes["units"] == [[str(tree.dept_a)], sorted([str(tree.dept_a), str(tree.dept_b)])]


@pytest.mark.django_db
def test_a_system_actor_saves_and_is_recorded_as_the_system():
    records.save_record(
        actor=system("load_demo"), obj=Synonym(word="医保", synonyms="医疗保险"), capability="x", unit=None
    )
    event = _events("search.synonym.created").get()
    assert event.actor is None
    assert event.actor_name == "系统（load_demo）"


def test_delete_record_records_the_last_state_then_deletes(office, editor_a):
    synonym = Synonym.objects.create(word="医保", synonyms="医疗保险")
    with pytest.raises(PermissionDenied):
        records.delete_record(actor=editor_a, obj=synonym, capability=Capability.SUPERVISE, unit=None)
    assert Synonym.objects.exists()
    records.delete_record(actor=office, obj=synonym, capability=Capability.SUPERVISE, unit=None)
    assert not Synonym.objects.exists()
    event = _events("search.synonym.deleted").get()
    assert event.changes["word"] == ["医保", None]


# Claims ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_row_is_claimed_once_whoever_asks_second():
    synonym = Synonym.objects.create(word="医保", synonyms="")
    due = Synonym.objects.filter(synonyms="")
    assert claim(due, synonym.pk, synonyms="已提醒")
    assert not claim(due, synonym.pk, synonyms="已提醒")


@pytest.mark.django_db
def test_two_overlapping_scans_take_each_row_once():
    for word in ("甲", "乙", "丙"):
        Synonym.objects.create(word=word, synonyms="")
    due = Synonym.objects.filter(synonyms="")
    first, second = claim_each(due, synonyms="一"), claim_each(due, synonyms="二")
    taken = [next(first).word, next(second).word, *[s.word for s in first], *[s.word for s in second]]
    assert sorted(taken) == sorted(["甲", "乙", "丙"])
    assert Synonym.objects.filter(synonyms="").count() == 0


@pytest.mark.django_db
def test_a_dry_run_yields_every_due_row_and_writes_nothing():
    Synonym.objects.create(word="医保", synonyms="")
    assert [s.word for s in claim_each(Synonym.objects.filter(synonyms=""), dry_run=True, synonyms="x")] == [
        "医保"
    ]
    assert Synonym.objects.get().synonyms == ""


@pytest.mark.django_db(transaction=True)
def test_two_scanners_in_parallel_on_postgresql_take_each_row_once():
    """Two real connections race over the same due rows; the conditional UPDATE gives each row to one."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections need PostgreSQL (SQLite serializes writers)")
    for n in range(60):
        Synonym.objects.create(word=f"词{n}", synonyms="")
    barrier, taken, lock = threading.Barrier(2), [], threading.Lock()

    def scan(name):
        from django.db import connection as own

        try:
            due = Synonym.objects.filter(synonyms="")
            rows = list(due)  # both scanners read the same due rows before either claims
            barrier.wait()
            for row in rows:
                if claim(due, row.pk, synonyms=name):
                    with lock:
                        taken.append(row.word)
        finally:
            own.close()

    threads = [threading.Thread(target=scan, args=(name,)) for name in ("一", "二")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(f"词{n}" for n in range(60))
    assert not Synonym.objects.filter(synonyms="").exists()
