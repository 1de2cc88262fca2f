"""Units cannot touch each other's items: back office, API and public pages."""

import pytest

from gongkai.publishing.models import InformationItem
from tests.conftest import api_client, logged_in
from tests.publishing.conftest import column, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_b(catalogs, editor_b):
    return make_item(catalogs.dept_b, actor=editor_b, title="教育局的草稿", columns=[column(catalogs.dept_b)])


def test_back_office_hides_another_units_items(editor_a, item_b):
    client = logged_in(editor_a)
    assert "教育局的草稿" not in client.get("/manage/admin/publishing/informationitem/").text
    assert client.get(f"/manage/admin/publishing/informationitem/{item_b.pk}/change/").status_code == 404
    response = client.post(f"/manage/admin/publishing/informationitem/{item_b.pk}/workflow/submit/")
    assert response.status_code == 404
    item_b.refresh_from_db()
    assert item_b.status == "draft"


def test_api_hides_and_refuses_another_units_items(editor_a, item_b, catalogs):
    client = api_client(editor_a)
    assert all(i["id"] != item_b.pk for i in client.get("/api/v1/staff/items").json()["items"])
    assert client.get(f"/api/v1/staff/items/{item_b.pk}").status_code == 404
    patch = client.patch(
        f"/api/v1/staff/items/{item_b.pk}",
        {"version": item_b.version, "title": "篡改"},
        content_type="application/json",
    )
    assert patch.status_code == 404
    assert client.post(f"/api/v1/staff/items/{item_b.pk}/submit").status_code == 404
    planted = client.post(
        "/api/v1/staff/items",
        {"unit_id": catalogs.dept_b.pk, "title": "替别人发的文件"},
        content_type="application/json",
    )
    assert planted.status_code == 404
    foreign_column = client.post(
        "/api/v1/staff/items",
        {"title": "挂到别人栏目的文件", "column_ids": [column(catalogs.dept_b).pk]},
        content_type="application/json",
    )
    assert foreign_column.status_code == 422
    item_b.refresh_from_db()
    assert item_b.title == "教育局的草稿"
    assert not InformationItem.objects.filter(title__in=["替别人发的文件", "挂到别人栏目的文件"]).exists()


def test_openness_office_sees_every_units_items(office, item_b):
    assert "教育局的草稿" in logged_in(office).get("/manage/admin/publishing/informationitem/").text
    assert api_client(office).get(f"/api/v1/staff/items/{item_b.pk}").status_code == 200


def test_editor_cannot_change_another_units_columns(editor_a, admin_a, catalogs):
    col_b = column(catalogs.dept_b)
    assert logged_in(admin_a).get(f"/manage/admin/publishing/column/{col_b.pk}/change/").status_code == 404
    assert (
        logged_in(admin_a)
        .get(f"/manage/admin/publishing/column/{column(catalogs.dept_a).pk}/change/")
        .status_code
        == 200
    )
