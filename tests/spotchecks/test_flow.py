"""A plan through the workspace: written, committed (the seed only as its hash), drawn once, results entered and
published; each step recorded; the public page shows the seed only after the draw, and the draw re-runs from it."""

import datetime as dt

import pytest
import time_machine

from gongkai.core.models import AuditEvent
from gongkai.spotchecks import draw
from gongkai.spotchecks.models import DrawPick, Plan, PlanState, Result
from tests.audits import record_of
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def post(client, plan, action):
    return client.post(f"/manage/spotchecks/plans/{plan.pk}/{action}/", follow=True)


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_plan_is_written_committed_drawn_and_its_results_published_through_the_workspace(
    unit_a, matters, editor_a, citizen
):
    client = logged_in(editor_a)
    form = {"unit": unit_a.pk, "title": "2026年明码标价抽查", "year": 2026, "matters": [m.pk for m in matters],
            "starts_on": "2026-03-02", "ends_on": "2026-03-31", "industry": "", "entity_count": 4,
            "inspectors_per_entity": 2}  # fmt: skip
    response = client.post("/manage/spotchecks/plans/new/", form)
    plan = Plan.objects.get(title="2026年明码标价抽查")
    assert response.status_code == 302 and plan.state == PlanState.DRAFT
    assert record_of("spotchecks.plan.created", plan).actor == editor_a
    assert citizen.get(f"/registers/inspections/{plan.pk}/").status_code == 404  # a draft is not public

    assert "计划已公布" in post(client, plan, "commit").content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.COMMITTED and len(plan.seed) == 64
    assert plan.commitment == draw.commitment(plan.seed)
    assert len(plan.pool_entities) == 12 and len(plan.pool_inspectors) == 4
    assert [k for k, _ in plan.pool_entities] == sorted(k for k, _ in plan.pool_entities)
    page = citizen.get(f"/registers/inspections/{plan.pk}/").content.decode()
    assert plan.commitment in page and plan.seed not in page and "抽取后公布" in page
    assert plan.seed not in client.get(f"/manage/spotchecks/plans/{plan.pk}/").content.decode()
    assert not AuditEvent.objects.filter(changes__icontains=plan.seed).exists()  # nowhere in the log

    assert "已完成随机抽取" in post(client, plan, "draw").content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN and plan.drawn_at
    picks = list(plan.picks.order_by("order"))
    expected = draw.draw(plan.seed, plan.entity_keys, plan.inspector_keys, 4, 2)
    assert [p.as_draw_pick() for p in picks] == expected
    assert [sorted(i.certificate_no for i in p.inspectors.all()) for p in picks] == [
        sorted(e.inspectors) for e in expected
    ]
    assert record_of("spotchecks.plan.drawn", plan).changes["seed"] == [None, plan.seed]
    assert "只抽取一次" in post(client, plan, "draw").content.decode()  # never twice
    assert DrawPick.objects.filter(plan=plan).count() == 4

    page = citizen.get(f"/registers/inspections/{plan.pk}/").content.decode()
    assert plan.seed in page and picks[0].entity_name in page

    assert "还有4户" in post(client, plan, "publish").content.decode()
    for n, pick in enumerate(picks):
        data = {f"r{pick.pk}-checked_on": "2026-03-01", f"r{pick.pk}-outcome": "ordered" if n == 0 else "no_problem",
                f"r{pick.pk}-findings": "未明码标价" if n == 0 else "", f"r{pick.pk}-handling": "已责令限期整改" if n == 0 else ""}  # fmt: skip
        assert client.post(f"/manage/spotchecks/picks/{pick.pk}/result/", data).status_code == 302
    assert Result.objects.filter(plan=plan).count() == 4
    assert "抽查结果已公示" in post(client, plan, "publish").content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED and record_of("spotchecks.plan.results_published", plan)
    page = citizen.get(f"/registers/inspections/{plan.pk}/").content.decode()
    for label in (
        "抽查事项",
        "检查对象名称",
        "统一社会信用代码",
        "检查日期",
        "检查结果",
        "处理情况",
        "检查机关",
    ):
        assert label in page
    assert "已责令限期整改" in page and picks[0].entity_key in page
    results = citizen.get("/registers/inspections/results/").content.decode()
    assert picks[0].entity_name in results and "明码标价检查" in results


def test_a_result_with_a_problem_but_no_handling_is_refused_in_chinese_and_nothing_is_saved(plan, editor_a):
    from gongkai.spotchecks import services

    services.commit_plan(actor=editor_a, plan=plan)
    services.draw_plan(actor=editor_a, plan=plan)
    pick = plan.picks.first()
    data = {f"r{pick.pk}-checked_on": dt.date.today().isoformat(), f"r{pick.pk}-outcome": "case"}
    response = logged_in(editor_a).post(f"/manage/spotchecks/picks/{pick.pk}/result/", data)
    assert response.status_code == 200 and "发现问题的，请填写处理情况。" in response.content.decode()
    assert not Result.objects.exists()


def test_a_plan_drawing_more_than_the_pool_is_refused_in_chinese_and_stays_a_draft(plan, editor_a):
    Plan.objects.filter(pk=plan.pk).update(entity_count=13)
    response = post(logged_in(editor_a), plan, "commit")
    assert "检查对象名录只有12户在册对象，少于要抽取的13户。" in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT and plan.seed == "" and plan.commitment == ""
    assert not AuditEvent.objects.filter(action="spotchecks.plan.committed").exists()


def test_a_plan_with_one_inspector_per_entity_is_refused_in_chinese(unit_a, matters, editor_a):
    form = {"unit": unit_a.pk, "title": "一人检查", "year": 2026, "matters": [matters[0].pk],
            "starts_on": "2026-03-02", "ends_on": "2026-03-01", "entity_count": 2, "inspectors_per_entity": 1}  # fmt: skip
    response = logged_in(editor_a).post("/manage/spotchecks/plans/new/", form)
    text = response.content.decode()
    assert response.status_code == 200 and "每个检查对象至少选派2名执法人员。" in text
    assert not Plan.objects.filter(title="一人检查").exists()


def test_another_units_editor_finds_no_plan_and_may_not_act_on_it(plan, editor_b, editor_a, reviewer_b):
    client = logged_in(editor_b)
    assert client.get(f"/manage/spotchecks/plans/{plan.pk}/").status_code == 404
    assert client.post(f"/manage/spotchecks/plans/{plan.pk}/commit/").status_code == 404
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    assert "2026年价格收费" not in client.get("/manage/spotchecks/").content.decode()
    assert "2026年价格收费" in logged_in(editor_a).get("/manage/spotchecks/").content.decode()


def test_an_unknown_action_is_not_found(plan, editor_a):
    assert logged_in(editor_a).post(f"/manage/spotchecks/plans/{plan.pk}/explode/").status_code == 404
