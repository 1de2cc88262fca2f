"""The 督办考核 pages: the unit's tasks and reports, writing and handing in a progress report with evidence
files, and the office's review (accept, or return with the reason), each through the supervision services."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import AuditEvent
from gongkai.supervision import services
from gongkai.supervision.models import ProgressReport, ReportAttachment, ReportStatus
from tests.conftest import logged_in
from tests.publishing.samples import pdf_bytes
from tests.workspace.work_fixtures import Q1, make_plan

pytestmark = pytest.mark.django_db

APRIL_2 = dt.datetime(2024, 4, 2, 9, tzinfo=dt.UTC)


@pytest.fixture
def plan(tree):
    return make_plan(tree)


@pytest.fixture(autouse=True)
def _april():
    with time_machine.travel(APRIL_2, tick=False):
        yield


def write_url(assignment):
    return f"/manage/supervision/assignments/{assignment.pk}/report/?period=2024-01-01"


def post_report(client, assignment, **data):
    fields = {
        "summary": "已公开2024年度重大行政决策事项目录。",
        "evidence_links": "",
        "action": "save",
        **data,
    }
    return client.post(write_url(assignment), fields)


def test_the_task_list_shows_the_units_tasks_with_where_each_stands(plan, editor_a):
    _plan, _task, assignments = plan
    page = logged_in(editor_a).get("/manage/supervision/").content.decode()
    assert "公开重大行政决策事项目录" in page and "临沂市发展和改革委员会" in page
    assert "临沂市教育局" not in page  # another unit's share of the same task
    assert "2024年第1季度：待报送" in page and write_url(assignments["a"]).replace("&", "&amp;") in page


def test_the_task_list_filters_by_plan_text_and_state(plan, office):
    client = logged_in(office)
    assert "公开重大行政决策事项目录" in client.get("/manage/supervision/?q=决策事项").content.decode()
    assert "没有符合条件的任务" in client.get("/manage/supervision/?q=不存在的任务").content.decode()
    assert "没有符合条件的任务" in client.get("/manage/supervision/?state=done").content.decode()
    assert client.get("/manage/supervision/?plan=abc&page=999").status_code == 200  # bad filters: no error


def test_the_unit_saves_a_draft_then_hands_it_in_with_evidence_files(plan, editor_a):
    _plan, _task, assignments = plan
    client = logged_in(editor_a)
    assert client.get(write_url(assignments["a"])).status_code == 200
    response = post_report(client, assignments["a"], evidence_links="https://www.linyi.gov.cn/a/1.html")
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/supervision/reports/{report.pk}/"
    assert report.status == ReportStatus.DRAFT and report.links() == ["https://www.linyi.gov.cn/a/1.html"]

    response = post_report(
        client, assignments["a"], action="submit", files=[SimpleUploadedFile("目录截图.pdf", pdf_bytes())]
    )
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == ReportStatus.SUBMITTED
    assert report.first_submitted_on == dt.date(2024, 4, 2) and report.on_time
    assert [a.name for a in report.attachments.all()] == ["目录截图.pdf"]
    event = AuditEvent.objects.filter(action="supervision.report_submitted").get()
    assert event.actor == editor_a and event.changes["files_added"] == ["目录截图.pdf"]
    # handed in: the unit reads it now, the write page leads there
    assert client.get(write_url(assignments["a"]))["Location"] == f"/manage/supervision/reports/{report.pk}/"
    page = client.get(f"/manage/supervision/reports/{report.pk}/").content.decode()
    assert "待审核" in page and "目录截图.pdf" in page and "提交审核结果" not in page
    attachment = report.attachments.get()
    download = client.get(f"/manage/supervision/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"summary": " "}, "summary", "请填写本期进展情况。"),
        ({"evidence_links": "www.example"}, "evidence_links", "以下不是有效网址"),
        ({"files": [SimpleUploadedFile("程序.exe", b"MZ\x90\x00 not a document")]}, "files", "程序.exe："),
    ],
)
def test_bad_input_is_explained_in_chinese_and_nothing_is_saved(plan, editor_a, data, field, message):
    _plan, _task, assignments = plan
    response = post_report(logged_in(editor_a), assignments["a"], action="submit", **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "提交的内容有误" in page and message in page and f'id="id_{field}_error"' in page
    assert not ProgressReport.objects.exists() and not ReportAttachment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="supervision.report").exists()


def test_a_period_not_begun_or_mistyped_is_not_found(plan, editor_a):
    _plan, _task, assignments = plan
    client = logged_in(editor_a)
    base = f"/manage/supervision/assignments/{assignments['a'].pk}/report/"
    assert client.get(base + "?period=2024-10-01").status_code == 404
    assert client.get(base + "?period=x").status_code == 200  # falls back to the latest begun period


def test_another_units_staff_cannot_reach_the_report_pages(plan, editor_a, editor_b):
    _plan, _task, assignments = plan
    report = services.save_report(
        actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="草稿"
    )
    client = logged_in(editor_b)
    assert client.get(write_url(assignments["a"])).status_code == 404
    assert post_report(client, assignments["a"]).status_code == 404
    assert client.get(f"/manage/supervision/reports/{report.pk}/").status_code == 404
    assert ProgressReport.objects.get().summary == "草稿"


def test_the_office_returns_with_a_reason_and_then_accepts(plan, editor_a, office, reviewer_a):
    _plan, _task, assignments = plan
    report = services.save_report(
        actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="已公开目录。", submit=True
    )
    url = f"/manage/supervision/reports/{report.pk}/"
    assert "提交审核结果" not in logged_in(reviewer_a).get(url).content.decode()
    assert (
        logged_in(reviewer_a).post(url, {"decision": "accept"}).status_code == 404
    )  # not the unit's to accept

    client = logged_in(office)
    page = client.get("/manage/supervision/reports/?review=1").content.decode()
    assert "公开重大行政决策事项目录" in page
    response = client.post(url, {"decision": "return", "review_comment": "  "})
    assert response.status_code == 200 and "退回时请写明需要修改或补充的内容。" in response.content.decode()
    response = client.post(url, {"decision": "maybe"})
    assert response.status_code == 200 and "请选择审核结果。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.review_comment == ""

    response = client.post(url, {"decision": "return", "review_comment": "请补充目录的网址。"})
    assert response.status_code == 302 and response["Location"] == "/manage/supervision/reports/?review=1"
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.review_comment == "请补充目录的网址。"

    # the unit sees the office's words on the write page, revises and hands in again
    editor = logged_in(editor_a)
    assert "请补充目录的网址。" in editor.get(write_url(assignments["a"])).content.decode()
    post_report(editor, assignments["a"], action="submit", evidence_links="https://www.linyi.gov.cn/a/2.html")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    assert client.post(url, {"decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewed_by == office
    assert list(
        AuditEvent.objects.filter(action__in=["supervision.report_returned", "supervision.report_accepted"])
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["supervision.report_returned", "supervision.report_accepted"]


def test_the_report_list_filters_by_status(plan, editor_a):
    _plan, _task, assignments = plan
    services.save_report(actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="草稿")
    client = logged_in(editor_a)
    assert (
        "公开重大行政决策事项目录" in client.get("/manage/supervision/reports/?status=draft").content.decode()
    )
    assert "没有符合条件" in client.get("/manage/supervision/reports/?status=accepted").content.decode()
    assert client.get("/manage/supervision/reports/?status=nonsense").status_code == 200
