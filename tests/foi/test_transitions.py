"""The procedure's table walked whole: every event kind in every status. An allowed pair records its event,
leaves the status the table says (or the clock derives) and one audit record; every other pair is refused
with a Chinese message and leaves no event, no audit record and no change."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.core.models import AuditEvent
from gongkai.foi import services, transitions
from gongkai.foi.models import Application, EventKind, Outcome, Status
from tests.foi.conftest import applicant

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
RECEIVED_ON = D("2024-10-14")  # a Monday after National Day; 7 working days later is 2024-10-23
TODAY = dt.datetime(2024, 12, 31, 2, 0, tzinfo=dt.UTC)

# How an application is brought into each status, by real steps (consultation with 甲 open where it can be:
# 甲 received the letter late, so its 15 working days run past TODAY). In 办理中 a consultation with 甲 ran
# past its deadline without an answer: the clock runs again and a late answer can still be recorded.
OPEN = {"party": "甲公司", "party_received_on": D("2024-12-20")}
SCENARIOS = {
    Status.IN_PROGRESS: [("consultation_started", "2024-10-15", {"party": "甲公司"})],
    Status.PAUSED: [("consultation_started", "2024-10-15", OPEN)],
    Status.FEE_PENDING: [
        ("consultation_started", "2024-10-15", OPEN),
        ("fee_notice_sent", "2024-10-16", {"amount": "100"}),
    ],
    Status.CORRECTION: [
        ("consultation_started", "2024-10-15", OPEN),
        ("correction_requested", "2024-10-17", {"deadline": D("2024-10-28")}),
    ],
    Status.ANSWERED: [
        ("consultation_started", "2024-10-15", OPEN),
        ("answered", "2024-10-18", {"outcome": Outcome.GRANTED, "reply_text": "予以公开。"}),
    ],
    Status.CLOSED: [
        ("consultation_started", "2024-10-15", OPEN),
        ("answered", "2024-10-18", {"outcome": Outcome.GRANTED, "reply_text": "予以公开。"}),
        ("delivered", "2024-10-18", {"method": "电子邮件"}),
    ],
}

# What each kind carries when it is recorded correctly.
DATA = {
    EventKind.RECEIVED: {"channel": "in_person"},
    EventKind.CORRECTION_REQUESTED: {"deadline": D("2024-11-04")},
    EventKind.CORRECTION_RECEIVED: {},
    EventKind.CONSULTATION_STARTED: {
        "party": "乙机关",
        "party_kind": "organ",
        "party_received_on": D("2024-12-20"),
    },
    EventKind.CONSULTATION_ENDED: {"party": "甲公司"},
    EventKind.FEE_NOTICE_SENT: {"amount": "100"},
    EventKind.FEE_PAID: {},
    EventKind.EXTENDED: {"days": 10, "approver": "办公室主任", "reason": "需调取档案"},
    EventKind.DELAYED_EXCESSIVE: {"new_due": D("2025-03-31"), "reason": "一个月内申请120件"},
    EventKind.TRANSFERRED: {},  # the unit is added in the test
    EventKind.ANSWERED: {"outcome": Outcome.GRANTED, "reply_text": "予以公开。"},
    EventKind.DELIVERED: {"method": "电子邮件"},
    EventKind.CLOSED: {},  # the outcome depends on the status, see closing_outcome
    EventKind.HELP_GIVEN: {},
    EventKind.NOTE: {},
}
# What the note says where the kind needs one.
NOTES = {EventKind.HELP_GIVEN: "电话读给申请人听"}
# Closing waits for the correction and fee periods to run out: recorded later than the other steps.
ON = {EventKind.CLOSED: D("2024-12-20")}
WALKED_ON = D("2024-10-21")

# Where the clock moves the status (a DERIVED result); every other derived result keeps the status.
DERIVED_MOVES = {
    (EventKind.RECEIVED, Status.RECEIVED): Status.IN_PROGRESS,
    (EventKind.CORRECTION_RECEIVED, Status.CORRECTION): Status.IN_PROGRESS,  # the clock starts again
    (EventKind.CONSULTATION_STARTED, Status.IN_PROGRESS): Status.PAUSED,
    (EventKind.CONSULTATION_ENDED, Status.PAUSED): Status.IN_PROGRESS,
    (EventKind.FEE_NOTICE_SENT, Status.IN_PROGRESS): Status.FEE_PENDING,
    (EventKind.FEE_NOTICE_SENT, Status.PAUSED): Status.FEE_PENDING,
    (EventKind.FEE_PAID, Status.FEE_PENDING): Status.PAUSED,  # 甲's consultation still runs
}


def closing_outcome(status: str) -> dict:
    return {
        Status.ANSWERED: {},
        Status.CORRECTION: {"outcome": Outcome.OTHER_OVERDUE_CORRECTION},
        Status.FEE_PENDING: {"outcome": Outcome.OTHER_OVERDUE_FEE},
    }.get(status, {"outcome": Outcome.OTHER_MISC})


def expected_status(kind: str, status: str) -> str:
    result = transitions.TRANSITIONS[kind].result
    if result != transitions.DERIVED:
        return result
    return DERIVED_MOVES.get((kind, status), status)


@pytest.fixture
def application_in(tree, office, lodge):
    """An application of dept_a brought into ``status`` by the steps of its scenario."""

    def _in(status: str) -> Application:
        if status == Status.RECEIVED:
            # Registered, its receipt not yet recorded: the moment inside registration before apply().
            return Application.objects.create(
                unit=tree.dept_a, tracking_code="YSQ20241014TEST", secret_hash="-", received_on=RECEIVED_ON,
                **applicant(),
            )  # fmt: skip
        application = lodge(RECEIVED_ON)
        for kind, on, data in SCENARIOS[status]:
            services.record_event(actor=office, application=application, kind=kind, on=D(on), **data)
        application.refresh_from_db()
        assert application.status == status
        return application

    return _in


def test_the_table_names_every_event_kind():
    assert set(transitions.TRANSITIONS) == set(EventKind.values)


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("kind", EventKind.values)
def test_transition_table(application_in, office, tree, kind, status):
    with time_machine.travel(TODAY, tick=False):
        application = application_in(status)
        data = {**DATA[kind], **(closing_outcome(status) if kind == EventKind.CLOSED else {})}
        if kind == EventKind.TRANSFERRED:
            data["to_unit"] = tree.dept_b
        events_before = application.events.count()
        audits_before = AuditEvent.objects.count()

        def walk():
            return transitions.apply(
                actor=office,
                application=application,
                kind=kind,
                on=ON.get(kind, WALKED_ON),
                note=NOTES.get(kind, ""),
                data=data,
            )

        if transitions.allowed(kind, status):
            event = walk()
            application.refresh_from_db()
            assert event.kind == kind and application.events.count() == events_before + 1
            assert application.status == expected_status(kind, status)
            assert event.due_on_after == application.due_on
            assert AuditEvent.objects.count() == audits_before + 1
            record = AuditEvent.objects.order_by("seq").last()
            assert (record.action, record.object_id) == (f"foi.application.{kind}", str(application.pk))
            assert record.actor == office
        else:
            version = application.version
            with pytest.raises(ValidationError) as refused:
                walk()
            assert all(re.search(r"[\u4e00-\u9fff]", message) for message in refused.value.messages)
            application.refresh_from_db()
            assert (application.status, application.version) == (status, version)
            assert application.events.count() == events_before
            assert AuditEvent.objects.count() == audits_before


def test_refusals_say_why_in_the_words_of_the_procedure(application_in, office):
    with time_machine.travel(TODAY, tick=False):
        closed = application_in(Status.CLOSED)
        with pytest.raises(ValidationError, match="本申请已办结"):
            services.record_event(
                actor=office, application=closed, kind="closed", on=WALKED_ON, outcome=Outcome.OTHER_MISC
            )
        with pytest.raises(ValidationError, match="本申请没有待缴的费用"):
            services.record_event(actor=office, application=closed, kind="fee_paid", on=WALKED_ON)
        with pytest.raises(ValidationError, match="已答复的申请不能转办"):
            services.record_event(actor=office, application=closed, kind="transferred", on=WALKED_ON)


def test_the_desk_cannot_record_a_receipt(application_in, office):
    with time_machine.travel(TODAY, tick=False):
        application = application_in(Status.IN_PROGRESS)
        with pytest.raises(ValidationError, match="不认识的办理事项"):
            services.record_event(actor=office, application=application, kind="received", on=WALKED_ON)
        assert application.events.count() == 1 + len(SCENARIOS[Status.IN_PROGRESS])


def test_an_actor_without_reach_is_refused_before_anything_is_checked(application_in, editor_b):
    from django.core.exceptions import PermissionDenied

    with time_machine.travel(TODAY, tick=False):
        application = application_in(Status.IN_PROGRESS)
        audits = AuditEvent.objects.count()
        for actor in (editor_b, None):
            with pytest.raises(PermissionDenied):
                services.record_event(actor=actor, application=application, kind="note", on=WALKED_ON)
        assert (
            application.events.count() == 1 + len(SCENARIOS[Status.IN_PROGRESS])
            and AuditEvent.objects.count() == audits
        )
