"""The shared personas, each doing what its role allows and refused what it does not, through HTTP.

Citizen (anonymous client), editor and reviewer of 市发展改革委 (unit A), another unit's (市教育局) editor
and reviewer, and the city's openness office. Every refusal leaves the record as it was and no audit record;
every allowed move leaves one.
"""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import InformationItem, Status
from tests.conftest import api_client, logged_in
from tests.publishing.conftest import catalogs, make_item

__all__ = ["catalogs"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_a(catalogs, editor_a) -> InformationItem:
    """A unit A item its editor has sent for review."""
    item = make_item(catalogs.dept_a, actor=editor_a, title="发展改革委待审核的通知")
    response = api_client(editor_a).post(f"/api/v1/staff/items/{item.pk}/submit")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    return item


def _events_on(item: InformationItem) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(item.pk), action__startswith="publishing.item.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_a_citizen_reads_public_pages_but_not_the_back_office_or_the_staff_api(citizen, submitted_a):
    assert citizen.get("/").status_code == 200
    assert citizen.get("/xxgk/").status_code == 200
    assert citizen.get(f"/xxgk/items/{submitted_a.pk}/").status_code == 404  # not published yet
    back_office = citizen.get("/manage/admin/publishing/informationitem/")
    assert back_office.status_code == 302 and "/login/" in back_office["Location"]
    assert citizen.get("/api/v1/staff/items").status_code == 401
    assert citizen.post(f"/api/v1/staff/items/{submitted_a.pk}/approve").status_code == 401
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.SUBMITTED


def test_the_editor_submits_but_cannot_approve_its_own_units_item(editor_a, submitted_a):
    before = _events_on(submitted_a)
    assert api_client(editor_a).post(f"/api/v1/staff/items/{submitted_a.pk}/approve").status_code == 403
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.SUBMITTED
    assert _events_on(submitted_a) == before


def test_the_reviewer_approves_its_own_units_item_and_the_audit_log_names_the_reviewer(
    reviewer_a, submitted_a
):
    client = api_client(reviewer_a)
    assert [row["id"] for row in client.get("/api/v1/staff/items", {"queue": "review"}).json()["items"]] == [
        submitted_a.pk
    ]
    response = client.post(f"/api/v1/staff/items/{submitted_a.pk}/approve")
    assert response.status_code == 200, response.content
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.PUBLISHED
    last = AuditEvent.objects.filter(object_id=str(submitted_a.pk)).order_by("seq").last()
    assert last.actor == reviewer_a and last.action.startswith("publishing.item.")


def test_another_units_editor_does_not_even_see_the_item(editor_b, submitted_a):
    client = api_client(editor_b)
    assert all(row["id"] != submitted_a.pk for row in client.get("/api/v1/staff/items").json()["items"])
    assert client.get(f"/api/v1/staff/items/{submitted_a.pk}").status_code == 404
    assert (
        "发展改革委待审核的通知"
        not in logged_in(editor_b).get("/manage/admin/publishing/informationitem/").text
    )


def test_another_units_reviewer_cannot_see_or_approve_the_item(reviewer_b, submitted_a):
    before = _events_on(submitted_a)
    client = api_client(reviewer_b)
    assert client.get("/api/v1/staff/items", {"queue": "review"}).json()["items"] == []
    assert client.get(f"/api/v1/staff/items/{submitted_a.pk}").status_code == 404
    assert client.post(f"/api/v1/staff/items/{submitted_a.pk}/approve").status_code == 404
    reject = client.post(
        f"/api/v1/staff/items/{submitted_a.pk}/reject",
        {"reason": "越权退回"},
        content_type="application/json",
    )
    assert reject.status_code == 404
    back_office = logged_in(reviewer_b)
    assert "发展改革委待审核的通知" not in back_office.get("/manage/admin/publishing/informationitem/").text
    assert back_office.post(
        f"/manage/admin/publishing/informationitem/{submitted_a.pk}/workflow/approve/"
    ).status_code in (
        403,
        404,
    )
    submitted_a.refresh_from_db()
    assert submitted_a.status == Status.SUBMITTED
    assert _events_on(submitted_a) == before


def test_another_units_reviewer_approves_in_its_own_unit(reviewer_b, editor_b, catalogs):
    item = make_item(
        catalogs.dept_b, actor=editor_b, title="教育局待审核的通知", doc_number="临教〔2024〕3号"
    )
    assert api_client(editor_b).post(f"/api/v1/staff/items/{item.pk}/submit").status_code == 200
    response = api_client(reviewer_b).post(f"/api/v1/staff/items/{item.pk}/approve")
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert AuditEvent.objects.filter(object_id=str(item.pk), actor=reviewer_b).exists()


def test_the_openness_office_sees_every_units_queue(office, submitted_a, editor_b, catalogs):
    item_b = make_item(catalogs.dept_b, actor=editor_b, title="教育局的草稿", doc_number="临教〔2024〕4号")
    client = api_client(office)
    listed = {row["id"] for row in client.get("/api/v1/staff/items", {"page_size": 100}).json()["items"]}
    assert {submitted_a.pk, item_b.pk} <= listed
    page = logged_in(office).get("/manage/admin/publishing/informationitem/").text
    assert "发展改革委待审核的通知" in page and "教育局的草稿" in page


# FOI (依申请公开): the handling unit's staff work an application; another unit's reviewer cannot reach it.


@pytest.fixture
def application_a(tree, editor_a):
    """A written application 市发展改革委's editor registered through the staff intake."""
    from gongkai.foi.models import Application

    response = api_client(editor_a).post(
        "/api/v1/staff/foi/applications",
        {
            "unit_id": tree.dept_a.pk,
            "channel": "mail_signed",
            "received_on": "2026-11-02",
            "applicant_type": "natural_person",
            "applicant_name": "张三丰",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13805391234",
            "description": "2019年临沂市城区道路改造项目的立项批复文件",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Application.objects.get(tracking_code=response.json()["tracking_code"])


def test_another_units_reviewer_cannot_reach_an_foi_application(reviewer_b, application_a):
    client, back_office = api_client(reviewer_b), logged_in(reviewer_b)  # issuing the token is audited itself
    events_before = application_a.events.count()
    audit_before = AuditEvent.objects.count()
    listed = client.get("/api/v1/staff/foi/applications", {"open_only": False}).json()["items"]
    assert all(row["tracking_code"] != application_a.tracking_code for row in listed)
    assert client.get(f"/api/v1/staff/foi/applications/{application_a.pk}").status_code == 404
    note = client.post(
        f"/api/v1/staff/foi/applications/{application_a.pk}/events",
        {"kind": "note", "note": "越权登记"},
        content_type="application/json",
    )
    assert note.status_code == 404
    assert back_office.get(f"/manage/admin/foi/application/{application_a.pk}/change/").status_code == 404
    assert application_a.events.count() == events_before
    assert AuditEvent.objects.count() == audit_before  # not even a view of the applicant's identity


def test_the_handling_units_reviewer_reads_the_application_and_the_view_is_audited(reviewer_a, application_a):
    response = api_client(reviewer_a).get(f"/api/v1/staff/foi/applications/{application_a.pk}")
    assert response.status_code == 200, response.content
    assert response.json()["tracking_code"] == application_a.tracking_code
    assert AuditEvent.objects.filter(actor=reviewer_a, object_id=str(application_a.pk)).exists()


# 政民互动: a citizen writes to unit A's consultation channel; only unit A's staff handle the message.


@pytest.fixture
def message_a(citizen, tree):
    """A question a citizen sent through the public API (answering the server's challenge after a pause)."""
    import datetime as dt

    import time_machine

    from gongkai.interaction.models import Channel, Message
    from tests.challenges import answer_of

    channel = Channel.objects.create(
        code="fgw-consult", name="发改委咨询", kind="consultation", unit=tree.dept_a, reply_days=5
    )
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        challenge = citizen.get("/api/v1/interaction/challenge").json()
    body = {
        "channel_id": channel.pk, "subject": "咨询价格政策", "body": "请问居民阶梯电价如何计算？", "name": "王五",
        "phone": "13605391234", "token": challenge["token"], "answer": answer_of(challenge["token"]),
        "submission_key": "persona-1",
    }  # fmt: skip
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        created = citizen.post("/api/v1/interaction/messages", body, content_type="application/json")
    assert created.status_code == 201, created.content
    return Message.objects.get(query_code=created.json()["query_code"])


def test_another_units_reviewer_cannot_see_or_handle_a_message(reviewer_b, message_a):
    client = api_client(reviewer_b)
    audit_before, status_before = AuditEvent.objects.count(), message_a.status
    assert client.get("/api/v1/staff/interaction/messages").json()["items"] == []
    assert client.get(f"/api/v1/staff/interaction/messages/{message_a.pk}").status_code == 404
    handled = client.post(
        f"/api/v1/staff/interaction/messages/{message_a.pk}/events",
        {"kind": "accepted"},
        content_type="application/json",
    )
    assert handled.status_code == 404
    message_a.refresh_from_db()
    assert message_a.status == status_before
    assert AuditEvent.objects.count() == audit_before


def test_the_handling_units_reviewer_accepts_the_message_and_the_audit_log_names_the_reviewer(
    reviewer_a, message_a
):
    response = api_client(reviewer_a).post(
        f"/api/v1/staff/interaction/messages/{message_a.pk}/events",
        {"kind": "accepted"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    message_a.refresh_from_db()
    assert message_a.status != "received"
    assert AuditEvent.objects.filter(actor=reviewer_a, object_id=str(message_a.pk)).exists()
