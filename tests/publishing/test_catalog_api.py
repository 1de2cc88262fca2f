"""GET /api/v1/catalogs/{unit_id}: a unit's columns as a tree with their catalog fields and item counts."""

import pytest

from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


def find(nodes, code):
    for node in nodes:
        if node["code"] == code:
            return node
        found = find(node["children"], code)
        if found:
            return found
    return None


def test_the_catalog_is_a_tree_with_the_standard_fields(client, catalogs):
    data = client.get(f"/api/v1/catalogs/{catalogs.dept_a.pk}").json()
    assert data["unit_name"] == "临沂市发展和改革委员会"
    assert data["guide_url"] == f"/xxgk/{catalogs.dept_a.pk}/guide/"
    xxgk = data["columns"][0]
    assert xxgk["name"] == "政府信息公开"
    assert [c["name"] for c in xxgk["children"]] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ]
    a20 = find(data["columns"], "a20-07")
    assert a20["legal_basis"] == "《中华人民共和国政府信息公开条例》第二十条"
    assert a20["time_limit"] == "自信息形成或者变更之日起20个工作日内"
    assert a20["subject"] == "临沂市发展和改革委员会"
    assert a20["channels"] == ["GOV_WEBSITE"]
    assert (a20["audience"], a20["mode"], a20["level"]) == ("public", "proactive", "市级")
    assert a20["url"] == column(catalogs.dept_a, "a20-07").get_absolute_url()
    assert find(data["columns"], "xxgk-guide")["url"] == f"/xxgk/{catalogs.dept_a.pk}/guide/"


def test_counts_are_of_published_items_direct_and_below(client, catalogs, editor_a, reviewer_a):
    a20 = column(catalogs.dept_a, "a20-07")
    publish(
        make_item(catalogs.dept_a, actor=editor_a, columns=[a20, column(catalogs.dept_a, "xxgk-statutory")]),
        editor_a,
        reviewer_a,
    )
    make_item(catalogs.dept_a, actor=editor_a, columns=[a20], title="草稿不计入")
    data = client.get(f"/api/v1/catalogs/{catalogs.dept_a.pk}").json()
    assert find(data["columns"], "a20-07")["item_count"] == 1
    statutory = find(data["columns"], "xxgk-statutory")
    assert (statutory["item_count"], statutory["total_count"]) == (1, 1)  # the same item counted once
    assert find(data["columns"], "xxgk")["total_count"] == 1
    assert find(data["columns"], "a20-01")["record_count"] == 0  # filled by the register
    assert find(data["columns"], "a20-07")["record_count"] == 0  # filled by the budgets register
    assert find(data["columns"], "a20-09")["record_count"] is None  # no module fills it


def test_an_unknown_or_disabled_unit_answers_the_404_envelope(client, catalogs):
    response = client.get("/api/v1/catalogs/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    core_services.update_organization(actor=SYSTEM, organization=catalogs.dept_b, is_active=False)
    assert client.get(f"/api/v1/catalogs/{catalogs.dept_b.pk}").status_code == 404


def test_a_unit_without_columns_has_an_empty_catalog(client, tree):
    assert client.get(f"/api/v1/catalogs/{tree.street.pk}").json()["columns"] == []


def test_totals_count_an_item_in_two_sub_columns_once_and_leave_out_items_not_public(
    client, catalogs, editor_a, reviewer_a, django_assert_num_queries
):
    """The counts come from the links' index less the links to items that are not public (a draft, a
    withdrawn item), the totals of a column with sub-columns as distinct items."""
    from gongkai.publishing import services

    a07, a08 = column(catalogs.dept_a, "a20-07"), column(catalogs.dept_a, "a20-08")
    publish(make_item(catalogs.dept_a, actor=editor_a, columns=[a07, a08]), editor_a, reviewer_a)
    publish(make_item(catalogs.dept_a, actor=editor_a, columns=[a07], title="另一条"), editor_a, reviewer_a)
    make_item(catalogs.dept_a, actor=editor_a, columns=[a07, a08], title="草稿不计入")
    gone = publish(
        make_item(catalogs.dept_a, actor=editor_a, columns=[a08], title="撤回不计入"), editor_a, reviewer_a
    )
    services.withdraw_item(actor=reviewer_a, item=gone, reason="内容有误")
    with django_assert_num_queries(5):  # unit, columns, direct counts, totals, record counts
        data = client.get(f"/api/v1/catalogs/{catalogs.dept_a.pk}").json()
    assert (find(data["columns"], "a20-07")["item_count"], find(data["columns"], "a20-08")["item_count"]) == (
        2,
        1,
    )
    statutory = find(data["columns"], "xxgk-statutory")
    assert (statutory["item_count"], statutory["total_count"]) == (0, 2)
    assert find(data["columns"], "xxgk")["total_count"] == 2
    assert find(data["columns"], "a20-07")["total_count"] == 2  # a column without sub-columns: its own


def test_record_counts_of_every_source_are_read_in_one_query(catalogs, django_assert_num_queries):
    from gongkai.core.models import Organization
    from gongkai.publishing.column_sources import QueryRows, count_rows

    units = Organization.objects.all()
    sources = [
        QueryRows(units, str),
        [{"title": "一", "url": "/a/"}, {"title": "二", "url": "/b/"}],
        QueryRows(units.none(), str),
        QueryRows(units.filter(name="不存在的单位"), str),
        QueryRows(units.filter(pk=catalogs.dept_a.pk), str),
        QueryRows(units, str),  # the same query twice is asked once
    ]
    total = units.count()
    with django_assert_num_queries(1):
        assert count_rows(sources) == [total, 2, 0, 0, 1, total]
