"""政民互动 on the to-do list: my unit's messages by due date, replies to review, answers to publish, and the
messages unanswered for three months (the veto indicator) first and marked urgent; each row opens the case."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import todo
from gongkai.interaction import services
from gongkai.interaction.models import EventKind
from tests.conftest import api_client, logged_in
from tests.workspace.messaging import ACTOR, channels_fixture, make_message  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 3)  # a Monday


def rows(user, kind=None):
    found = [row for _kind, group in todo.todo_for(user, TODAY) for row in group]
    return [row for row in found if kind is None or row.kind == kind]


def test_editor_sees_her_units_messages_due_soonest_first_with_the_case_link(channels, editor_a, editor_b):
    later = make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="晚到期")
    sooner = make_message(channels["consult"], on=dt.date(2024, 5, 27), subject="早到期", step="accepted")
    make_message(channels["edu"], on=dt.date(2024, 5, 27), subject="教育局的留言")
    due = rows(editor_a, "message.due")
    assert [row.title for row in due] == [f"早到期（{sooner.query_code}）", f"晚到期（{later.query_code}）"]
    assert due[0].url == f"/manage/messages/{sooner.pk}/"
    assert due[0].working_days_left < due[1].working_days_left
    assert "拟写答复" in due[0].note and "受理" in due[1].note
    assert next(row.title for row in rows(editor_b, "message.due")).startswith("教育局的留言")
    assert all("教育局" not in row.title for row in due)


def test_a_message_assigned_to_a_colleague_leaves_my_list(channels, editor_a, reviewer_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    services.handle(actor=ACTOR, message=message, kind=EventKind.ASSIGNED, handler=reviewer_a)
    assert rows(editor_a, "message.due") == []
    assert len(rows(reviewer_a, "message.due")) == 1


def test_replies_wait_for_the_reviewer_not_the_editor(channels, editor_a, reviewer_a, office):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), step="review")
    (row,) = rows(reviewer_a, "message.review")
    assert row.url == f"/manage/messages/{message.pk}/"
    assert rows(editor_a, "message.review") == []
    assert len(rows(office, "message.review")) == 1  # the office reviews its subtree's


def test_answered_messages_to_publish_link_to_the_publication_form(channels, reviewer_a, editor_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 20), step="answered")
    (row,) = rows(reviewer_a, "message.publish")
    assert row.url == f"/manage/messages/{message.pk}/#publish"
    assert rows(editor_a, "message.publish") == []
    make_message(channels["consult"], on=dt.date(2024, 5, 20), step="answered", public_consent=False)
    assert len(rows(reviewer_a, "message.publish")) == 1  # the writer did not agree: nothing to publish


def test_three_months_unanswered_is_urgent_first_and_the_office_sees_it_across_the_tree(
    channels, editor_a, office, editor_b
):
    old = make_message(channels["consult"], on=dt.date(2024, 2, 28), subject="三个月未答复", step="accepted")
    make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="新留言")
    first = [row for _kind, group in todo.todo_for(editor_a, TODAY) for row in group]
    veto = rows(editor_a, "message.veto")
    assert [row.title for row in veto] == [f"三个月未答复（{old.query_code}）"]
    assert veto[0].urgent and "单项否决" in veto[0].note and veto[0].working_days_left < 0
    assert first[0].kind == "message.veto"  # the veto group comes before the rest
    assert all(row.title != veto[0].title for row in rows(editor_a, "message.due"))  # listed once
    assert [row.title for row in rows(office, "message.veto")] == [veto[0].title]
    assert rows(editor_b, "message.veto") == []


def test_home_page_and_api_show_the_message_rows(channels, editor_a):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="企业开办咨询")
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        page = logged_in(editor_a).get("/manage/").content.decode()
        api = api_client(editor_a).get("/api/v1/staff/todo").json()
    assert "待办理的留言" in page and f'href="/manage/messages/{message.pk}/"' in page
    (row,) = [row for row in api if row["kind"] == "message.due"]
    assert row["url"] == f"/manage/messages/{message.pk}/" and row["due_on"] == message.due_on.isoformat()
