"""Every FOI service: what it changes and the audit record it leaves; who it refuses."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.foi import fees, services
from gongkai.foi.models import Appeal, Application, Status
from tests.conftest import logged_in
from tests.foi.conftest import DESK, applicant

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
TODAY = dt.datetime(2024, 4, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def records(action):
    return AuditEvent.objects.filter(action=action)


def test_a_citizen_submits_online_and_the_receipt_is_recorded(tree):
    application, secret, created = services.submit_application(
        unit=tree.dept_a, data=applicant(contact_name="李四"), submission_key="k-1", ip="203.0.113.9"
    )
    assert created and len(secret) == 19
    assert (application.channel, application.received_on, application.status) == (
        "online",
        D("2024-04-01"),
        Status.IN_PROGRESS,
    )
    assert application.contact_name == "李四" and application.created_by is None
    assert list(application.events.values_list("kind", flat=True)) == ["received"]
    record = records("foi.application.received").get()
    assert record.object_id == str(application.pk) and record.changes["channel"] == [None, "online"]
    assert record.actor is None


def test_staff_register_a_letter_for_their_unit_only(tree, editor_a, editor_b):
    application, _secret, created = services.register_application(
        actor=editor_a, unit=tree.dept_a, data=applicant(), channel="mail_signed", received_on=D("2024-03-01")
    )
    assert created and application.created_by == editor_a and application.due_on == D("2024-03-29")
    assert records("foi.application.received").get().actor == editor_a
    for outsider in (editor_b, None):
        with pytest.raises(PermissionDenied):
            services.register_application(
                actor=outsider, unit=tree.dept_a, data=applicant(), channel="fax", received_on=D("2024-03-01")
            )
    assert Application.objects.count() == 1


def test_a_job_registers_as_the_system(tree):
    application, _secret, _created = services.register_application(
        actor=system("load_demo"),
        unit=tree.dept_a,
        data=applicant(),
        channel="in_person",
        received_on=D("2024-03-01"),
    )
    assert application.created_by is None
    assert records("foi.application.received").get().actor_name == "系统（load_demo）"


def test_a_step_changes_the_clock_and_is_audited(lodge, editor_a):
    application = lodge(D("2024-03-01"))
    event = services.record_event(
        actor=editor_a,
        application=application,
        kind="extended",
        on=D("2024-03-20"),
        days=5,
        approver="主任",
        reason="调档",
    )
    application.refresh_from_db()
    assert (event.due_on_after, application.due_on) == (D("2024-04-08"), D("2024-04-08"))
    record = records("foi.application.extended").get()
    assert record.actor == editor_a and record.changes["due_on"] == [None, "2024-04-08"]


def test_viewing_an_identity_is_audited_and_only_for_those_who_reach_it(lodge, editor_a, editor_b):
    application = lodge(D("2024-03-01"))
    services.record_identity_view(actor=editor_a, application=application)
    assert records("foi.application.identity_viewed").get().actor == editor_a
    for outsider in (editor_b, None):
        with pytest.raises(PermissionDenied):
            services.record_identity_view(actor=outsider, application=application)
    assert records("foi.application.identity_viewed").count() == 1


def test_appeals_are_saved_with_their_audit_record(lodge, editor_a, editor_b):
    application = lodge(D("2024-03-01"))
    appeal = Appeal(
        application=application, kind=Appeal.Kind.REVIEW, filed_on=D("2024-03-20"), body="临沂市人民政府"
    )
    services.save_appeal(actor=editor_a, appeal=appeal)
    assert records("foi.appeal.created").get().actor == editor_a
    appeal.result, appeal.decided_on = Appeal.Result.UPHELD, D("2024-03-28")
    services.save_appeal(actor=editor_a, appeal=appeal)
    assert records("foi.appeal.changed").get().changes["result"] == ["pending", "upheld"]
    appeal.note = "外单位改动"
    with pytest.raises(PermissionDenied):
        services.save_appeal(actor=editor_b, appeal=appeal)
    assert Appeal.objects.get().note == ""


def test_an_appeal_cannot_be_moved_to_another_units_application_by_its_own_staff(tree, lodge, editor_b):
    theirs = lodge(D("2024-03-01"), unit=tree.dept_b)
    ours = services.save_appeal(
        actor=DESK,
        appeal=Appeal(
            application=lodge(D("2024-03-01")), kind="review", filed_on=D("2024-03-20"), body="市政府"
        ),
    )
    ours.application = theirs
    with pytest.raises(PermissionDenied):
        services.save_appeal(actor=editor_b, appeal=ours)


def test_a_fee_notice_pauses_the_clock_and_is_audited(lodge, editor_a, editor_b):
    application = lodge(D("2024-03-01"))
    with pytest.raises(PermissionDenied):
        services.charge_fee(
            actor=editor_b, application=application, basis=fees.PER_PAGE, quantity=120, on=D("2024-03-05")
        )
    event = services.charge_fee(
        actor=editor_a, application=application, basis=fees.PER_PAGE, quantity=120, on=D("2024-03-05")
    )
    assert event.data["amount"] == "1100"
    assert Application.objects.get(pk=application.pk).status == Status.FEE_PENDING
    assert records("foi.application.fee_notice_sent").get().actor == editor_a


def test_bad_fee_input_gets_chinese_errors(lodge):
    application = lodge(D("2024-03-01"))
    with pytest.raises(ValidationError, match="请填写页数"):
        services.charge_fee(actor=DESK, application=application, basis=fees.PER_PAGE, on=D("2024-03-05"))
    with pytest.raises(ValidationError, match="按件或按量"):
        services.charge_fee(actor=DESK, application=application, basis="per_kilo", on=D("2024-03-05"))
    assert not records("foi.application.fee_notice_sent").exists()


def test_the_clock_for_the_desk_writes_nothing(lodge):
    application = lodge(D("2024-03-01"))
    audits = AuditEvent.objects.count()
    state = services.current_clock(application)
    assert (state.due, state.state) == (D("2024-03-29"), "running")
    assert AuditEvent.objects.count() == audits


def test_an_applicant_finds_the_application_only_with_code_and_secret(tree):
    application, secret, _created = services.submit_application(unit=tree.dept_a, data=applicant())
    assert (
        services.find_for_applicant(application.tracking_code.lower(), secret.replace("-", "").lower())
        == application
    )
    assert services.find_for_applicant(application.tracking_code, "0000-0000-0000-0000") is None


def test_a_transfer_needs_a_unit(lodge):
    application = lodge(D("2024-03-01"))
    with pytest.raises(ValidationError, match="请选择转至单位"):
        services.record_event(actor=DESK, application=application, kind="transferred", on=D("2024-03-04"))


def test_an_appeal_saved_in_the_back_office_leaves_its_audit_record(lodge, editor_a):
    application = lodge(D("2024-03-01"))
    response = logged_in(editor_a).post(
        "/manage/admin/foi/appeal/add/",
        {"application": application.pk, "kind": "review", "filed_on": "2024-03-20", "body": "临沂市人民政府",
         "result": "pending", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    appeal = Appeal.objects.get()
    record = records("foi.appeal.created").get()
    assert (record.actor, record.object_id) == (editor_a, str(appeal.pk))


def test_another_units_appeal_is_not_found_in_the_back_office(lodge, editor_b):
    appeal = services.save_appeal(
        actor=DESK,
        appeal=Appeal(
            application=lodge(D("2024-03-01")), kind="review", filed_on=D("2024-03-20"), body="市政府"
        ),
    )
    assert logged_in(editor_b).get(f"/manage/admin/foi/appeal/{appeal.pk}/change/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_citizens_submission_is_never_nested_in_another_transaction(tree):
    from django.db import transaction

    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        services.submit_application(unit=tree.dept_a, data=applicant())
    assert not Application.objects.exists()
