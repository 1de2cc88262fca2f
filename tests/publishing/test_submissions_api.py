"""信息报送 in the staff API: submit, list (scoped), adopt/decline/withdraw, counts; errors in the envelope."""

import pytest

from gongkai.publishing.models import Column, Submission
from tests.conftest import api_client
from tests.publishing.conftest import make_item, publish
from tests.publishing.test_submissions import portal_column, two_sites

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def news(catalogs):
    portal_column(catalogs.city, "notices", "通知公告")
    return portal_column(catalogs.city)


@pytest.fixture
def item(news, catalogs, editor_a, reviewer_a):
    return publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)


def submit(client, item, column, **extra):
    return client.post(
        "/api/v1/staff/submissions", {"item_id": item.pk, "column_id": column.pk, **extra}, content_type=JSON
    )


def test_a_unit_submits_and_the_office_adopts(item, news, editor_a, office):
    editor, city = api_client(editor_a), api_client(office)
    created = submit(editor, item, news, note="建议要闻刊发")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "submitted" and body["column_name"] == "要闻" and body["note"] == "建议要闻刊发"
    assert body["unit_name"] == item.unit.name and body["portal_unit_id"] == news.unit_id
    incoming = city.get("/api/v1/staff/submissions", {"box": "incoming", "status": "submitted"}).json()
    assert [row["id"] for row in incoming["items"]] == [body["id"]]
    adopted = city.post(f"/api/v1/staff/submissions/{body['id']}/adopt", {}, content_type=JSON)
    assert adopted.status_code == 200, adopted.content
    assert adopted.json()["status"] == "adopted" and adopted.json()["decided_by"]
    assert news in item.columns.all()
    listed = api_client(editor_a).get("/api/v1/items", {"column": news.pk}).json()["items"]
    assert [row["id"] for row in listed] == [item.pk]


def test_declining_without_a_reason_is_a_422_naming_the_field(item, news, editor_a, office):
    sid = submit(api_client(editor_a), item, news).json()["id"]
    response = api_client(office).post(f"/api/v1/staff/submissions/{sid}/decline", {}, content_type=JSON)
    assert response.status_code == 422
    assert "reason" in response.json()["error"]["fields"]
    ok = api_client(office).post(
        f"/api/v1/staff/submissions/{sid}/decline", {"reason": "不宜作为要闻"}, content_type=JSON
    )
    assert ok.json()["status"] == "declined" and ok.json()["reason"] == "不宜作为要闻"


def test_the_unit_withdraws_while_pending_and_not_after(item, news, editor_a, office):
    editor = api_client(editor_a)
    sid = submit(editor, item, news).json()["id"]
    assert editor.post(f"/api/v1/staff/submissions/{sid}/withdraw").json()["status"] == "withdrawn"
    again = editor.post(f"/api/v1/staff/submissions/{sid}/withdraw")
    assert again.status_code == 422 and "status" in again.json()["error"]["fields"]


def test_submitting_twice_or_a_draft_is_a_422(item, news, catalogs, editor_a):
    editor = api_client(editor_a)
    assert submit(editor, item, news).status_code == 201
    twice = submit(editor, item, news)
    assert twice.status_code == 422 and "column" in twice.json()["error"]["fields"]
    draft = make_item(catalogs.dept_a, actor=editor_a, title="草稿")
    assert submit(editor, draft, news).status_code == 422
    assert submit(editor, item, Column(pk=987654)).status_code == 422


def test_permissions_answer_403_and_404_in_the_envelope(
    item, news, editor_a, editor_b, reviewer_a, county_office
):
    sid = submit(api_client(editor_a), item, news).json()["id"]
    assert submit(api_client(editor_b), item, news).status_code == 404  # another unit's item
    own = api_client(reviewer_a).post(f"/api/v1/staff/submissions/{sid}/adopt", {}, content_type=JSON)
    assert own.status_code == 403 and own.json()["error"]["code"]
    other = api_client(county_office).post(f"/api/v1/staff/submissions/{sid}/adopt", {}, content_type=JSON)
    assert other.status_code == 404 and other.json()["error"]["code"]
    assert api_client(editor_b).get(f"/api/v1/staff/submissions/{sid}").status_code == 404
    assert api_client(editor_b).get("/api/v1/staff/submissions").json()["count"] == 0
    assert Submission.objects.get(pk=sid).status == "submitted"


def test_another_sites_office_gets_404_on_adopt(item, news, catalogs, editor_a, office):
    """兰山区's office runs its portal; it cannot decide the city's incoming submissions (nor the other way)."""
    from gongkai.core.roles import Role
    from tests.conftest import _staff

    two_sites(catalogs)
    county_office = _staff("ls_office", catalogs.county, Role.OPENNESS_OFFICE)
    sid = submit(api_client(editor_a), item, news).json()["id"]
    response = api_client(county_office).post(f"/api/v1/staff/submissions/{sid}/adopt", {}, content_type=JSON)
    assert response.status_code == 404


def test_stats_count_per_unit(item, news, editor_a, office):
    editor = api_client(editor_a)
    sid = submit(editor, item, news).json()["id"]
    api_client(office).post(f"/api/v1/staff/submissions/{sid}/adopt", {}, content_type=JSON)
    year = Submission.objects.get(pk=sid).submitted_at.year
    rows = api_client(office).get("/api/v1/staff/submissions/stats", {"year": year}).json()
    assert rows == [
        {
            "unit_id": item.unit_id,
            "unit_name": item.unit.name,
            "submitted": 1,
            "adopted": 1,
            "declined": 0,
            "pending": 0,
        }
    ]
    assert api_client(office).get("/api/v1/staff/submissions/stats", {"year": year - 1}).json() == []
    assert api_client(office).get("/api/v1/staff/submissions/stats", {"year": "abc"}).status_code == 422
    assert api_client(office).get("/api/v1/staff/submissions", {"box": "other"}).status_code == 422
