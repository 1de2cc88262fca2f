"""The workspace's list of items (/manage/items/): scoped, filtered and paginated in the database, with bulk
actions that go through the publishing services and report per item."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.models import InformationItem, Status
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


def scheduled(unit, editor, reviewer, **fields):
    item = make_item(unit, actor=editor, scheduled_at=timezone.now() + dt.timedelta(days=3), **fields)
    services.submit_item(actor=editor, item=item)
    return services.approve_item(actor=reviewer, item=item)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_editor_sees_own_units_items_and_not_another_units(catalogs, editor_a):
    make_item(catalogs.dept_a, title="发改委的能源保供通知")
    make_item(catalogs.dept_b, title="教育局的招生通知")
    page = logged_in(editor_a).get("/manage/items/").content.decode()
    assert "发改委的能源保供通知" in page
    assert "教育局的招生通知" not in page


def test_office_sees_the_subtree_and_filters_by_unit_and_column(catalogs, office):
    make_item(catalogs.dept_a, title="发改委的能源保供通知")
    make_item(catalogs.dept_b, title="教育局的招生通知", columns=[column(catalogs.dept_b, "interpretation")])
    client = logged_in(office)
    page = client.get("/manage/items/").content.decode()
    assert "发改委的能源保供通知" in page and "教育局的招生通知" in page
    page = client.get("/manage/items/", {"unit": catalogs.dept_b.pk}).content.decode()
    assert "教育局的招生通知" in page and "发改委的能源保供通知" not in page
    policy = column(catalogs.dept_b)
    page = client.get("/manage/items/", {"unit": catalogs.dept_b.pk, "column": policy.pk}).content.decode()
    assert "教育局的招生通知" not in page


def test_filters_by_status_and_text_in_title_or_doc_number(catalogs, editor_a, reviewer_a):
    draft = make_item(catalogs.dept_a, title="关于能源保供的通知", doc_number="临发改〔2024〕12号")
    out = publish(
        make_item(catalogs.dept_a, title="关于价格监测的通知", doc_number="临发改〔2024〕30号"),
        editor_a,
        reviewer_a,
    )
    client = logged_in(editor_a)
    page = client.get("/manage/items/", {"status": "draft"}).content.decode()
    assert draft.title in page and out.title not in page
    page = client.get("/manage/items/", {"q": "30号"}).content.decode()
    assert out.title in page and draft.title not in page
    page = client.get("/manage/items/", {"q": "能源"}).content.decode()
    assert draft.title in page and out.title not in page


def test_a_bad_filter_value_is_ignored_not_an_error(catalogs, editor_a):
    make_item(catalogs.dept_a, title="关于能源保供的通知")
    response = logged_in(editor_a).get("/manage/items/", {"status": "nonsense", "page": "x", "column": "abc"})
    assert response.status_code == 200


def test_late_filter_shows_items_past_their_art_26_date(catalogs, editor_a):
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC), tick=False):
        make_item(catalogs.dept_a, title="早已成文的通知", written_on=dt.date(2024, 1, 2))
        make_item(catalogs.dept_a, title="刚成文的通知", written_on=dt.date(2024, 3, 1))
        page = logged_in(editor_a).get("/manage/items/", {"late": "on"}).content.decode()
    assert "早已成文的通知" in page and "刚成文的通知" not in page
    assert "逾期" in page


def test_list_is_paginated_in_the_database(catalogs, editor_a):
    for n in range(23):
        make_item(catalogs.dept_a, title=f"第{n}号通知")
    client = logged_in(editor_a)
    first = client.get("/manage/items/")
    assert len(first.context["rows"]) == 20
    assert "第 1 页，共 2 页" in first.content.decode()
    second = client.get("/manage/items/", {"page": 2})
    assert len(second.context["rows"]) == 3


def test_rows_lead_to_the_editor_or_the_review(catalogs, editor_a, reviewer_a):
    draft = make_item(catalogs.dept_a, title="草稿")
    waiting = make_item(catalogs.dept_a, title="待审")
    services.submit_item(actor=editor_a, item=waiting)
    page = logged_in(reviewer_a).get("/manage/items/").content.decode()
    assert f"/manage/items/{draft.pk}/" in page
    assert f"/manage/items/{waiting.pk}/review/" in page


def test_reviewer_publishes_selected_scheduled_items_now(catalogs, editor_a, reviewer_a):
    first = scheduled(catalogs.dept_a, editor_a, reviewer_a, title="定时发布一")
    second = scheduled(catalogs.dept_a, editor_a, reviewer_a, title="定时发布二")
    assert first.status == Status.SCHEDULED
    response = logged_in(reviewer_a).post(
        "/manage/items/", {"action": "publish_now", "ids": [first.pk, second.pk]}, follow=True
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Status.PUBLISHED
    assert first.index_no and first.published_at
    notes = messages_of(response)
    assert "《定时发布一》已发布。" in notes and "《定时发布二》已发布。" in notes


def test_bulk_action_reports_which_items_failed_and_why(catalogs, editor_a, reviewer_a):
    good = make_item(catalogs.dept_a, title="齐全的通知")
    incomplete = make_item(catalogs.dept_a, title="缺概述的通知", summary="")
    response = logged_in(editor_a).post(
        "/manage/items/", {"action": "submit", "ids": [good.pk, incomplete.pk]}, follow=True
    )
    good.refresh_from_db()
    incomplete.refresh_from_db()
    assert good.status == Status.SUBMITTED
    assert incomplete.status == Status.DRAFT
    notes = messages_of(response)
    assert "《齐全的通知》已送审。" in notes
    assert any(n.startswith("《缺概述的通知》未能送审") and "内容概述" in n for n in notes)


def test_bulk_publish_now_refuses_an_item_that_is_not_scheduled(catalogs, editor_a, reviewer_a):
    draft = make_item(catalogs.dept_a, title="还是草稿")
    response = logged_in(reviewer_a).post(
        "/manage/items/", {"action": "publish_now", "ids": [draft.pk]}, follow=True
    )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert any("当前状态不能执行此操作" in n for n in messages_of(response))


def test_withdraw_needs_a_reason_and_then_withdraws_each(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, title="已发布的通知"), editor_a, reviewer_a)
    client = logged_in(reviewer_a)
    response = client.post(
        "/manage/items/", {"action": "withdraw", "ids": [item.pk], "reason": " "}, follow=True
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert any("撤回时请写明原因" in n for n in messages_of(response))
    client.post("/manage/items/", {"action": "withdraw", "ids": [item.pk], "reason": "内容已过时"})
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN and item.withdraw_reason == "内容已过时"


def test_an_editor_cannot_bulk_withdraw(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, title="已发布的通知"), editor_a, reviewer_a)
    response = logged_in(editor_a).post(
        "/manage/items/", {"action": "withdraw", "ids": [item.pk], "reason": "想撤回"}, follow=True
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert any("没有权限" in n for n in messages_of(response))


def test_bulk_action_on_another_units_item_finds_nothing(catalogs, editor_a, editor_b):
    other = make_item(catalogs.dept_b, title="教育局的通知")
    response = logged_in(editor_a).post(
        "/manage/items/", {"action": "submit", "ids": [other.pk]}, follow=True
    )
    other.refresh_from_db()
    assert other.status == Status.DRAFT
    assert any("未找到该信息" in n for n in messages_of(response))
    assert "教育局的通知" not in response.content.decode()


def test_bulk_action_without_a_selection_says_so(catalogs, editor_a):
    response = logged_in(editor_a).post("/manage/items/", {"action": "submit"}, follow=True)
    assert any("请先勾选" in n for n in messages_of(response))


def test_bulk_results_return_to_the_same_filtered_list(catalogs, editor_a):
    item = make_item(catalogs.dept_a, title="草稿")
    response = logged_in(editor_a).post(
        "/manage/items/", {"action": "submit", "ids": [item.pk], "query": "status=draft"}
    )
    assert response["Location"] == "/manage/items/?status=draft"
    assert InformationItem.objects.get(pk=item.pk).status == Status.SUBMITTED
