"""Handling a message, the table walked whole: every action from every status either succeeds with its result,
its event and its audit record, or is refused in Chinese and leaves no event, no change and no record."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.interaction import services, transitions
from gongkai.interaction.models import EventKind, Message, MessageEvent, Status
from tests.conftest import api_client, logged_in
from tests.interaction.test_interaction import submit

pytestmark = pytest.mark.django_db


def inputs(tree, other: Message, handler=None) -> dict[str, dict]:
    """Valid input for each action (``handler``: a member of the message's unit, for 分派)."""
    return {
        EventKind.ASSIGNED: {"handler": handler},
        EventKind.ACCEPTED: {},
        EventKind.REJECTED: {"reason": "不属于本平台受理范围。"},
        EventKind.MERGED: {"into": other.query_code},
        EventKind.TRANSFERRED: {"to_unit": tree.dept_b},
        EventKind.REPLY_DRAFTED: {"reply_text": "已安排维修。"},
        EventKind.REPLY_RETURNED: {"reason": "请写明维修时间。"},
        EventKind.ANSWERED: {},
        EventKind.PUBLISHED: {"public_subject": "道路破损问题"},
    }


def snapshot(message: Message) -> dict:
    message.refresh_from_db()
    fields = [
        "status",
        "unit_id",
        "handler_id",
        "reject_reason",
        "merged_into_id",
        "reply_text",
        "replied_on",
        "is_public",
    ]
    return {name: getattr(message, name) for name in fields}


def test_the_table_holds_exactly_the_handling_actions():
    assert set(transitions.TRANSITIONS) == {
        EventKind.ACCEPTED, EventKind.REJECTED, EventKind.MERGED, EventKind.TRANSFERRED, EventKind.ASSIGNED,
        EventKind.REPLY_DRAFTED, EventKind.REPLY_RETURNED, EventKind.ANSWERED, EventKind.PUBLISHED,
    }  # fmt: skip


@pytest.mark.parametrize("action", sorted(transitions.TRANSITIONS))
@pytest.mark.parametrize("status", Status.values)
def test_transition_table(channels, tree, reviewer_a, action, status):
    message = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="m")
    other = submit(channels["consult"], dt.date(2024, 3, 4), submission_key="o", phone="13905391234")
    Message.objects.filter(pk=message.pk).update(status=status)  # the state under test
    before = snapshot(message)
    events = MessageEvent.objects.filter(message=message, kind=action)
    records = AuditEvent.objects.filter(action=f"interaction.message.{action}", object_id=str(message.pk))
    if transitions.allowed(action, status):
        done = transitions.apply(
            actor=reviewer_a, message=message, kind=action, **inputs(tree, other, reviewer_a)[action]
        )
        expected = transitions.TRANSITIONS[action].to or status
        assert done.status == expected == snapshot(message)["status"]
        assert events.count() == 1 and events.get().actor == reviewer_a
        (record,) = records
        assert record.actor == reviewer_a
        assert record.changes == ({"status": [status, expected]} if expected != status else {})
    else:
        with pytest.raises(transitions.TransitionError) as refused:
            transitions.apply(
                actor=reviewer_a, message=message, kind=action, **inputs(tree, other, reviewer_a)[action]
            )
        label = Status(status).label
        assert refused.value.messages == [f"留言当前为“{label}”，不能执行此操作。"]
        assert snapshot(message) == before
        assert not events.exists() and not records.exists()


def test_each_allowed_move_ends_where_the_old_dicts_said():
    """The table is the former ALLOWED / NEXT_STATUS pair, written once."""
    moves = {a: (sorted(t.sources), t.to) for a, t in transitions.TRANSITIONS.items()}
    assert moves == {
        "accepted": (["received"], "accepted"),
        "rejected": (["received"], "rejected"),
        "merged": (["accepted", "received"], "merged"),
        "transferred": (["accepted", "received", "reply_review"], None),
        "assigned": (["accepted", "received", "reply_review"], None),
        "reply_drafted": (["accepted"], "reply_review"),
        "reply_returned": (["reply_review"], "accepted"),
        "answered": (["reply_review"], "answered"),
        "published": (["answered"], None),
    }


@pytest.mark.parametrize(
    ("action", "data", "error"),
    [
        ("rejected", {}, "不予受理时须写明理由，留言人可以看到。"),
        ("rejected", {"reason": "   "}, "不予受理时须写明理由，留言人可以看到。"),
        ("merged", {}, "请填写要合并到的留言的查询码。"),
        ("merged", {"into": "LY000000NONE"}, "请填写要合并到的留言的查询码。"),
        ("transferred", {}, "请选择转往的其他单位。"),
        ("transferred", {"to_unit": "市教育局"}, "请选择转往的其他单位。"),
        ("not_a_step", {}, "不认识的办理事项。"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_leaves_nothing(channels, reviewer_a, action, data, error):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    before = snapshot(message)
    with pytest.raises(ValidationError) as refused:
        transitions.apply(actor=reviewer_a, message=message, kind=action, **data)
    assert error in refused.value.messages
    assert snapshot(message) == before
    assert list(message.events.values_list("kind", flat=True)) == ["received"]
    assert list(
        AuditEvent.objects.filter(action__startswith="interaction.").values_list("action", flat=True)
    ) == ["interaction.message.received"]


def test_merging_into_itself_and_transferring_to_the_same_unit_are_refused(channels, tree, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    with pytest.raises(ValidationError, match="请填写要合并到的留言的查询码"):
        transitions.apply(actor=reviewer_a, message=message, kind="merged", into=message.query_code)
    with pytest.raises(ValidationError, match="请选择转往的其他单位"):
        transitions.apply(actor=reviewer_a, message=message, kind="transferred", to_unit=tree.dept_a)
    assert snapshot(message)["status"] == Status.RECEIVED


def test_drafting_an_empty_reply_and_returning_without_a_reason_are_refused(channels, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    transitions.apply(actor=reviewer_a, message=message, kind="accepted")
    with pytest.raises(ValidationError, match="请填写答复内容"):
        transitions.apply(actor=reviewer_a, message=message, kind="reply_drafted", reply_text=" ")
    transitions.apply(actor=reviewer_a, message=message, kind="reply_drafted", reply_text="答复")
    with pytest.raises(ValidationError, match="退回修改时请写明意见"):
        transitions.apply(actor=reviewer_a, message=message, kind="reply_returned")
    assert snapshot(message)["status"] == Status.REPLY_REVIEW


def test_a_writer_who_refused_publication_is_never_published(channels, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    Message.objects.filter(pk=message.pk).update(status=Status.ANSWERED, public_consent=False)
    with pytest.raises(ValidationError, match="留言人不同意公开"):
        transitions.apply(actor=reviewer_a, message=message, kind="published")
    assert snapshot(message)["is_public"] is False
    assert not AuditEvent.objects.filter(action="interaction.message.published").exists()


@pytest.mark.parametrize("action", ["rejected", "reply_returned", "answered", "published"])
def test_an_editor_cannot_take_a_reviewers_step(channels, editor_a, action):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    status = next(iter(transitions.TRANSITIONS[action].sources))
    Message.objects.filter(pk=message.pk).update(status=status)
    with pytest.raises(PermissionDenied):
        transitions.apply(actor=editor_a, message=message, kind=action, reason="理由")
    assert snapshot(message)["status"] == status
    assert not AuditEvent.objects.filter(action=f"interaction.message.{action}").exists()


def test_another_units_staff_and_no_actor_are_refused(channels, editor_b):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    for actor in (editor_b, None):
        with pytest.raises(PermissionDenied):
            transitions.apply(actor=actor, message=message, kind="accepted")
    assert snapshot(message)["status"] == Status.RECEIVED
    assert list(message.events.values_list("kind", flat=True)) == ["received"]


def test_the_openness_office_above_handles_and_a_named_job_is_recorded_as_the_system(channels, office):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    transitions.apply(actor=office, message=message, kind="accepted")
    transitions.apply(
        actor=system("import_messages"), message=message, kind="reply_drafted", reply_text="答复"
    )
    drafted = message.events.get(kind="reply_drafted")
    assert drafted.actor is None
    record = AuditEvent.objects.get(action="interaction.message.reply_drafted")
    assert (record.actor, record.actor_name) == (None, "系统（import_messages）")
    assert AuditEvent.objects.get(action="interaction.message.accepted").actor == office


def test_services_handle_is_the_table(channels, reviewer_a):
    assert services.handle is transitions.apply


def test_only_apply_writes_a_messages_status():
    """No other module of the app assigns or updates ``status`` (reads and filters are fine)."""
    package = Path(transitions.__file__).parent
    writes = re.compile(r"\.status\s*=[^=]|update\([^)]*\bstatus\s*=")
    offenders = [
        path.name
        for path in package.rglob("*.py")
        if path.name != "transitions.py"
        and "migrations" not in path.parts
        and writes.search(path.read_text())
    ]
    assert offenders == []


def test_the_handling_screen_applies_a_step_and_shows_a_refusal_in_chinese(channels, reviewer_a, editor_b):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    url = f"/manage/admin/interaction/message/{message.pk}/handle/"
    client = logged_in(reviewer_a)
    done = client.post(url, {"kind": "accepted"}, follow=True)
    assert "已记录。" in done.text and snapshot(message)["status"] == Status.ACCEPTED
    refused = client.post(url, {"kind": "accepted"}, follow=True)
    assert "留言当前为“办理中”，不能执行此操作。" in refused.text
    assert MessageEvent.objects.filter(message=message, kind="accepted").count() == 1
    assert logged_in(editor_b).post(url, {"kind": "reply_drafted", "reply_text": "x"}).status_code == 404
    assert snapshot(message)["reply_text"] == ""


def test_the_staff_api_applies_a_step_and_answers_a_refusal_with_the_chinese_message(channels, reviewer_a):
    message = submit(channels["consult"], dt.date(2024, 3, 4))
    api = api_client(reviewer_a)
    url = f"/api/v1/staff/interaction/messages/{message.pk}/events"
    accepted = api.post(url, {"kind": "accepted"}, content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api.post(url, {"kind": "accepted"}, content_type="application/json")
    assert again.status_code == 422
    assert "留言当前为“办理中”，不能执行此操作。" in again.json()["error"]["fields"]["request"]
    assert MessageEvent.objects.filter(message=message, kind="accepted").count() == 1
