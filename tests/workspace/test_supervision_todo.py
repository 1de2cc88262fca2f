"""Progress reports on the to-do list: the period's report to write for the unit's own staff (due a number
of working days after the period ends), drafts and returned reports, and handed-in reports to review for the
office that issued the plan."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import calendar as cal
from gongkai.supervision import schedule, services
from gongkai.supervision.models import ProgressReport, ReportStatus
from tests.conftest import api_client
from tests.workspace.work_fixtures import Q1, make_plan

pytestmark = pytest.mark.django_db

APRIL_2 = dt.datetime(2024, 4, 2, 9, tzinfo=dt.UTC)


def rows(user, kind, when=APRIL_2):
    with time_machine.travel(when, tick=False):
        response = api_client(user).get("/api/v1/staff/todo")
    assert response.status_code == 200
    return [row for row in response.json() if row["kind"] == kind]


def test_a_period_over_without_a_report_is_on_the_units_list_due_in_working_days(tree, editor_a):
    plan, _task, assignments = make_plan(tree)
    due = schedule.plan_periods(plan)[0]["due"]
    [row] = rows(editor_a, "supervision.write")
    assert row["title"] == "1. 公开重大行政决策事项目录（2024年第1季度）"
    assert row["url"] == f"/manage/supervision/assignments/{assignments['a'].pk}/report/?period=2024-01-01"
    assert row["due_on"] == due.isoformat()
    assert row["working_days_left"] == cal.working_days_between(dt.date(2024, 4, 2), due)[0]
    # Qingming (4-6 April 2024) is not counted: five working days after 31 March fall on 8 April, not 5 April.
    assert due == dt.date(2024, 4, 8) and not row["urgent"]
    assert row["unit"] == "临沂市发展和改革委员会"


def test_the_row_turns_urgent_once_the_due_date_has_passed(tree, editor_a):
    make_plan(tree)
    [row] = rows(editor_a, "supervision.write", dt.datetime(2024, 4, 10, 9, tzinfo=dt.UTC))
    assert row["urgent"] and row["working_days_left"] < 0


def test_a_period_still_running_is_not_asked_for(tree, editor_a):
    make_plan(tree)
    assert rows(editor_a, "supervision.write", dt.datetime(2024, 3, 20, 9, tzinfo=dt.UTC)) == []


def test_another_units_staff_see_only_their_own_tasks(tree, editor_a, editor_b, reviewer_b):
    make_plan(tree)
    [mine] = rows(editor_a, "supervision.write")
    [theirs] = rows(editor_b, "supervision.write")
    assert mine["url"] != theirs["url"] and theirs["unit"] == "临沂市教育局"
    assert rows(reviewer_b, "supervision.review") == []


def test_gaps_in_plans_older_than_last_year_are_not_asked_for(tree, editor_a):
    make_plan(tree, year=2022, issued=dt.date(2022, 1, 4))
    assert rows(editor_a, "supervision.write") == []


def test_a_draft_is_listed_once_with_its_due_date_and_a_returned_report_with_the_offices_words(
    tree, editor_a, office
):
    _plan, _task, assignments = make_plan(tree)
    with time_machine.travel(APRIL_2, tick=False):
        services.save_report(
            actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="已公开目录。"
        )
    [row] = rows(editor_a, "supervision.write")
    assert row["note"] == "草稿，尚未报送" and row["due_on"] == "2024-04-08"

    with time_machine.travel(APRIL_2, tick=False):
        sent = services.save_report(
            actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="已公开目录。", submit=True
        )
    assert rows(editor_a, "supervision.write") == []  # handed in: nothing to write
    services.review_report(actor=office, report=sent, accept=False, comment="请补充目录的网址。")
    [row] = rows(editor_a, "supervision.write", dt.datetime(2024, 6, 3, 9, tzinfo=dt.UTC))
    assert row["note"] == "公开办退回：请补充目录的网址。"
    assert row["due_on"] is None  # its lateness was settled when it was first handed in
    assert row["url"].endswith("?period=2024-01-01")


def test_a_handed_in_report_waits_for_the_issuing_offices_review_only(
    tree, editor_a, reviewer_a, office, county_office
):
    _plan, _task, assignments = make_plan(tree)
    with time_machine.travel(APRIL_2, tick=False):
        sent = services.save_report(
            actor=editor_a, assignment=assignments["a"], period_start=Q1, summary="已公开目录。", submit=True
        )
    [row] = rows(office, "supervision.review")
    assert row["url"] == f"/manage/supervision/reports/{sent.pk}/"
    assert row["note"] == "2024-04-02报送"
    assert rows(reviewer_a, "supervision.review") == []  # the unit does not review itself
    assert rows(county_office, "supervision.review") == []  # the plan is the city's
    services.review_report(actor=office, report=sent, accept=True)
    assert ProgressReport.objects.get(pk=sent.pk).status == ReportStatus.ACCEPTED
    assert rows(office, "supervision.review") == []


def test_the_home_page_groups_them_under_their_headings(tree, editor_a):
    from tests.conftest import logged_in

    make_plan(tree)
    with time_machine.travel(APRIL_2, tick=False):
        page = logged_in(editor_a).get("/manage/").content.decode()
    assert "待填报的工作要点进展" in page and "公开重大行政决策事项目录（2024年第1季度）" in page
