"""The workspace pages of an openness office, bad input refused in Chinese, the to-do, and the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import todo
from gongkai.core.models import AuditEvent
from gongkai.webreports import demo, services
from gongkai.webreports.models import ReportStatus, SecurityCheck, WebsiteReport

from ..conftest import logged_in
from .conftest import YEAR


def test_office_opens_enters_reviews_and_publishes(portals, office):
    client = logged_in(office)
    assert "临沂市人民政府" in client.get("/manage/website-reports/").text
    url = f"/manage/website-reports/{portals.city.pk}/{YEAR}/"
    page = client.get(url)
    assert page.status_code == 200 and "报表数据及来源" in page.text and "尚未开始" in page.text
    assert not WebsiteReport.objects.exists()  # looking makes nothing
    response = client.post(url, {"media_comments": "-1", "registered_users": "abc", "cases_natural": "0", "cases_legal": "0",
                                 "hot_responses": "0", "interviews": "0", "interview_questions": "0", "interview_answers": "0"})  # fmt: skip
    assert response.status_code == 200 and "不能小于0" in response.text and "请填写数字" in response.text
    assert not WebsiteReport.objects.exists()
    data = {"media_comments": "3", "registered_users": "12.5", "cases_natural": "1", "cases_legal": "2", "hot_responses": "1",
            "interviews": "0", "interview_questions": "0", "interview_answers": "0", "unit_head": "刘某某",
            "security_owner": "on", "filled_on": "2026-01-20"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    report = WebsiteReport.objects.get()
    assert report.media_comments == 3 and report.security_owner and str(report.registered_users) == "12.50"
    assert client.post(url + "review/").status_code == 302
    assert client.post(url + "publish/").status_code == 302
    assert WebsiteReport.objects.get().status == ReportStatus.PUBLISHED
    page = client.get(url)
    assert "已发布" in page.text and "刘某某" in page.text
    assert client.post(url, data).status_code == 302  # refused with a message, nothing changed
    assert WebsiteReport.objects.get().status == ReportStatus.PUBLISHED
    assert client.post(url + "unknown/").status_code == 404


FORM = {"media_comments": "3", "registered_users": "0", "cases_natural": "0", "cases_legal": "0", "hot_responses": "0",
        "interviews": "0", "interview_questions": "0", "interview_answers": "0"}  # fmt: skip


def _report_events():
    return AuditEvent.objects.filter(action__startswith="webreports.report.")


def test_a_form_the_service_refuses_for_a_year_without_a_report_leaves_no_draft_behind(
    portals, office, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"media_comments": "报表已被他人修改，请刷新后重试。"})

    # The form passes; the service refuses after the draft is opened (as when a colleague changed it).
    monkeypatch.setattr(services, "save_entered", refuse)
    url = f"/manage/website-reports/{portals.city.pk}/{YEAR}/"
    response = logged_in(office).post(url, FORM)
    assert response.status_code == 200 and "报表已被他人修改" in response.text
    assert not WebsiteReport.objects.exists() and not _report_events().exists()


def test_a_refused_move_for_a_year_without_a_report_leaves_no_draft_behind(portals, office):
    client = logged_in(office)
    url = f"/manage/website-reports/{portals.city.pk}/{YEAR}/"
    for action in ("publish", "reopen"):
        page = client.post(url + f"{action}/", follow=True)
        assert "不能执行此操作" in page.text
    assert not WebsiteReport.objects.exists() and not _report_events().exists()
    assert client.post(url + "review/").status_code == 302  # an allowed move opens the draft and moves it
    assert WebsiteReport.objects.get().status == ReportStatus.REVIEWED
    assert list(_report_events().order_by("seq").values_list("action", flat=True)) == [
        "webreports.report.created",
        "webreports.report.reviewed",
    ]


def test_saving_the_entered_figures_opens_the_draft_in_the_same_change(portals, office, editor_a):
    for refused in ({"media_comments": -1}, {"rows": []}):
        with pytest.raises(ValidationError):
            services.save_report(actor=office, site=portals.city, year=YEAR, values=refused)
    assert not WebsiteReport.objects.exists() and not _report_events().exists()
    with pytest.raises(PermissionDenied):
        services.save_report(actor=editor_a, site=portals.city, year=YEAR, values={"media_comments": 1})
    saved = services.save_report(actor=office, site=portals.city, year=YEAR, values={"media_comments": 4})
    assert saved.media_comments == 4 and saved.status == ReportStatus.DRAFT
    assert set(_report_events().values_list("action", flat=True)) == {
        "webreports.report.created",
        "webreports.report.changed",
    }


def test_security_check_form(portals, office):
    client = logged_in(office)
    url = f"/manage/website-reports/{portals.city.pk}/checks/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"checked_on": f"{YEAR}-03-01", "kind": "assessment", "found": "1", "fixed": "3"}
    )
    assert response.status_code == 200 and "整改数量不能多于发现问题数量" in response.text
    response = client.post(url, {"checked_on": "昨天", "kind": "x", "found": "", "fixed": "0"})
    assert (
        response.status_code == 200
        and "请填写正确的日期" in response.text
        and "请选择列出的检查类型" in response.text
    )
    assert not SecurityCheck.objects.exists()
    response = client.post(
        url, {"checked_on": f"{YEAR}-03-01", "kind": "assessment", "found": "3", "fixed": "2"}
    )
    assert response.status_code == 302
    check = SecurityCheck.objects.get()
    assert client.post(f"/manage/website-reports/checks/{check.pk}/delete/").status_code == 302
    assert not SecurityCheck.objects.exists()


def test_other_staff_cannot_reach_the_pages(portals, editor_a, county_office, office):
    assert logged_in(editor_a).get(f"/manage/website-reports/{portals.city.pk}/{YEAR}/").status_code in (
        403,
        404,
    )
    assert (
        logged_in(county_office).get(f"/manage/website-reports/{portals.city.pk}/{YEAR}/").status_code == 404
    )
    assert logged_in(office).get(f"/manage/website-reports/{portals.city.pk}/1990/").status_code == 404


def _todo(user, today):
    return [t for t in todo.flat_todo_for(user, today) if t.kind == "webreports.annual"]


def test_to_do_from_january_until_published(portals, office, county_office):
    year = YEAR
    rows = _todo(office, dt.date(year + 1, 1, 2))
    assert len(rows) == 1 and not rows[0].urgent and rows[0].due_on == dt.date(year + 1, 1, 31)
    assert f"/manage/website-reports/{portals.city.pk}/{year}/" == rows[0].url
    assert _todo(office, dt.date(year + 1, 2, 1))[0].urgent
    assert [t.title for t in _todo(county_office, dt.date(year + 1, 1, 2))] == [
        f"临沂市兰山区人民政府{year}年政府网站工作年度报表"
    ]
    report = services.open_report(actor=office, site=portals.city, year=year)
    services.transition(actor=office, report=report, action="review")
    services.transition(actor=office, report=report, action="publish")
    assert _todo(office, dt.date(year + 1, 2, 1)) == []


def test_demo_publishes_last_year_and_drafts_this_year(portals):
    demo.load(None)
    demo.load(None)  # idempotent
    today = dt.date.today()
    reports = dict(WebsiteReport.objects.filter(site=portals.city).values_list("year", "status"))
    assert reports == {today.year - 1: ReportStatus.PUBLISHED, today.year: ReportStatus.DRAFT}
    assert SecurityCheck.objects.filter(site=portals.city, checked_on__year=today.year - 1).count() == 4


def test_numbers_beyond_the_database_are_no_record(portals, office):
    client = logged_in(office)
    huge = 10**25
    assert client.get(f"/manage/website-reports/{huge}/{YEAR}/").status_code == 404
    assert client.post(f"/manage/website-reports/checks/{huge}/delete/").status_code == 404
    assert client.get(f"/manage/website-reports/{portals.city.pk}/{huge}/").status_code == 404
