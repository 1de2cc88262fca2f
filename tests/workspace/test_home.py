"""The workspace home (/manage/) and its API twin: each role's to-do list, scoped, with working days."""

import datetime as dt

import pytest
import time_machine

from gongkai.publishing import services
from tests.conftest import api_client, logged_in
from tests.publishing.conftest import make_item

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/manage/admin/login/?next=/manage/")


def test_short_sign_in_address_leads_to_the_sign_in_page(client):
    response = client.get("/manage/login/?next=/manage/items/")
    assert response.status_code == 302
    assert response["Location"] == "/manage/admin/login/?next=/manage/items/"


def test_back_office_moved_under_admin(catalogs, office):
    response = logged_in(office).get("/manage/admin/")
    assert response.status_code == 200


def test_reviewer_sees_what_waits_for_review_and_editor_what_came_back(catalogs, editor_a, reviewer_a):
    waiting = make_item(catalogs.dept_a, actor=editor_a, title="待审核的通知")
    services.submit_item(actor=editor_a, item=waiting)
    returned = make_item(catalogs.dept_a, actor=editor_a, title="被退回的通知")
    services.submit_item(actor=editor_a, item=returned)
    services.reject_item(actor=reviewer_a, item=returned, reason="请补充执行期限")

    page = logged_in(reviewer_a).get("/manage/").content.decode()
    assert "待我审核的信息" in page and "待审核的通知" in page
    assert f"/manage/items/{waiting.pk}/review/" in page

    page = logged_in(editor_a).get("/manage/").content.decode()
    assert "退回给我的信息" in page and "被退回的通知" in page
    assert "退回理由：请补充执行期限" in page
    assert "待我审核的信息" not in page  # an editor reviews nothing


def test_another_units_work_is_not_on_my_list(catalogs, editor_a, editor_b, reviewer_b):
    item = make_item(catalogs.dept_a, actor=editor_a, title="发改委的通知")
    services.submit_item(actor=editor_a, item=item)
    assert "发改委的通知" not in logged_in(reviewer_b).get("/manage/").content.decode()


def test_api_lists_the_same_rows_with_working_days(catalogs, editor_a, reviewer_a):
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, tzinfo=dt.UTC), tick=False):
        item = make_item(
            catalogs.dept_a, actor=editor_a, title="待审核的通知", written_on=dt.date(2024, 3, 1)
        )
        services.submit_item(actor=editor_a, item=item)
        item.refresh_from_db()
        response = api_client(reviewer_a).get("/api/v1/staff/todo")
    assert response.status_code == 200
    rows = [row for row in response.json() if row["kind"].startswith("item.")]  # other apps add their own
    assert [row["kind"] for row in rows] == ["item.review"]
    row = rows[0]
    assert row["title"] == "待审核的通知"
    assert row["url"] == f"/manage/items/{item.pk}/review/"
    assert row["due_on"] == item.publish_due_on.isoformat()
    # 4 March 2024 (Monday) to the due date: counted in working days, not calendar days.
    calendar_days = (item.publish_due_on - dt.date(2024, 3, 4)).days
    assert 0 < row["working_days_left"] < calendar_days


def test_api_needs_a_staff_token(client):
    assert client.get("/api/v1/staff/todo").status_code == 401


def test_late_items_come_first_and_are_marked(catalogs, editor_a):
    with time_machine.travel(dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        make_item(catalogs.dept_a, actor=editor_a, title="早已成文的通知", written_on=dt.date(2024, 1, 2))
    with time_machine.travel(dt.datetime(2024, 3, 20, 9, tzinfo=dt.UTC), tick=False):
        rows = api_client(editor_a).get("/api/v1/staff/todo").json()
    late = [row for row in rows if row["kind"] == "item.late"]
    assert late and late[0]["urgent"] and late[0]["working_days_left"] < 0
    assert "第二十六条" in late[0]["note"]


def test_a_deadline_passed_over_the_weekend_is_late_not_due_today(catalogs, editor_a):
    # Due on Friday 8 March 2024, seen on Sunday 10 March: no working day has passed since the deadline, but
    # the item is late, not "due today".
    from gongkai.core import calendar as cal

    written = next(
        dt.date(2024, 2, 1) + dt.timedelta(days=n)
        for n in range(30)
        if cal.add_working_days(dt.date(2024, 2, 1) + dt.timedelta(days=n), 20).due == dt.date(2024, 3, 8)
    )
    with time_machine.travel(dt.datetime(2024, 3, 10, 9, tzinfo=dt.UTC), tick=False):
        item = make_item(catalogs.dept_a, actor=editor_a, title="周末前到期的通知", written_on=written)
        assert item.publish_due_on == dt.date(2024, 3, 8)
        rows = [r for r in api_client(editor_a).get("/api/v1/staff/todo").json() if r["kind"] == "item.late"]
        page = logged_in(editor_a).get("/manage/").content.decode()
    assert rows[0]["working_days_left"] == -1
    assert "今天到期" not in page and "已逾期 1 个工作日" in page


def test_a_corrected_item_once_published_is_not_late_under_article_26(catalogs, editor_a, reviewer_a):
    from tests.publishing.conftest import publish

    with time_machine.travel(dt.datetime(2024, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        item = make_item(
            catalogs.dept_a, actor=editor_a, title="曾经公开的通知", written_on=dt.date(2024, 1, 8)
        )
        publish(item, editor_a, reviewer_a)
    with time_machine.travel(dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        services.withdraw_item(actor=reviewer_a, item=item, reason="更正附件")
        services.restore_item(actor=editor_a, item=item)
        rows = api_client(editor_a).get("/api/v1/staff/todo").json()
    assert not [row for row in rows if row["kind"] == "item.late"]


def test_signing_in_without_a_target_lands_on_the_to_do_list(catalogs, editor_a, client):
    editor_a.set_password("一个足够长的测试密码2026")
    editor_a.save()
    page = client.get("/manage/admin/login/").content.decode()
    assert 'name="next" value="/manage/"' in page
    response = client.post(
        "/manage/admin/login/",
        {"username": editor_a.username, "password": "一个足够长的测试密码2026", "next": "/manage/"},
    )
    assert response.status_code == 302 and response["Location"] == "/manage/"
