"""The items API: public reading with filters; staff writing through the workflow."""

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services
from gongkai.publishing.models import InformationItem, KeyArea, Status
from tests.conftest import api_client
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(catalogs, editor_a, reviewer_a):
    energy = make_item(catalogs.dept_a, actor=editor_a, title="能源保供通知", topic="国民经济管理")
    energy.key_areas.set([KeyArea.objects.get(code="enterprise-services")])
    school = make_item(
        catalogs.dept_b,
        actor=SYSTEM,
        title="义务教育招生通知",
        topic="科技、教育",
        genre="公告",
        doc_number="临教发〔2024〕3号",
        columns=[column(catalogs.dept_b)],
    )
    energy = publish(energy, editor_a, reviewer_a)
    services.import_item(
        actor=SYSTEM, unit=catalogs.dept_b, published_at=energy.published_at, **_fields(school)
    )
    make_item(catalogs.dept_a, actor=editor_a, title="还在起草的文件")
    return InformationItem.objects.published()


def _fields(item):
    return {
        "title": "义务教育招生公告",
        "summary": item.summary,
        "written_on": item.written_on,
        "topic": item.topic,
        "genre": item.genre,
        "columns": list(item.columns.all()),
    }


def titles(response):
    return sorted(i["title"] for i in response.json()["items"])


def test_public_list_shows_published_items_only(client, items):
    assert titles(client.get("/api/v1/items")) == ["义务教育招生公告", "能源保供通知"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "科技、教育"}, ["义务教育招生公告"]),
        ({"genre": "通知"}, ["能源保供通知"]),
        ({"key_area": "enterprise-services"}, ["能源保供通知"]),
        ({"validity": "repealed"}, []),
        ({"q": "招生"}, ["义务教育招生公告"]),
    ],
)
def test_public_list_filters(client, items, params, expected):
    assert titles(client.get("/api/v1/items", params)) == expected


def test_filter_by_unit_column_and_year(client, items, catalogs):
    assert titles(client.get("/api/v1/items", {"unit": catalogs.dept_b.pk})) == ["义务教育招生公告"]
    policy = column(catalogs.dept_a)
    assert titles(client.get("/api/v1/items", {"column": policy.pk})) == ["能源保供通知"]
    year = items.first().published_at.year
    assert len(client.get("/api/v1/items", {"year": year}).json()["items"]) == 2
    assert client.get("/api/v1/items", {"year": 1800}).status_code == 422


def test_detail_by_id_and_by_index_number(client, items):
    energy = items.get(title="能源保供通知")
    by_id = client.get(f"/api/v1/items/{energy.pk}").json()
    by_index = client.get(f"/api/v1/items/by-index/{energy.index_no}").json()
    assert by_id == by_index
    assert by_id["index_no"] == energy.index_no and by_id["published_on_time"] in (True, False)
    draft = InformationItem.objects.get(title="还在起草的文件")
    assert client.get(f"/api/v1/items/{draft.pk}").status_code == 404


def test_staff_journey_through_the_api(catalogs, editor_a, reviewer_a):
    editor, reviewer = api_client(editor_a), api_client(reviewer_a)
    policy = column(catalogs.dept_a)
    created = editor.post(
        "/api/v1/staff/items",
        {
            "title": "关于公布第二批服务业集聚区名单的通知",
            "summary": "公布名单。",
            "doc_number": "临发改(2024)30号",
            "written_on": "2024-05-06",
            "topic": "国民经济管理",
            "genre": "通知",
            "body": "<p>正文</p>",
            "column_ids": [policy.pk],
            "key_areas": ["enterprise-services"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["doc_number"] == "临发改〔2024〕30号" and item["status"] == "draft"
    assert editor.get(f"/api/v1/staff/items/{item['id']}/checks").json() == []
    assert editor.post(f"/api/v1/staff/items/{item['id']}/approve").status_code == 403
    assert editor.post(f"/api/v1/staff/items/{item['id']}/submit").json()["status"] == "submitted"
    queue = reviewer.get("/api/v1/staff/items", {"queue": "review"}).json()["items"]
    assert [q["id"] for q in queue] == [item["id"]]
    approved = reviewer.post(f"/api/v1/staff/items/{item['id']}/approve").json()
    assert approved["status"] == "published" and approved["index_no"].startswith(catalogs.dept_a.credit_code)
    withdrawn = reviewer.post(
        f"/api/v1/staff/items/{item['id']}/withdraw", {"reason": "名单调整"}, content_type="application/json"
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_submit_with_blocking_findings_is_a_422_naming_the_fields(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a, summary="")
    response = api_client(editor_a).post(f"/api/v1/staff/items/{item.pk}/submit")
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["summary"] == "缺少必填元数据“内容概述”。"
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_stale_version_is_a_409_conflict(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    client = api_client(editor_a)
    first = client.patch(
        f"/api/v1/staff/items/{item.pk}",
        {"version": item.version, "title": "改一"},
        content_type="application/json",
    )
    assert first.status_code == 200
    second = client.patch(
        f"/api/v1/staff/items/{item.pk}",
        {"version": item.version, "title": "改二"},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    item.refresh_from_db()
    assert item.title == "改一"


def test_reject_needs_a_reason(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    response = api_client(reviewer_a).post(
        f"/api/v1/staff/items/{item.pk}/reject", {"reason": ""}, content_type="application/json"
    )
    assert response.status_code == 422
