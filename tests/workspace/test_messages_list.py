"""/manage/messages/: the messages in my reach, filtered by GET parameters and paginated in the database, with
bulk 转办 and 分派 through the handling service and a result for each message."""

import datetime as dt

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.interaction.models import EventKind, Message, MessageEvent
from tests.conftest import logged_in
from tests.workspace.messaging import channels_fixture, make_message  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_monday():
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        yield


def page(user, query=""):
    return logged_in(user).get(f"/manage/messages/{query}").content.decode()


def test_each_unit_sees_its_own_messages_and_the_office_all(channels, editor_a, editor_b, office, on_monday):
    mine = make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="发改委的留言")
    theirs = make_message(channels["edu"], on=dt.date(2024, 5, 30), subject="教育局的留言")
    assert "发改委的留言" in page(editor_a) and "教育局的留言" not in page(editor_a)
    assert "教育局的留言" in page(editor_b) and "发改委的留言" not in page(editor_b)
    everything = page(office)
    assert mine.query_code in everything and theirs.query_code in everything
    assert logged_in(editor_b).get(f"/manage/messages/{mine.pk}/").status_code == 404


def test_filters_by_state_due_unit_channel_and_text(channels, office, tree, on_monday):
    make_message(channels["consult"], on=dt.date(2024, 2, 1), subject="很久以前的留言", step="accepted")
    make_message(channels["consult"], on=dt.date(2024, 5, 20), subject="已逾期的留言", step="accepted")
    make_message(channels["consult"], on=dt.date(2024, 5, 31), subject="快到期的留言")
    make_message(channels["consult"], on=dt.date(2024, 5, 1), subject="已答复的留言", step="answered")
    make_message(channels["mailbox"], on=dt.date(2024, 5, 31), subject="市长信箱的留言", body="路灯坏了")

    def titles(query):
        text = page(office, query)
        return {
            t for t in ("很久以前的", "已逾期的", "快到期的", "已答复的", "市长信箱的") if t + "留言" in text
        }

    assert titles("?status=answered") == {"已答复的"}
    assert titles("?status=open") == {"很久以前的", "已逾期的", "快到期的", "市长信箱的"}
    assert titles("") == titles("?status=open")  # the list opens on what still waits for a reply
    assert titles("?status=all") == titles("?status=open") | {"已答复的"}
    assert titles("?due=veto") == {"很久以前的"}
    assert titles("?due=late") == {"很久以前的", "已逾期的"}
    assert titles("?due=soon") == {"快到期的"}  # the mailbox gives 10 working days
    assert titles(f"?unit={tree.city.pk}") == {"市长信箱的"}
    assert titles(f"?channel={channels['consult'].pk}&status=open&due=soon") == {"快到期的"}
    assert titles("?q=路灯") == {"市长信箱的"}
    assert titles("?q=已答复") == {"已答复的"}  # a search looks through every state
    assert "共 4 条留言" in page(office, "?status=nonsense")  # an unknown value: the list as it opens


def test_the_list_is_paginated_in_the_database(channels, editor_a, on_monday, django_assert_max_num_queries):
    for n in range(23):
        make_message(channels["consult"], on=dt.date(2024, 5, 30), subject=f"第{n:02d}条留言")
    first = page(editor_a)
    assert "共 23 条留言" in first and "第 1 页，共 2 页" in first and first.count('name="ids"') == 20
    assert page(editor_a, "?page=2").count('name="ids"') == 3
    client = logged_in(editor_a)
    client.get("/manage/messages/")
    with django_assert_max_num_queries(14):
        assert client.get("/manage/messages/").status_code == 200


def test_bulk_transfer_moves_each_message_and_tells_each_result(channels, editor_a, tree, on_monday):
    first = make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="第一条")
    second = make_message(channels["consult"], on=dt.date(2024, 5, 30), subject="第二条", step="accepted")
    answered = make_message(channels["consult"], on=dt.date(2024, 5, 1), subject="已答复", step="answered")
    due_before = first.due_on
    response = logged_in(editor_a).post(
        "/manage/messages/bulk/",
        {"ids": [first.pk, second.pk, answered.pk], "action": "transferred", "to_unit": tree.dept_b.pk,
         "reason": "属于教育局职责"},
        follow=True,
    )  # fmt: skip
    text = response.content.decode()
    assert f"{first.query_code}：已转办至临沂市教育局。" in text
    assert f"{second.query_code}：已转办至临沂市教育局。" in text
    assert f"{answered.query_code}：留言当前为“已答复”，不能执行此操作。" in text
    moved = Message.objects.filter(unit=tree.dept_b)
    assert set(moved.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert Message.objects.get(pk=first.pk).due_on == due_before  # the clock keeps running
    event = MessageEvent.objects.get(message=first, kind=EventKind.TRANSFERRED)
    assert event.note == "属于教育局职责" and event.actor == editor_a
    assert AuditEvent.objects.filter(action="interaction.message.transferred").count() == 2
    assert not MessageEvent.objects.filter(message=answered, kind=EventKind.TRANSFERRED).exists()


def test_bulk_assign_gives_messages_to_a_colleague_of_the_unit_only(
    channels, reviewer_a, editor_a, editor_b, on_monday
):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    client = logged_in(reviewer_a)
    wrong = client.post(
        "/manage/messages/bulk/",
        {"ids": [message.pk], "action": "assigned", "handler": editor_b.pk},
        follow=True,
    )
    assert "请选择" in wrong.content.decode()  # another unit's staff is not a choice
    assert Message.objects.get(pk=message.pk).handler is None
    done = client.post(
        "/manage/messages/bulk/",
        {"ids": [message.pk], "action": "assigned", "handler": editor_a.pk},
        follow=True,
    )
    assert f"{message.query_code}：已分派给editor_a。" in done.content.decode()
    assert Message.objects.get(pk=message.pk).handler == editor_a
    assert "经办人：editor_a" in page(reviewer_a)


def test_an_editor_may_transfer_but_not_assign(channels, editor_a, reviewer_a, on_monday):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    assert 'value="assigned"' not in page(editor_a)
    response = logged_in(editor_a).post(
        "/manage/messages/bulk/",
        {"ids": [message.pk], "action": "assigned", "handler": reviewer_a.pk},
        follow=True,
    )
    assert f"{message.query_code}：您没有办理该留言的权限。" in response.content.decode()
    assert Message.objects.get(pk=message.pk).handler is None


def test_bulk_with_nothing_chosen_or_out_of_reach_changes_nothing(
    channels, editor_b, editor_a, tree, on_monday
):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    empty = logged_in(editor_a).post(
        "/manage/messages/bulk/",
        {"action": "transferred", "to_unit": tree.dept_b.pk, "reason": "x"},
        follow=True,
    )
    assert "请至少勾选一条留言。" in empty.content.decode()
    no_reason = logged_in(editor_a).post(
        "/manage/messages/bulk/", {"ids": [message.pk], "action": "transferred", "to_unit": tree.dept_b.pk},
        follow=True,
    )  # fmt: skip
    assert "请写明转办理由。" in no_reason.content.decode()
    stranger = logged_in(editor_b).post(
        "/manage/messages/bulk/",
        {"ids": [message.pk], "action": "transferred", "to_unit": tree.dept_b.pk, "reason": "抢过来"},
        follow=True,
    )
    assert "没有找到该留言。" in stranger.content.decode()
    assert Message.objects.get(pk=message.pk).unit == tree.dept_a
    assert not MessageEvent.objects.filter(kind=EventKind.TRANSFERRED).exists()


def test_filters_keep_their_values_after_a_bulk_action(channels, editor_a, tree, on_monday):
    message = make_message(channels["consult"], on=dt.date(2024, 5, 30))
    response = logged_in(editor_a).post(
        "/manage/messages/bulk/",
        {"ids": [message.pk], "action": "transferred", "to_unit": tree.dept_b.pk, "reason": "职责",
         "query": "status=open"},
    )  # fmt: skip
    assert response["Location"] == "/manage/messages/?status=open"
