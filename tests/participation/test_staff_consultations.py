"""Consultations through the staff API (issue 26): created with their kinds, refused with 422 naming the
minimum and its basis, scoped to the units the user reaches."""

from gongkai.participation.models import Consultation
from tests.conftest import api_client

BODY = {
    "kinds": ["major_decision"],
    "title": "临沂市城区停车收费标准调整方案（征求意见稿）",
    "draft": "第一条 为了规范停车收费……\n\n第二条 本方案适用于城区。",
    "explanation": "依据《山东省定价目录》调整。",
    "basis": "《山东省定价目录》",
    "starts_at": "2026-03-02T09:00:00+08:00",
    "ends_at": "2026-03-12T09:00:00+08:00",
    "contact": "电话：0539-8000000",
    "is_published": True,
}


def post(user, **changes):
    return api_client(user).post(
        "/api/v1/staff/consultations", BODY | changes, content_type="application/json"
    )


def test_a_ten_day_major_decision_is_refused_with_the_minimum_and_its_basis(tree, reviewer_a):
    response = post(reviewer_a)
    assert response.status_code == 422
    message = response.json()["error"]["fields"]["ends_at"]
    assert "30日" in message and "《重大行政决策程序暂行条例》（2019年）第十四条" in message
    assert not Consultation.objects.exists()


def test_with_a_reason_it_is_created_and_the_public_sees_the_reason(tree, reviewer_a, client):
    response = post(reviewer_a, shortened_reason="汛期临近，须尽快出台。")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kinds"] == [{"code": "major_decision", "name": "重大行政决策"}]
    assert (data["period_days"], data["minimum"], data["period"]) == (10, "30日", "10日（不少于30日）")
    assert data["unit_id"] == tree.dept_a.pk
    page = client.get(data["url"]).content.decode()
    assert "汛期临近，须尽快出台。" in page
    listed = api_client(reviewer_a).get("/api/v1/staff/consultations").json()
    assert [c["id"] for c in listed] == [data["id"]]


def test_a_change_is_checked_too(tree, reviewer_a):
    created = post(reviewer_a, ends_at="2026-04-02T09:00:00+08:00").json()
    client = api_client(reviewer_a)
    url = f"/api/v1/staff/consultations/{created['id']}"
    assert client.get(url).json()["period_days"] == 31
    response = client.put(url, BODY | {"kinds": ["rule"]}, content_type="application/json")
    assert response.status_code == 422
    assert "规章制定程序条例" in response.json()["error"]["fields"]["ends_at"]
    response = client.put(url, BODY | {"kinds": ["other"]}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["minimum"] == "不设最短期限"


def test_unknown_kinds_and_reversed_dates_are_refused_in_chinese(tree, reviewer_a):
    response = post(reviewer_a, kinds=["nope"])
    assert response.status_code == 422 and "nope" in response.json()["error"]["fields"]["kinds"]
    response = post(reviewer_a, kinds=[], ends_at="2026-03-01T09:00:00+08:00")
    assert response.status_code == 422 and "晚于" in response.json()["error"]["fields"]["ends_at"]
    assert not Consultation.objects.exists()


def test_another_units_staff_cannot_create_or_read_for_a_unit_out_of_reach(
    tree, reviewer_a, reviewer_b, editor_a
):
    assert post(reviewer_b, unit=tree.dept_a.pk, shortened_reason="急").status_code == 404
    assert (
        post(editor_a, shortened_reason="急").status_code == 403
    )  # an editor does not publish consultations
    created = post(reviewer_a, shortened_reason="急").json()
    other = api_client(reviewer_b)
    assert other.get(f"/api/v1/staff/consultations/{created['id']}").status_code == 404
    assert other.get("/api/v1/staff/consultations").json() == []
    assert Consultation.objects.count() == 1


def test_the_public_api_carries_the_kinds_the_minimum_and_the_reason(tree, reviewer_a, client):
    created = post(reviewer_a, kinds=["normative", "major_decision"], shortened_reason="汛期临近。").json()
    listed = client.get("/api/v1/consultations").json()
    rows = listed["items"] if isinstance(listed, dict) else listed
    row = next(r for r in rows if r["id"] == created["id"])
    assert row["shortened_reason"] == "汛期临近。"
    detail = client.get(f"/api/v1/consultations/{created['id']}").json()
    assert {k["code"] for k in detail["kinds"]} == {"normative", "major_decision"}
    assert (detail["minimum"], detail["period_days"], detail["shortened_reason"]) == (
        "30日",
        10,
        "汛期临近。",
    )
