"""The annual report on the to-do list (the unit's report for last year until it is published: 31 January for
a department, 31 March for a people's government, urgent once late; an office's count of late units below
it) and the workspace page where it is started, previewed and published."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import calendar as cal
from gongkai.core import services as core_services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.core.roles import Role
from gongkai.reports import services
from gongkai.reports.models import AnnualReport, ReportStatus
from tests.conftest import PASSWORD, api_client, logged_in

pytestmark = pytest.mark.django_db

OVERVIEW = "本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》。"


def when(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC), tick=False)


def rows(user, day: dt.date, kind: str = "report.annual"):
    with when(day):
        response = api_client(user).get("/api/v1/staff/todo")
    assert response.status_code == 200
    return [row for row in response.json() if row["kind"] == kind]


def test_a_departments_report_for_last_year_is_due_on_31_january(tree, editor_a):
    [row] = rows(editor_a, dt.date(2024, 1, 10))
    assert row["title"] == "临沂市发展和改革委员会2023年政府信息公开工作年度报告"
    assert row["due_on"] == "2024-01-31" and not row["urgent"]
    assert row["working_days_left"] == cal.working_days_between(dt.date(2024, 1, 10), dt.date(2024, 1, 31))[0]
    assert row["url"] == f"/manage/supervision/annual/{tree.dept_a.pk}/2023/"
    assert row["note"] == "尚未开始编写；条例第四十九条"
    [late] = rows(editor_a, dt.date(2024, 2, 5))
    assert late["urgent"] and late["working_days_left"] < 0


def test_a_governments_report_is_due_on_31_march(tree, county_office):
    [row] = rows(county_office, dt.date(2024, 2, 5))
    assert row["due_on"] == "2024-03-31" and not row["urgent"] and "第五十条" in row["note"]


def test_a_started_draft_says_so_and_a_published_report_leaves_the_list(tree, editor_a, reviewer_a):
    with when(dt.date(2024, 1, 10)):
        report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
        services.update_report(
            actor=editor_a, report=report, overview=OVERVIEW, check_explanation="台账整理中。"
        )
    [row] = rows(editor_a, dt.date(2024, 1, 10))
    assert row["note"].startswith("草稿，尚未发布")
    with when(dt.date(2024, 1, 20)):
        services.publish_report(actor=reviewer_a, report=report)
    assert rows(editor_a, dt.date(2024, 1, 22)) == [] and rows(reviewer_a, dt.date(2024, 1, 22)) == []


def test_each_unit_sees_its_own_report_and_a_township_none(tree, editor_b):
    [row] = rows(editor_b, dt.date(2024, 1, 10))
    assert row["unit"] == "临沂市教育局"
    street_editor = core_services.create_staff(
        actor=SYSTEM, username="street_editor", unit=tree.street, role=Role.EDITOR, password=PASSWORD
    )
    assert rows(street_editor, dt.date(2024, 1, 10)) == []  # townships report through their county


def test_the_office_counts_the_late_units_below_it(tree, office, reviewer_a):
    assert rows(office, dt.date(2024, 1, 10), "report.annual_late") == []  # nobody is late yet
    [row] = rows(office, dt.date(2024, 2, 5), "report.annual_late")
    assert (
        row["title"] == "2个单位的2023年度报告逾期未发布"
    )  # the two departments; the county has until March
    assert row["url"] == "/manage/admin/reports/annualreport/rollup/?year=2023" and row["urgent"]
    [row] = rows(office, dt.date(2024, 4, 2), "report.annual_late")
    assert row["title"].startswith("3个单位")
    assert rows(reviewer_a, dt.date(2024, 4, 2), "report.annual_late") == []  # only offices follow others


# The workspace page ---------------------------------------------------------------------------------------


def page_url(tree):
    return f"/manage/supervision/annual/{tree.dept_a.pk}/2023/"


def test_the_page_starts_the_report_and_leads_to_its_edit_screen(tree, editor_a):
    client = logged_in(editor_a)
    with when(dt.date(2024, 1, 10)):
        page = client.get(page_url(tree)).content.decode()
        assert "尚未开始编写" in page and "2024年1月31日" in page and "开始编写" in page
        response = client.post(page_url(tree), {"action": "start"})
    report = AnnualReport.objects.get()
    assert report.unit == tree.dept_a
    assert response.status_code == 302
    assert response["Location"] == page_url(tree) + "edit/"  # the workspace's own edit page, not the admin
    assert AuditEvent.objects.filter(action="reports.report.started").get().actor == editor_a
    with when(dt.date(2024, 1, 10)):
        page = client.get(page_url(tree)).content.decode()
        assert (
            "编辑报告" in page and "预览" in page and "发布年度报告" not in page
        )  # an editor does not publish
        assert client.post(page_url(tree), {"action": "publish"}).status_code == 403
        preview = client.get(page_url(tree) + "preview/")
    assert preview.status_code == 200 and "尚未公开" in preview.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT


def test_the_edit_page_saves_the_narrative_and_table_2_through_the_service(tree, editor_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    client = logged_in(editor_a)
    with when(dt.date(2024, 1, 10)):
        form = client.get(page_url(tree) + "edit/")
        assert form.status_code == 200
        text = form.content.decode()
        assert "一、总体情况" in text and "行政许可·本年处理决定数量" in text and "校验未通过的说明" in text
        response = client.post(
            page_url(tree) + "edit/",
            {"overview": OVERVIEW, "problems": "问题与改进。", "other_matters": "无。", "check_explanation": "",
             "t2__licensing__decisions": "12", "t2__fees__amount_10k_yuan": "3.5"},
        )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == page_url(tree)
    report.refresh_from_db()
    assert report.overview == OVERVIEW and report.problems == "问题与改进。"
    assert report.table2_manual["licensing"]["decisions"] == 12
    assert str(report.table2_manual["fees"]["amount_10k_yuan"]) in ("3.5", "3.50")
    event = AuditEvent.objects.filter(action="reports.report.changed").get()
    assert event.actor == editor_a and "overview" in event.changes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t2__licensing__decisions", "-1", "不能为负数。"),
        ("t2__licensing__decisions", "十二", "请填写数字。"),
        ("t2__fees__amount_10k_yuan", "1.234", "金额最多保留两位小数。"),
    ],
)
def test_a_wrong_figure_is_refused_in_chinese_and_nothing_changes(tree, editor_a, field, value, message):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    with when(dt.date(2024, 1, 10)):
        response = logged_in(editor_a).post(page_url(tree) + "edit/", {"overview": OVERVIEW, field: value})
    assert response.status_code == 400 and message in response.content.decode()
    report.refresh_from_db()
    assert report.overview != OVERVIEW
    assert not AuditEvent.objects.filter(action="reports.report.changed").exists()


def test_the_edit_page_is_for_the_units_editors_and_drafts_only(tree, editor_a, editor_b, reviewer_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    with when(dt.date(2024, 1, 10)):
        assert logged_in(editor_b).get(page_url(tree) + "edit/").status_code == 404
        assert (
            logged_in(editor_a).get(f"/manage/supervision/annual/{tree.dept_a.pk}/2022/edit/").status_code
            == 404
        )
        services.update_report(
            actor=editor_a, report=report, overview=OVERVIEW, check_explanation="台账整理中。"
        )
        services.publish_report(actor=reviewer_a, report=report)
        assert logged_in(editor_a).post(page_url(tree) + "edit/", {"overview": "改"}).status_code == 403
    report.refresh_from_db()
    assert report.overview == OVERVIEW


def test_publishing_a_report_that_fails_its_checks_is_refused_in_chinese(tree, editor_a, reviewer_a):
    services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    client = logged_in(reviewer_a)
    with when(dt.date(2024, 1, 10)):
        response = client.post(page_url(tree), {"action": "publish"})
    assert response.status_code == 200 and "未能发布" in response.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT
    assert not AuditEvent.objects.filter(action="reports.report.published").exists()


def test_the_reviewer_publishes_it_from_the_page(tree, editor_a, reviewer_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    services.update_report(actor=editor_a, report=report, overview=OVERVIEW, check_explanation="台账整理中。")
    client = logged_in(reviewer_a)
    with when(dt.date(2024, 1, 10)):
        response = client.post(page_url(tree), {"action": "publish"})
        assert response.status_code == 302
        page = client.get(page_url(tree)).content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.PUBLISHED
    assert "在网站上查看" in page and "发布年度报告" not in page


def test_another_units_staff_and_odd_addresses_find_nothing(tree, editor_a, editor_b):
    services.start_report(actor=editor_a, unit=tree.dept_a, year=2023)
    client = logged_in(editor_b)
    assert client.get(page_url(tree)).status_code == 404
    assert client.post(page_url(tree), {"action": "start"}).status_code == 404
    assert logged_in(editor_a).get(f"/manage/supervision/annual/{tree.dept_a.pk}/1999/").status_code == 404
    assert logged_in(editor_a).post(page_url(tree), {"action": "other"}).status_code == 404
    assert AnnualReport.objects.count() == 1
