"""Legislators' suggestions and proposals: replies published in full or with the reason, statistics per unit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from gongkai.participation import proposals
from gongkai.participation.models import Proposal
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(tree):
    return Proposal.objects.create(kind="npc", year=2026, number="第128号", title="关于增设城区公共停车场的建议",
                                   authors="王某某等5名代表", lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20),
                                   deadline=dt.date(2026, 5, 20))  # fmt: skip


def test_a_reply_is_published_in_full_or_with_the_reason(suggestion, tree, reviewer_a, admin_b, client):
    with pytest.raises(PermissionDenied):
        proposals.reply_proposal(
            actor=admin_b, proposal=suggestion, text="答复", replied_on=dt.date(2026, 5, 1), category="A"
        )
    with pytest.raises(ValidationError, match="须说明理由"):
        proposals.reply_proposal(actor=reviewer_a, proposal=suggestion, text="答复", replied_on=dt.date(2026, 5, 1),
                                category="A", public=False)  # fmt: skip
    assert client.get("/participation/proposals/").text.count(suggestion.title) == 0  # not yet replied
    proposals.reply_proposal(actor=reviewer_a, proposal=suggestion, text="已规划新建三处公共停车场。",
                            replied_on=dt.date(2026, 5, 1), category="A")  # fmt: skip
    assert suggestion.title in client.get("/participation/proposals/", {"year": 2026}).text
    assert "已规划新建三处公共停车场" in client.get(suggestion.get_absolute_url()).text
    other = Proposal.objects.create(kind="cppcc", year=2026, number="第9号", title="关于某事项的提案", authors="李某某",
                                    lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposals.reply_proposal(actor=reviewer_a, proposal=other, text="内部事项。", replied_on=dt.date(2026, 6, 1),
                            category="C", public=False, not_public_reason="涉及内部人事管理")  # fmt: skip
    page = client.get(other.get_absolute_url()).text
    assert "涉及内部人事管理" in page and "内部事项" not in page and "超过办理期限" in page
    items = client.get("/api/v1/proposals", {"year": 2026}).json()["items"]
    assert {i["number"]: i["reply"] for i in items} == {
        "第128号": "已规划新建三处公共停车场。",
        "第9号": None,
    }


def test_statistics_per_unit_count_on_time_and_overdue(suggestion, tree, reviewer_a):
    late = Proposal.objects.create(kind="cppcc", year=2026, number="第10号", title="逾期未复", authors="赵某",
                                   lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposals.reply_proposal(
        actor=reviewer_a, proposal=suggestion, text="答复。", replied_on=dt.date(2026, 5, 20), category="A"
    )
    [row] = proposals.proposal_statistics([tree.dept_a, tree.dept_b], 2026, today=dt.date(2026, 6, 1))
    assert (row["npc"], row["cppcc"], row["replied"], row["on_time"], row["overdue"]) == (1, 1, 1, 1, 1)
    assert late.status == "assigned"


def test_the_lead_unit_replies_in_the_back_office(suggestion, reviewer_a):
    form = {"kind": "npc", "year": 2026, "number": "第128号", "title": suggestion.title, "authors": suggestion.authors,
            "lead_unit": suggestion.lead_unit_id, "assigned_on": "2026-02-20", "deadline": "2026-05-20",
            "reply": "答复全文。", "category": "B", "replied_on": "2026-01-01", "reply_public": "", "not_public_reason": ""}  # fmt: skip
    page = logged_in(reviewer_a).post(f"/manage/admin/participation/proposal/{suggestion.pk}/change/", form)
    assert page.status_code == 200 and "须说明理由" in page.text and "不能早于交办日期" in page.text
    form.update({"replied_on": "2026-04-30", "reply_public": "on"})
    assert (
        logged_in(reviewer_a)
        .post(f"/manage/admin/participation/proposal/{suggestion.pk}/change/", form)
        .status_code
        == 302
    )
    suggestion.refresh_from_db()
    assert suggestion.status == "replied" and suggestion.on_time


# Workspace, staff API, public filter, annual report (issue 26) ----------------------------------------------


def test_the_office_assigns_in_the_workspace_and_the_deadline_is_three_months(tree, office):
    client = logged_in(office)
    assert "交办建议提案" in client.get("/manage/participation/proposals/").text
    form = {"kind": "npc", "year": 2026, "number": "第300号", "title": "关于增加公交线路的建议", "authors": "钱某某代表",
            "lead_unit": tree.dept_a.pk, "assigned_on": "2026-01-31", "deadline": ""}  # fmt: skip
    response = client.post("/manage/participation/proposals/new/", form)
    assert response.status_code == 302
    proposal = Proposal.objects.get(number="第300号")
    assert proposal.deadline == dt.date(2026, 4, 30)
    assert (
        "2026年04月30日" in client.get(response.url).text or "2026年4月30日" in client.get(response.url).text
    )


def test_a_unit_reviewer_may_not_assign(tree, reviewer_a):
    assert logged_in(reviewer_a).get("/manage/participation/proposals/new/").status_code == 403


def test_the_lead_unit_replies_with_a_category_in_the_workspace(suggestion, reviewer_a, reviewer_b):
    url = f"/manage/participation/proposals/{suggestion.pk}/"
    client = logged_in(reviewer_a)
    page = client.get(url).text
    assert "答复类别" in page and "A类：所提问题已经解决或采纳" in page
    form = {"action": "reply", "category": "", "reply": "已规划新建停车场。", "replied_on": "2026-05-01",
            "reply_public": "on", "not_public_reason": ""}  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 200 and "请选择答复类别" in refused.text
    assert Proposal.objects.get(pk=suggestion.pk).status == "assigned"
    form["category"] = "B"
    assert client.post(url, form).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.category) == ("replied", "B")
    assert logged_in(reviewer_b).get(url).status_code == 404
    assert "登记满意度" not in client.get(url).text  # the office records it


def test_the_office_records_satisfaction_and_sends_an_unsatisfied_reply_back(suggestion, reviewer_a, office):
    proposals.reply_proposal(
        actor=reviewer_a,
        proposal=suggestion,
        text="暂不能解决。",
        replied_on=dt.date(2026, 5, 1),
        category="C",
    )
    url = f"/manage/participation/proposals/{suggestion.pk}/"
    client = logged_in(office)
    refused = client.post(
        url, {"action": "satisfaction", "satisfaction": "", "satisfaction_on": "2026-05-10"}
    )
    assert "请选择满意、基本满意或不满意" in refused.text
    assert logged_in(reviewer_a).post(url, {"action": "satisfaction", "satisfaction": "satisfied",
                                            "satisfaction_on": "2026-05-10"}).status_code == 403  # fmt: skip
    assert client.post(url, {"action": "satisfaction", "satisfaction": "dissatisfied",
                             "satisfaction_on": "2026-05-10"}).status_code == 302  # fmt: skip
    assert "退回重新办理" in client.get(url).text
    assert client.post(url, {"action": "reopen"}).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "assigned" and suggestion.reply == ""


def test_statistics_page_and_its_download(suggestion, reviewer_a, office):
    proposals.reply_proposal(
        actor=reviewer_a, proposal=suggestion, text="答复。", replied_on=dt.date(2026, 5, 1), category="A"
    )
    proposals.record_satisfaction(
        actor=office, proposal=suggestion, satisfaction="satisfied", returned_on=dt.date(2026, 5, 10)
    )
    client = logged_in(office)
    page = client.get("/manage/participation/proposals/statistics/", {"year": 2026}).text
    assert "临沂市发展和改革委员会" in page and "满意率100%" in page
    csv = client.get("/manage/participation/proposals/statistics/", {"year": 2026, "format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and text.splitlines()[0].startswith("单位,人大代表建议,政协提案")
    assert "临沂市发展和改革委员会,1,0,1,1,0,0,1,0,0,1,0,0,100.0" in text


def test_the_staff_api_lists_replies_and_records_satisfaction(suggestion, reviewer_a, office):
    from tests.conftest import api_client

    unit = api_client(reviewer_a)
    [row] = unit.get("/api/v1/staff/proposals").json()["items"]
    assert (row["number"], row["deadline"], row["status"], row["category"]) == (
        "第128号",
        "2026-05-20",
        "assigned",
        "",
    )
    url = f"/api/v1/staff/proposals/{suggestion.pk}/reply"
    refused = unit.post(
        url, {"category": "", "reply": "答复。", "replied_on": "2026-05-01"}, content_type="application/json"
    )
    assert refused.status_code == 422 and "请选择答复类别" in refused.text
    answered = unit.post(url, {"category": "A", "reply": "答复。", "replied_on": "2026-05-01"},
                         content_type="application/json")  # fmt: skip
    assert answered.status_code == 200 and answered.json()["category"] == "A"
    satisfaction = f"/api/v1/staff/proposals/{suggestion.pk}/satisfaction"
    body = {"satisfaction": "basically", "satisfaction_on": "2026-05-10"}
    assert unit.post(satisfaction, body, content_type="application/json").status_code == 403
    recorded = api_client(office).post(satisfaction, body, content_type="application/json")
    assert recorded.status_code == 200 and recorded.json()["satisfaction"] == "basically"
    stats = api_client(office).get("/api/v1/staff/proposals/statistics", {"year": 2026}).json()
    assert stats["total"]["basically"] == 1 and stats["total"]["rate"] == 100.0
    assert "满意率100%" in stats["text"]
    [public] = Client().get("/api/v1/proposals", {"year": 2026}).json()["items"]
    assert (public["category"], public["satisfaction"]) == ("A", "basically")


def test_the_public_list_shows_and_filters_by_category(suggestion, tree, reviewer_a, client):
    proposals.reply_proposal(
        actor=reviewer_a, proposal=suggestion, text="已解决。", replied_on=dt.date(2026, 5, 1), category="A"
    )
    other = Proposal.objects.create(kind="cppcc", year=2026, number="第11号", title="关于增设公交站台的提案",
                                    authors="李某", lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20),
                                    deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposals.reply_proposal(
        actor=reviewer_a, proposal=other, text="列入明年计划。", replied_on=dt.date(2026, 5, 1), category="B"
    )
    every = client.get("/participation/proposals/", {"year": 2026}).text
    assert suggestion.title in every and other.title in every and "A类" in every
    only_b = client.get("/participation/proposals/", {"year": 2026, "category": "B"}).text
    assert other.title in only_b and suggestion.title not in only_b
    detail = client.get(other.get_absolute_url()).text
    assert "B类：所提问题正在解决或列入计划解决" in detail and "尚未反馈" in detail


def test_the_annual_report_states_the_proposals(suggestion, tree, reviewer_a, office):
    from gongkai.reports import services as report_services

    proposals.reply_proposal(
        actor=reviewer_a, proposal=suggestion, text="答复。", replied_on=dt.date(2026, 5, 1), category="A"
    )
    proposals.record_satisfaction(
        actor=office, proposal=suggestion, satisfaction="satisfied", returned_on=dt.date(2026, 5, 10)
    )
    report = report_services.start_report(actor=office, unit=tree.dept_a, year=2026)
    tables = report_services.tables_for(report)
    assert tables["proposals"]["text"] == (
        "全年承办人大代表建议1件、政协提案0件，均按期办结；答复A类1件、B类0件、C类0件；"
        "收回征询意见表1份，代表委员满意或基本满意的1件，满意率100%。"
    )
    from django.template.loader import render_to_string

    assert "满意率100%" in render_to_string("reports/report_body.html", {"report": report, "tables": tables})
