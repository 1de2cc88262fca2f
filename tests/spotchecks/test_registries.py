"""What the other apps read from 双随机抽查: the to-do list, supervision's evidence, the key-area column and search."""

import datetime as dt

import pytest
import time_machine

from gongkai.core import todo
from gongkai.publishing import column_sources
from gongkai.search.models import Kind, SearchDocument
from gongkai.spotchecks import rules, services, supervision_sources
from gongkai.spotchecks.models import Plan
from tests.spotchecks.conftest import SYSTEM

pytestmark = pytest.mark.django_db


def rows(user, kind, today):
    return [row for k, found in todo.todo_for(user, today) if k.kind == kind for row in found]


def test_a_committed_plan_past_its_start_waits_to_be_drawn_on_the_to_do(plan, editor_a, editor_b):
    services.commit_plan(actor=SYSTEM, plan=plan)
    assert rows(editor_a, "spotchecks.draw", dt.date(2026, 3, 1)) == []
    [row] = rows(editor_a, "spotchecks.draw", dt.date(2026, 3, 3))
    assert row.title == plan.title and row.urgent and row.url == f"/manage/spotchecks/plans/{plan.pk}/"
    assert rows(editor_b, "spotchecks.draw", dt.date(2026, 3, 3)) == []


def test_a_drawn_plan_whose_period_ended_waits_for_its_results_due_20_working_days_later(plan, editor_a):
    services.commit_plan(actor=SYSTEM, plan=plan)
    services.draw_plan(actor=SYSTEM, plan=plan)
    assert rows(editor_a, "spotchecks.results", dt.date(2026, 4, 30)) == []
    [row] = rows(editor_a, "spotchecks.results", dt.date(2026, 5, 6))
    assert row.due_on == rules.results_due(dt.date(2026, 4, 30)) and "3户未录入检查结果" in row.note
    assert row.due_on > dt.date(2026, 5, 28)  # 劳动节 (5.1-5.5) is not counted
    assert not row.urgent
    [late] = rows(editor_a, "spotchecks.results", dt.date(2026, 7, 1))
    assert late.urgent


def test_supervision_sees_the_plans_and_results_and_the_late_ones(plan, tree):
    with time_machine.travel(dt.datetime(2026, 2, 20, 9, tzinfo=dt.UTC)):
        services.commit_plan(actor=SYSTEM, plan=plan)
        services.draw_plan(actor=SYSTEM, plan=plan)
    found = supervision_sources.findings(tree.dept_a, dt.date(2026, 1, 1), dt.date(2026, 7, 1))
    assert [(f.name, f.count) for f in found] == [("双随机抽查计划", 1), ("双随机抽查结果", 0)]
    assert found[1].problem == "1个计划的抽查结果逾期未公示或逾期公示"
    assert (
        supervision_sources.findings(tree.dept_a, dt.date(2026, 1, 1), dt.date(2026, 4, 1))[1].problem == ""
    )


def test_published_results_are_found_by_search_and_fill_the_key_area_column(
    plan, tree, rf, django_capture_on_commit_callbacks
):
    services.commit_plan(actor=SYSTEM, plan=plan)
    services.draw_plan(actor=SYSTEM, plan=plan)
    for pick in plan.picks.all():
        services.record_result(actor=SYSTEM, pick=pick, checked_on=dt.date.today(), outcome="no_problem")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_results(actor=SYSTEM, plan=Plan.objects.get(pk=plan.pk))
    document = SearchDocument.objects.get(source="spotchecks.plan", source_id=plan.pk)
    assert document.kind == Kind.REGISTER and "明码标价检查" in document.body
    [source] = column_sources.sources_for("ka-random-inspection")
    listed = list(source.rows(tree.dept_a, rf.get("/")))
    assert listed[0].title == f"{plan.title}（抽查结果）" and listed[0].url == plan.get_absolute_url()
