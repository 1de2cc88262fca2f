"""Citizens apply and track; staff record events through the API; identities stay with the handling unit."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import calendar as cal
from gongkai.core.models import AuditEvent
from gongkai.foi.models import Application
from tests.challenges import proof
from tests.conftest import api_client, logged_in
from tests.foi.conftest import VALID_ID, applicant

pytestmark = pytest.mark.django_db


def form(unit, client=None, **overrides):
    data = {"unit": unit.pk, "submission_key": "key-123", **applicant()}
    if client is not None:
        data |= proof(client, "foi")
    data.update(overrides)
    return data


def test_citizen_applies_and_gets_code_and_secret(client, tree):
    with time_machine.travel(dt.datetime(2024, 2, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        page = client.post("/foi/apply/", form(tree.dept_a, client))
    assert page.status_code == 200
    application = Application.objects.get()
    assert application.tracking_code in page.text
    assert application.received_on == dt.date(2024, 2, 1)
    assert '<time datetime="2024-03-05">' in page.text  # 20 working days across Spring Festival 2024


def test_double_submission_creates_one_application_with_the_same_secret(client, tree):
    first = client.post("/foi/apply/", form(tree.dept_a, client))
    second = client.post("/foi/apply/", form(tree.dept_a, client))
    assert Application.objects.count() == 1
    secret = first.text.split('id="secret">')[1].split("<")[0]
    assert f'id="secret">{secret}<' in second.text
    assert "该申请此前已提交" in second.text


def test_bad_input_gets_chinese_errors_and_creates_nothing(client, tree):
    page = client.post(
        "/foi/apply/", form(tree.dept_a, client, id_number="110105194912310021", description="")
    )
    assert "身份证号码校验位不正确" in page.text
    assert "此项为必填项" in page.text
    assert not Application.objects.exists()


def test_tracking_needs_both_code_and_secret(client, tree):
    page = client.post("/foi/apply/", form(tree.dept_a, client))
    application = Application.objects.get()
    secret = page.text.split('id="secret">')[1].split("<")[0]
    wrong = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": "WRONG123"})
    assert "查询码或查询密码不正确" in wrong.text and "兰山区沂蒙路" not in wrong.text
    right = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
    assert "已登记" in right.text or "办理中" in right.text
    assert "张**" in right.text  # masked
    for private in ("张三丰", VALID_ID, "13805391234", "沂蒙路1号"):
        assert private not in right.text


def test_api_submit_is_idempotent_and_track_hides_identity(client, tree):
    body = {"unit_id": tree.dept_a.pk, "submission_key": "api-key-1", **applicant(), **proof(client, "foi")}
    first = client.post("/api/v1/foi/applications", body, content_type="application/json")
    again = client.post("/api/v1/foi/applications", body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["secret"] == again.json()["secret"]
    tracked = client.post(
        "/api/v1/foi/track",
        {"tracking_code": first.json()["tracking_code"], "secret": first.json()["secret"]},
        content_type="application/json",
    )
    assert tracked.status_code == 200
    text = tracked.content.decode()
    for private in ("张三丰", VALID_ID, "13805391234", "沂蒙路"):
        assert private not in text
    bad = client.post(
        "/api/v1/foi/track",
        {"tracking_code": first.json()["tracking_code"], "secret": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 404


def test_api_rejects_bad_id_with_a_422(client, tree):
    body = {"unit_id": tree.dept_a.pk, **applicant(id_number="123")}
    response = client.post("/api/v1/foi/applications", body, content_type="application/json")
    assert response.status_code == 422
    assert "身份证号码" in response.json()["error"]["fields"]["id_number"]


def test_staff_events_through_the_api_return_the_recalculated_due_date(tree, editor_a):
    staff = api_client(editor_a)
    with time_machine.travel(dt.datetime(2027, 1, 5, 2, 0, tzinfo=dt.UTC), tick=False):
        created = staff.post(
            "/api/v1/staff/foi/applications",
            {"unit_id": tree.dept_a.pk, "channel": "mail_signed", "received_on": "2019-09-20", **applicant()},
            content_type="application/json",
        )
        assert created.status_code == 201 and created.json()["due_on"] == "2019-10-23"
        app_id = Application.objects.get().pk
        url = f"/api/v1/staff/foi/applications/{app_id}/events"
        started = staff.post(
            url,
            {"kind": "consultation_started", "on": "2019-09-25", "party": "某公司"},
            content_type="application/json",
        )
        # recorded in 2027: the company's 15 working days ended in 2019, so the clock runs again (Art. 32)
        assert started.json()["status"] == "in_progress"
        assert started.json()["events"][-1]["data"]["party_kind"] == "third_party"
        ended = staff.post(
            url,
            {"kind": "consultation_ended", "on": "2019-10-15", "party": "某公司"},
            content_type="application/json",
        )
        assert ended.json()["due_on"] == "2019-11-07"
        extended = staff.post(
            url,
            {"kind": "extended", "on": "2019-11-01", "days": 20, "approver": "主任", "reason": "涉及第三方"},
            content_type="application/json",
        )
        assert extended.json()["due_on"] == "2019-12-05"
        assert [e["kind"] for e in extended.json()["events"]] == [
            "received", "consultation_started", "consultation_ended", "extended"
        ]  # fmt: skip
        refused = staff.post(
            url, {"kind": "extended", "on": "2019-11-02", "days": 5}, content_type="application/json"
        )
        assert refused.status_code == 422


def test_identity_is_for_the_handling_unit_and_every_view_is_audited(tree, editor_a, editor_b, office, lodge):
    application = lodge(dt.date(2024, 3, 1))
    own = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{application.pk}")
    assert own.json()["applicant_name"] == "张三丰"
    assert api_client(office).get(f"/api/v1/staff/foi/applications/{application.pk}").status_code == 200
    assert api_client(editor_b).get(f"/api/v1/staff/foi/applications/{application.pk}").status_code == 404
    assert (
        logged_in(editor_b).get(f"/manage/admin/foi/application/{application.pk}/change/").status_code == 404
    )
    page = logged_in(editor_a).get(f"/manage/admin/foi/application/{application.pk}/change/")
    assert "张三丰" in page.text
    viewers = set(
        AuditEvent.objects.filter(action="foi.application.identity_viewed").values_list(
            "actor__username", flat=True
        )
    )
    assert viewers == {"editor_a", "office"}


def test_other_units_cannot_record_events(tree, editor_b, lodge):
    application = lodge(dt.date(2024, 3, 1))
    response = api_client(editor_b).post(
        f"/api/v1/staff/foi/applications/{application.pk}/events",
        {"kind": "answered", "outcome": "granted", "reply_text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Application.objects.get().status != "answered"


def test_desk_lists_the_queue_by_due_date(tree, editor_a, lodge):
    later = lodge(dt.date(2024, 3, 1))
    sooner = lodge(dt.date(2024, 2, 1))
    body = api_client(editor_a).get("/api/v1/staff/foi/applications").json()
    assert [i["id"] for i in body["items"]] == [sooner.pk, later.pk]
    page = logged_in(editor_a).get("/manage/admin/foi/application/").text
    assert page.index(sooner.tracking_code) < page.index(later.tracking_code)


def test_desk_shows_each_open_application_its_working_days_left(tree, editor_a, lodge):
    overdue = lodge(dt.date(2024, 2, 1))  # due 5 March 2024 (Spring Festival)
    running = lodge(dt.date(2024, 3, 1))
    with time_machine.travel(dt.datetime(2024, 3, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        page = logged_in(editor_a).get("/manage/admin/foi/application/").text
    assert overdue.due_on == dt.date(2024, 3, 5)
    assert "已逾期11个工作日" in page  # 6-8, 11-15, 18-20 March
    left, _provisional = cal.working_days_between(dt.date(2024, 3, 20), running.due_on)
    assert left > 0
    assert f'<span class="">{left}</span>' in page or f'<span class="due-soon">{left}</span>' in page


@pytest.mark.parametrize(
    ("received", "events", "due"),
    [
        ("2019-09-20", [], "2019-10-23"),  # A: National Day 2019
        ("2024-02-01", [], "2024-03-05"),  # D: Spring Festival 2024
        ("2025-01-24", [], "2025-02-27"),  # G: 2025, New Year's Eve a holiday
        ("2019-10-08", [], "2019-11-04"),  # our own: make-up Saturday 2019-10-12 counts
        (
            "2024-02-07",  # E: correction restarts the clock, then an extension
            [
                {"kind": "correction_requested", "on": "2024-02-08"},
                {"kind": "correction_received", "on": "2024-02-20"},
                {"kind": "extended", "on": "2024-03-15", "days": 20, "approver": "主任", "reason": "调档"},
            ],
            "2024-04-17",
        ),
    ],
)
def test_worked_examples_through_the_api(tree, editor_a, received, events, due):
    staff = api_client(editor_a)
    created = staff.post(
        "/api/v1/staff/foi/applications",
        {"unit_id": tree.dept_a.pk, "channel": "in_person", "received_on": received, **applicant()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    app_id = Application.objects.get().pk
    result = created.json()["due_on"]
    for body in events:
        response = staff.post(
            f"/api/v1/staff/foi/applications/{app_id}/events", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        result = response.json()["due_on"]
    assert result == due


def test_form_desk_and_api_ask_for_the_same_applicant_fields(client, tree, editor_a):
    from gongkai.foi.models import APPLICATION_FIELDS

    page = client.get("/foi/apply/").text
    assert all(f'name="{name}"' in page for name in APPLICATION_FIELDS)
    intake = logged_in(editor_a).get("/manage/admin/foi/application/intake/").text
    assert all(f'name="{name}"' in intake for name in APPLICATION_FIELDS)
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(APPLICATION_FIELDS) <= set(schema["ApplicationIn"]["properties"])
    assert set(APPLICATION_FIELDS) <= set(schema["StaffIntakeIn"]["properties"])


def test_the_contact_person_given_in_the_form_is_kept(client, tree):
    client.post("/foi/apply/", form(tree.dept_a, client, contact_name="李经办"))
    assert Application.objects.get().contact_name == "李经办"
