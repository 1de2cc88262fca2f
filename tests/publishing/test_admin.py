"""The back office: writing an item with an attachment, the workflow buttons, conflicts shown to the editor."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.actors import SYSTEM
from gongkai.publishing.models import InformationItem, Status
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item
from tests.publishing.samples import pdf_bytes

pytestmark = pytest.mark.django_db

ADD = "/manage/admin/publishing/informationitem/add/"


def form_data(unit, **overrides):
    data = {
        "title": "临沂市发展和改革委员会关于开展价格监测工作的通知",
        "summary": "部署价格监测。",
        "doc_number": "临发改价格(2024)7号",
        "written_on": "2024-05-06",
        "formed_on": "",
        "topic": "国民经济管理",
        "genre": "通知",
        "disclosure_mode": "proactive",
        "nondisclosure_reason": "",
        "columns": [column(unit).pk],
        "keywords": "价格 监测",
        "body": "<p>正文。</p><p>附件：监测点名单</p>",
        "scheduled_at_0": "",
        "scheduled_at_1": "",
        "effective_on": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-name": "监测点名单",
        "attachments-0-upload": SimpleUploadedFile("名单.pdf", pdf_bytes(), content_type="application/pdf"),
        "expected_version": "",
    }
    data.update(overrides)
    return data


def test_editor_writes_an_item_with_an_attachment_and_submits_it(catalogs, editor_a):
    client = logged_in(editor_a)
    response = client.post(ADD, form_data(catalogs.dept_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    item = InformationItem.objects.get()
    assert (item.unit, item.created_by, item.doc_number) == (
        catalogs.dept_a,
        editor_a,
        "临发改价格〔2024〕7号",
    )
    assert [(a.name, a.kind) for a in item.attachments.all()] == [("监测点名单", "pdf")]
    page = client.get(f"/manage/admin/publishing/informationitem/{item.pk}/change/").text
    assert "发布前检查：未发现问题。" in page
    client.post(f"/manage/admin/publishing/informationitem/{item.pk}/workflow/submit/")
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_check_findings_show_on_the_edit_page(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a, summary="", doc_number="临发改〔2024〕第3号")
    page = logged_in(editor_a).get(f"/manage/admin/publishing/informationitem/{item.pk}/change/").text
    assert "【阻止发布】缺少必填元数据“内容概述”。" in page
    assert "序号前不加“第”字" in page


def test_failed_submission_explains_itself(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a, summary="")
    client = logged_in(editor_a)
    response = client.post(
        f"/manage/admin/publishing/informationitem/{item.pk}/workflow/submit/", follow=True
    )
    assert "缺少必填元数据“内容概述”。" in response.text
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_stale_form_shows_the_conflict_and_saves_nothing(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    client = logged_in(editor_a)
    stale = form_data(
        catalogs.dept_a, title="过时页面提交的标题", expected_version=str(item.version - 1 or 0)
    )
    stale.pop("attachments-0-upload")
    stale["attachments-0-name"] = ""
    response = client.post(f"/manage/admin/publishing/informationitem/{item.pk}/change/", stale)
    assert response.status_code == 200
    assert "您的修改未保存" in response.text
    item.refresh_from_db()
    assert item.title != "过时页面提交的标题"


def test_reviewer_rejects_with_a_reason_from_the_edit_page(catalogs, editor_a, reviewer_a):
    from gongkai.publishing import services

    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    client = logged_in(reviewer_a)
    queue = client.get("/manage/admin/publishing/informationitem/?queue=review").text
    assert item.title in queue
    client.post(
        f"/manage/admin/publishing/informationitem/{item.pk}/workflow/reject/", {"reason": "请补充监测点名单"}
    )
    page = logged_in(editor_a).get(f"/manage/admin/publishing/informationitem/{item.pk}/change/").text
    assert "退回：" in page and "请补充监测点名单" in page


def test_revision_page_shows_the_difference(catalogs, editor_a):
    from gongkai.publishing import services

    item = make_item(catalogs.dept_a, actor=SYSTEM, body="<p>旧的一段。</p>")
    services.update_item(actor=editor_a, item=item, expected_version=item.version, body="<p>新的一段。</p>")
    client = logged_in(editor_a)
    first = client.get(f"/manage/admin/publishing/informationitem/{item.pk}/revisions/1/")
    assert first.status_code == 200 and "系统 于" in first.text
    second = client.get(f"/manage/admin/publishing/informationitem/{item.pk}/revisions/2/").text
    assert "- 旧的一段。" in second and "+ 新的一段。" in second
