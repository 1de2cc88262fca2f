"""The public progress page and API (only what the office accepted), the staff API, the back office forms and
the exports."""

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.supervision import services
from gongkai.supervision.models import ProgressReport, ReportStatus, WorkPlan
from tests.conftest import api_client, logged_in
from tests.publishing.samples import pdf_bytes
from tests.supervision.conftest import assignment_of, staff

Q3, Q4 = dt.date(2019, 7, 1), dt.date(2019, 10, 1)
PDF = pdf_bytes()


@pytest.fixture
def reported(seed_plan):
    """Three reports by 市市场监管局 / 市发展改革委: one accepted and final, one returned, one waiting."""
    editor, office = staff("fgw_editor"), staff("admin")
    market_editor = staff("jyj_editor")
    market_editor.unit = assignment_of(seed_plan, 11, "市市场监管局").unit
    market_editor.save()
    accepted = services.save_report(actor=market_editor, assignment=assignment_of(seed_plan, 11, "市市场监管局"),
                                    period_start=Q3, summary="公开抽查结果126条。", is_final=True, submit=True)  # fmt: skip
    services.review_report(actor=office, report=accepted, accept=True)
    returned = services.save_report(actor=editor, assignment=assignment_of(seed_plan, 1, "市发展改革委"), period_start=Q3,
                                    summary="草率的报送（不应公开）", submit=True)  # fmt: skip
    services.review_report(actor=office, report=returned, accept=False, comment="请补充。")
    services.save_report(actor=editor, assignment=assignment_of(seed_plan, 11, "市发展改革委"), period_start=Q3,
                         summary="待审核的报送（不应公开）", submit=True)  # fmt: skip
    seed_plan.is_published = True
    seed_plan.save()
    return seed_plan


def test_an_unpublished_plan_is_not_public(seed_plan, client):
    assert seed_plan.title not in client.get("/supervision/").content.decode()
    assert client.get(f"/supervision/plans/{seed_plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/workplans/{seed_plan.pk}").status_code == 404


def test_the_public_sees_each_task_and_only_accepted_progress(reported, client):
    page = client.get(f"/supervision/plans/{reported.pk}/").content.decode()
    assert page.count('class="tag task-') == 27
    assert "公开抽查结果126条。" in page and "推进中" in page
    assert "不应公开" not in page
    market = assignment_of(reported, 11, "市市场监管局").unit
    only = client.get(f"/supervision/plans/{reported.pk}/?unit={market.pk}").content.decode()
    assert only.count('class="tag task-') == reported.tasks.filter(assignments__unit=market).count() == 6
    active = client.get(f"/supervision/plans/{reported.pk}/?state=active").content.decode()
    assert active.count('class="tag task-') == 1 and "全面推进“双随机、一公开”监管" in active
    assert client.get(f"/supervision/plans/{reported.pk}/?unit=x&state=zzz").status_code == 200

    data = client.get(f"/api/v1/workplans/{reported.pk}").json()
    assert len(data["tasks"]) == 27 and data["doc_number"] == "临政办字〔2019〕64号"
    task = data["tasks"][10]
    assert task["state"] == "active" and task["key_areas"] == ["random-inspection"]
    assert [p["summary"] for p in task["progress"]] == ["公开抽查结果126条。"]
    assert "不应公开" not in json.dumps(data, ensure_ascii=False)
    assert client.get("/api/v1/workplans?year=2019").json()["count"] == 1

    book = load_workbook(io.BytesIO(client.get(f"/supervision/plans/{reported.pk}/progress.xlsx").content))
    tasks, progress = book["任务"], book["进展"]
    assert tasks.max_row == 28 and tasks["J12"].value == "推进中"
    assert [r[5] for r in progress.iter_rows(min_row=2, values_only=True) if r[5]] == ["公开抽查结果126条。"]


def test_staff_api_report_review_evidence(seed_plan):
    editor, office = api_client(staff("fgw_editor")), api_client(staff("admin"))
    mine = editor.get("/api/v1/staff/supervision/assignments?page_size=100").json()
    assert mine["count"] == seed_plan.tasks.filter(assignments__unit__short_name="市发展改革委").count()
    first = next(a for a in mine["items"] if a["task_order"] == 11)
    assert [p["state"] for p in first["periods"]] == ["overdue", "overdue"]  # 2019 is long past

    bad = editor.post("/api/v1/staff/supervision/reports", {"assignment_id": first["id"], "period_start": "2019-07-01",
                      "summary": " ", "evidence_links": ["ftp://x"]}, content_type="application/json")  # fmt: skip
    assert bad.status_code == 422 and set(bad.json()["error"]["fields"]) == {"summary", "evidence_links"}
    made = editor.post("/api/v1/staff/supervision/reports", {"assignment_id": first["id"], "period_start": "2019-07-01",
                       "summary": "已公开。", "evidence_links": ["https://www.linyi.gov.cn/x.html"]},
                       content_type="application/json")  # fmt: skip
    assert (
        made.status_code == 201 and made.json()["status"] == "submitted" and made.json()["on_time"] is False
    )
    report_id = made.json()["id"]
    assert editor.post(f"/api/v1/staff/supervision/reports/{report_id}/review", {"accept": True},
                       content_type="application/json").status_code == 403  # fmt: skip
    assert office.post(f"/api/v1/staff/supervision/reports/{report_id}/review", {"accept": False},
                       content_type="application/json").status_code == 422  # fmt: skip
    done = office.post(f"/api/v1/staff/supervision/reports/{report_id}/review", {"accept": True},
                       content_type="application/json")  # fmt: skip
    assert done.json()["status"] == "accepted"
    other = api_client(staff("jyj_editor"))
    assert other.get(f"/api/v1/staff/supervision/reports/{report_id}").status_code == 404
    evidence = editor.get(f"/api/v1/staff/supervision/assignments/{first['id']}/evidence").json()
    assert [r["name"] for r in evidence["key_areas"]] == ["“双随机、一公开”监管"]


def test_back_office_report_with_an_attachment_then_review(seed_plan):
    editor = logged_in(staff("fgw_editor"))
    assignment = assignment_of(seed_plan, 11, "市发展改革委")
    mine = editor.get("/manage/admin/supervision/assignment/").content.decode()
    assert "全面推进“双随机、一公开”监管" in mine and "逾期未报送" in mine
    form = {"assignment": assignment.pk, "period_start": "2019-07-01", "summary": "已公开抽查计划。",
            "evidence_links": "not a link", "is_final": "", "submit_now": "on",
            "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0"}  # fmt: skip
    page = editor.post("/manage/admin/supervision/progressreport/add/", form)
    assert page.status_code == 200 and "以下不是有效网址" in page.content.decode()
    assert not ProgressReport.objects.exists()
    form["evidence_links"] = "https://www.linyi.gov.cn/a.html"
    form["attachments-0-file"] = SimpleUploadedFile("抽查计划.pdf", PDF, content_type="application/pdf")
    response = editor.post("/manage/admin/supervision/progressreport/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.attachments.get().name == "抽查计划.pdf"
    attachment = editor.get(
        f"/manage/admin/supervision/progressreport/attachments/{report.attachments.get().pk}/"
    )
    assert attachment.status_code == 200
    assert logged_in(staff("jyj_editor")).get(f"/manage/admin/supervision/progressreport/attachments/{report.attachments.get().pk}/").status_code == 404  # fmt: skip

    office = logged_in(staff("admin"))
    review = office.get(f"/manage/admin/supervision/progressreport/{report.pk}/change/").content.decode()
    assert "已公开抽查计划。" in review and "平台发布情况" in review and "抽查计划.pdf" in review
    page = office.post(
        f"/manage/admin/supervision/progressreport/{report.pk}/change/",
        {"decision": "return", "review_comment": ""},
    )
    assert "退回时请写明需要修改或补充的内容。" in page.content.decode()
    office.post(
        f"/manage/admin/supervision/progressreport/{report.pk}/change/",
        {"decision": "return", "review_comment": "请补充结果。"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    revise = editor.get(f"/manage/admin/supervision/progressreport/{report.pk}/change/").content.decode()
    assert "请补充结果。" in revise

    ledger = office.get(f"/manage/admin/supervision/workplan/{seed_plan.pk}/ledger/{assignment.unit_id}.xlsx")
    sheet = load_workbook(io.BytesIO(ledger.content)).active
    row = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == 11 and r[5] == "2019年第3季度"
    )
    assert (
        row[7] == "已退回，待修改"
        and row[8] == "已公开抽查计划。"
        and row[12] == "否"
        and row[13] == "请补充结果。"
    )
    overview = office.get(f"/manage/admin/supervision/workplan/{seed_plan.pk}/overview/").content.decode()
    assert "临沂市发展和改革委员会" in overview and "逾期未报送" in overview


def test_the_office_imports_in_the_back_office_and_resolves_names(linyi, tmp_path):
    office = logged_in(staff("admin"))
    csv_text = "工作任务,具体要求,责任单位\n优化服务信息公开,公开办事指南。,市行政审批服务局、市大数据局\n"
    upload = SimpleUploadedFile("plan.csv", csv_text.encode("utf-8"), content_type="text/csv")
    response = office.post("/manage/admin/supervision/workplan/import/", {
        "file": upload, "government": linyi.pk, "title": "2020年工作要点", "doc_number": "", "issued_on": "2020-03-01",
        "schedule": "monthly"})  # fmt: skip
    plan = WorkPlan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{plan.pk}/resolve/")
    assert plan.schedule == "monthly" and plan.tasks.get().unmatched == ["市大数据局"]
    page = office.get(response["Location"]).content.decode()
    assert "市大数据局" in page
    approval = linyi.children.get(short_name="市行政审批服务局")
    office.post(response["Location"], {"name_0": approval.pk, "remember": "on"})
    task = plan.tasks.get()
    assert task.unmatched == [] and task.assignments.count() == 1  # the same unit, named twice
    bad = SimpleUploadedFile("plan.csv", b"a,b\n1,2\n", content_type="text/csv")
    page = office.post(
        "/manage/admin/supervision/workplan/import/",
        {"file": bad, "government": linyi.pk, "schedule": "monthly"},
    )
    assert "表头应包含" in page.content.decode() and WorkPlan.objects.count() == 1
    assert logged_in(staff("fgw_editor")).get("/manage/admin/supervision/workplan/import/").status_code == 403
