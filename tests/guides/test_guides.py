"""Service guides end to end: saving (only name and unit required, the rest flagged), publishing, the public
pages and API scoped to the site, the staff API's 422, unit scoping for staff, the VETO_SERVICE indicator
tripping and clearing, the to-do and the website report's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.core.todo import flat_todo_for
from gongkai.guides import services
from gongkai.guides.models import ServiceGuide, Status
from gongkai.guides.website_report_sources import _figures as report_figures
from gongkai.inspection import indicators
from tests.conftest import api_client, logged_in
from tests.guides.conftest import COMPLETE, COUNTY, SYSTEM, make_guide

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


# ---- saving and publishing ------------------------------------------------------------------------------


def test_a_guide_lacking_elements_is_saved_as_a_draft_with_what_it_lacks_audited(tree, editor_a):
    guide = services.save_guide(
        actor=editor_a, unit=tree.dept_a, fields={"name": "  企业投资项目备案  ", "phone": "0539-1"}
    )
    assert guide.status == Status.DRAFT and guide.name == "企业投资项目备案"
    assert guide.missing == ["设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "办理流程"]
    event = AuditEvent.objects.get(action="guides.guide.added")
    assert event.unit == tree.dept_a and "办理流程" in event.changes["missing"]


def test_name_and_unit_are_required_and_a_bad_choice_or_url_is_refused_in_chinese(tree, editor_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.save_guide(
            actor=editor_a, unit=None, fields={"category": "x", "online_url": "javascript:alert(1)"}
        )
    errors = refused.value.message_dict
    assert set(errors) == {"unit", "name", "category", "online_url"}
    assert "事项名称" in errors["name"][0] and "个人办事" in errors["category"][0]
    with pytest.raises(ValidationError) as refused:
        services.save_guide(
            actor=editor_a, unit=tree.dept_a, fields={"name": "甲", "online_level": "全程网办"}
        )
    assert "在线办理地址" in refused.value.message_dict["online_url"][0]
    assert not ServiceGuide.objects.exists()


def test_an_editor_writes_but_only_a_reviewer_publishes_and_only_in_its_own_unit(
    tree, editor_a, reviewer_a, editor_b
):
    guide = services.save_guide(actor=editor_a, unit=tree.dept_a, fields=COMPLETE)
    with pytest.raises(PermissionDenied):
        services.publish_guide(actor=editor_a, guide=guide)
    with pytest.raises(PermissionDenied):
        services.save_guide(actor=editor_b, unit=tree.dept_a, fields=COMPLETE)
    with pytest.raises(PermissionDenied):
        services.save_guide(actor=editor_b, unit=tree.dept_b, fields=COMPLETE, guide=guide)  # moving it away
    services.publish_guide(actor=reviewer_a, guide=guide)
    guide.refresh_from_db()
    assert guide.is_published and guide.published_at
    services.unpublish_guide(actor=reviewer_a, guide=guide)
    guide.refresh_from_db()
    assert guide.status == Status.DRAFT and guide.published_at is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="guides.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["guides.guide.added", "guides.guide.published", "guides.guide.unpublished"]


def test_an_editors_change_to_a_published_guide_takes_it_off_the_public_pages_until_a_reviewer_publishes(
    sites, tree, editor_a, reviewer_a, citizen
):
    guide = make_guide(tree.dept_a)
    services.save_guide(actor=editor_a, unit=tree.dept_a, guide=guide,
                        fields={**COMPLETE, "fees": "收费100元"})  # fmt: skip
    guide.refresh_from_db()
    assert guide.status == Status.DRAFT and guide.published_at is None and guide.fees == "收费100元"
    assert citizen.get(f"/services/{guide.pk}/").status_code == 404
    assert "食品经营许可证核发" not in citizen.get("/services/").content.decode()
    withdrawn = AuditEvent.objects.get(action="guides.guide.unpublished", object_id=str(guide.pk))
    assert withdrawn.actor == editor_a and withdrawn.changes["reason"] == "changed_without_publish_right"
    assert AuditEvent.objects.filter(action="guides.guide.changed", actor=editor_a).exists()
    services.publish_guide(actor=reviewer_a, guide=guide)
    services.save_guide(actor=reviewer_a, unit=tree.dept_a, guide=guide,
                        fields={**COMPLETE, "fees": "不收费"})  # fmt: skip
    guide.refresh_from_db()
    assert guide.is_published and guide.fees == "不收费"  # a reviewer's change stays published
    services.save_guide(actor=editor_a, unit=tree.dept_a, guide=guide, fields={**COMPLETE, "fees": "不收费"})
    guide.refresh_from_db()
    assert guide.is_published  # saving without a change withdraws nothing


def test_publishing_twice_or_withdrawing_a_draft_is_refused_in_chinese_and_leaves_no_record(tree, reviewer_a):
    from django.core.exceptions import ValidationError

    guide = make_guide(tree.dept_a)
    with pytest.raises(ValidationError, match="已发布"):
        services.publish_guide(actor=reviewer_a, guide=guide)
    services.unpublish_guide(actor=reviewer_a, guide=guide)
    with pytest.raises(ValidationError, match="尚未发布"):
        services.unpublish_guide(actor=reviewer_a, guide=guide)
    assert AuditEvent.objects.filter(action="guides.guide.unpublished").count() == 1
    assert AuditEvent.objects.filter(action="guides.guide.published").count() == 1


# ---- public pages and API ------------------------------------------------------------------------------


def test_the_public_list_shows_the_sites_published_guides_by_unit_and_filters(sites, tree, citizen):
    make_guide(tree.dept_a)
    make_guide(tree.dept_b, name="教师资格认定", category="personal", online_level="partial")
    make_guide(tree.dept_a, name="尚未发布的事项", publish=False)
    make_guide(tree.street, name="兰山街道低保申请")
    page = citizen.get("/services/").content.decode()
    assert page.count("<h1") == 1 and "breadcrumb" in page
    assert "食品经营许可证核发" in page and "教师资格认定" in page
    assert "尚未发布的事项" not in page and "兰山街道低保申请" not in page  # another site's
    assert tree.dept_a.display_name in page and tree.dept_b.display_name in page
    assert "教师资格认定" not in citizen.get("/services/?category=legal").content.decode()
    assert "食品经营许可" not in citizen.get("/services/?q=教师").content.decode()
    assert "教师资格认定" not in citizen.get(f"/services/?unit={tree.dept_a.pk}").content.decode()
    for url in (
        "/services/?unit=x&category=zz&online=%FF&page=abc",
        "/services/?unit=99999999999999999999999",
    ):
        assert citizen.get(url).status_code == 200
    county = citizen.get("/services/", HTTP_HOST=COUNTY).content.decode()
    assert "兰山街道低保申请" in county and "食品经营许可" not in county


def test_the_detail_shows_the_elements_in_a_table_and_says_nothing_of_what_is_missing(sites, tree, citizen):
    guide = make_guide(tree.dept_a, phone="", process="")
    page = citizen.get(f"/services/{guide.pk}/").content.decode()
    assert page.count("<h1") == 1
    for text in ("设定依据", "《中华人民共和国食品安全法》第三十五条", "办理材料", "营业执照复印件", "办理时间",
                 "收费标准", "全程网办", "https://zwfw.example.gov.cn/spfw/001"):  # fmt: skip
        assert text in page, text
    assert "缺少" not in page and "联系电话" not in page
    draft = make_guide(tree.dept_a, name="草稿", publish=False)
    assert citizen.get(f"/services/{draft.pk}/").status_code == 404
    other = make_guide(tree.street, name="兰山街道低保申请")
    moved = citizen.get(f"/services/{other.pk}/")
    assert moved.status_code == 302 and COUNTY in moved["Location"]


def test_the_public_api_lists_the_sites_published_guides(sites, tree, citizen):
    guide = make_guide(tree.dept_a)
    make_guide(tree.dept_a, name="草稿", publish=False)
    make_guide(tree.street, name="兰山街道低保申请")
    body = citizen.get("/api/v1/service-guides").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["name"] == "食品经营许可证核发" and row["phone"] == "0539-8720123" and "missing" not in row
    assert row["online_level_label"] == "全程网办" and row["url"] == f"/services/{guide.pk}/"
    assert citizen.get(f"/api/v1/service-guides/{guide.pk}").json()["process"].startswith("申请")
    assert citizen.get("/api/v1/service-guides?category=x").status_code == 422
    other = ServiceGuide.objects.get(name="兰山街道低保申请")
    assert citizen.get(f"/api/v1/service-guides/{other.pk}").status_code == 404
    assert citizen.get(f"/api/v1/service-guides/{other.pk}", HTTP_HOST=COUNTY).status_code == 200


def test_the_staff_api_adds_a_guide_and_names_only_the_missing_required_fields(
    tree, editor_a, reviewer_a, editor_b
):
    client = api_client(editor_a)
    refused = client.post("/api/v1/staff/service-guides", {"phone": "1"}, content_type="application/json")
    assert refused.status_code == 422
    assert set(refused.json()["error"]["fields"]) == {"name", "unit"}
    created = client.post("/api/v1/staff/service-guides", {"unit": tree.dept_a.pk, "name": "企业投资项目备案"},
                          content_type="application/json")  # fmt: skip
    assert created.status_code == 201
    assert created.json()["status"] == "draft" and "联系电话" in created.json()["missing"]
    published = client.post("/api/v1/staff/service-guides", {"unit": tree.dept_a.pk, "name": "甲", "publish": True},
                            content_type="application/json")  # fmt: skip
    assert published.status_code == 403
    other = client.post("/api/v1/staff/service-guides", {"unit": tree.dept_b.pk, "name": "乙"},
                        content_type="application/json")  # fmt: skip
    assert other.status_code == 404
    done = api_client(reviewer_a).post("/api/v1/staff/service-guides", {**COMPLETE, "unit": tree.dept_a.pk, "publish": True},
                                       content_type="application/json")  # fmt: skip
    assert done.status_code == 201 and done.json()["status"] == "published" and done.json()["missing"] == []
    assert api_client(editor_b).get("/api/v1/staff/service-guides").json()["count"] == 0
    assert api_client(editor_a).get("/api/v1/staff/service-guides").json()["count"] == 2
    assert ServiceGuide.objects.count() == 2


# ---- workspace -----------------------------------------------------------------------------------------


def test_the_workspace_lists_completeness_and_saves_through_the_form(tree, editor_a, reviewer_a, editor_b):
    flagged = make_guide(tree.dept_a, phone="", process="")
    client = logged_in(editor_a)
    page = client.get(reverse("workspace:guides")).content.decode()
    assert "缺少：联系电话、办理流程" in page and "有1项已发布的办事指南要素不全" in page
    assert "缺少" in client.get(reverse("workspace:guides") + "?show=incomplete").content.decode()
    edit = reverse("workspace:guides-edit", args=[flagged.pk])
    data = {
        **COMPLETE,
        "unit": tree.dept_a.pk,
        "phone": "0539-8720123",
        "process": "申请 → 受理",
        "action": "save",
    }
    saved = client.post(edit, data, follow=True).content.decode()
    assert (
        "已撤下公开页面、转为草稿，待有发布权限的审核人员发布" in saved
    )  # the editor's change awaits a reviewer
    flagged.refresh_from_db()
    assert flagged.missing == [] and flagged.status == Status.DRAFT
    assert client.post(edit, {"action": "publish"}).status_code == 403
    assert logged_in(reviewer_a).post(edit, {"action": "publish"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.is_published
    wrong = client.post(reverse("workspace:guides-new"), {**data, "name": "", "online_url": "ftp://x"})
    assert (
        wrong.status_code == 200 and "事项名称" in wrong.content.decode().split("error-summary", 1)[1][:3000]
    )
    wrong = client.post(reverse("workspace:guides-new"), {**data, "name": "新事项", "online_url": "ftp://x"})
    assert wrong.status_code == 200
    assert "以 http:// 或 https:// 开头" in wrong.content.decode().split("error-summary", 1)[1][:3000]
    assert ServiceGuide.objects.count() == 1
    assert client.post(edit, {"action": "unpublish"}).status_code == 403
    assert logged_in(reviewer_a).post(edit, {"action": "unpublish"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == Status.DRAFT
    assert logged_in(editor_b).get(edit).status_code == 404
    assert logged_in(editor_b).post(edit, data).status_code == 404


# ---- the inspection, the to-do and the annual report ---------------------------------------------------


def _service(site):
    return indicators.get("VETO_SERVICE").compute(site, TODAY)


def test_veto_service_trips_without_guides_and_for_each_incomplete_one_then_clears(sites, tree, editor_a):
    city = sites["city"]
    empty = _service(city)
    assert empty.status == indicators.Status.RED and empty.value == 0 and empty.fix
    make_guide(tree.street, name="兰山街道低保申请", phone="")  # 兰山区's site, not the city's
    make_guide(tree.dept_a, publish=False, phone="")  # a draft counts for nothing
    assert _service(city).value == 0 and _service(city).status == indicators.Status.RED
    good = make_guide(tree.dept_b, name="教师资格认定")
    assert _service(city).status == indicators.Status.GREEN and _service(city).items == []
    bad = make_guide(tree.dept_a, name="企业投资项目备案", phone="", process="")
    outcome = _service(city)
    assert outcome.status == indicators.Status.RED and outcome.value == 1
    [evidence] = outcome.items
    assert evidence.unit_id == tree.dept_a.pk and evidence.detail == "缺少：联系电话、办理流程"
    assert evidence.url == reverse("workspace:guides-edit", args=[bad.pk])
    assert _service(sites["county"]).items[0].detail == "缺少：联系电话"
    services.save_guide(actor=SYSTEM, unit=tree.dept_a, guide=bad,
                        fields={**COMPLETE, "name": bad.name})  # fmt: skip
    assert _service(city).status == indicators.Status.GREEN
    assert good.pk


def test_veto_service_on_a_past_day_ignores_guides_published_later(sites, tree):
    make_guide(tree.dept_a)
    yesterday = indicators.get("VETO_SERVICE").compute(sites["city"], TODAY - dt.timedelta(days=1))
    assert yesterday.status == indicators.Status.RED and yesterday.value == 0


def test_the_unit_gets_a_to_do_for_a_published_guide_missing_elements(tree, editor_a, editor_b):
    guide = make_guide(tree.dept_a, phone="", process="")
    make_guide(tree.dept_a, name="草稿", publish=False, phone="")
    [row] = [t for t in flat_todo_for(editor_a) if t.kind == "guides.incomplete"]
    assert row.urgent and "联系电话、办理流程" in row.note and row.url.endswith(f"/{guide.pk}/")
    assert not [t for t in flat_todo_for(editor_b) if t.kind == "guides.incomplete"]


def test_the_provider_is_registered_with_the_website_report():
    from gongkai.webreports import figures

    assert figures._providers["guides"] is report_figures


def test_the_website_report_counts_the_guides_published_by_the_years_end(sites, tree):
    make_guide(tree.dept_a)
    make_guide(tree.dept_b, name="教师资格认定", online_level="partial")
    make_guide(tree.dept_b, name="草稿", publish=False)
    make_guide(tree.street, name="兰山街道低保申请")
    found = report_figures(sites["city"], TODAY.year)
    assert (found["services_catalog"], found["services_total"], found["services_online"]) == (True, 2, 1)
    before = report_figures(sites["city"], TODAY.year - 1)
    assert (before["services_catalog"], before["services_total"], before["services_online"]) == (False, 0, 0)


# ---- search and query counts ---------------------------------------------------------------------------


def test_a_published_guide_is_in_search_and_leaves_it_when_withdrawn(
    tree, reviewer_a, django_capture_on_commit_callbacks
):
    from gongkai.search.models import Kind, SearchDocument

    with django_capture_on_commit_callbacks(execute=True):
        guide = make_guide(tree.dept_a)
    found = SearchDocument.objects.get(source="guides.serviceguide", source_id=guide.pk)
    assert found.kind == Kind.SERVICE and "食品经营许可证核发" in found.title and "营业执照" in found.body
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_guide(actor=reviewer_a, guide=guide)
    assert not SearchDocument.objects.filter(source="guides.serviceguide", source_id=guide.pk).exists()


def test_the_public_list_and_the_workspace_list_take_a_fixed_number_of_queries(
    sites, tree, editor_a, citizen, django_assert_max_num_queries
):
    make_guide(tree.dept_a)
    logged = logged_in(editor_a)
    citizen.get("/services/")
    logged.get(reverse("workspace:guides"))
    with django_assert_max_num_queries(12) as few:
        citizen.get("/services/")
    with django_assert_max_num_queries(40) as staff_few:
        logged.get(reverse("workspace:guides"))
    for n in range(15):
        make_guide(tree.dept_b if n % 2 else tree.dept_a, name=f"事项{n}", phone="" if n % 3 else "1")
    with django_assert_max_num_queries(len(few.captured_queries)):
        citizen.get("/services/")
    with django_assert_max_num_queries(len(staff_few.captured_queries)):
        logged.get(reverse("workspace:guides"))
