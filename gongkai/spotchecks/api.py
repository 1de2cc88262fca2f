"""Random inspections (双随机、一公开): inspection matters, the directories of inspected entities and of inspectors,
plans, a draw anyone can verify, and the results.

Public: ``GET /registers/inspections`` (plans, newest first, with their matters, commitment, the seed and picks
once drawn, the results once published) and ``GET /registers/inspections/{id}``. Staff: commit, draw, record a
result and publish the results (``/staff/registers/inspections/...``), through the same services as the
workspace."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, services
from .models import Outcome, Plan, PlanState

router = Router(tags=["spotchecks"])


class InspectionMatterOut(Schema):
    code: str
    name: str
    basis: str
    scope: str
    method: str
    method_label: str

    @staticmethod
    def resolve_method_label(obj):
        return obj.get_method_display()


class InspectorOut(Schema):
    name: str
    certificate_no: str


class PickOut(Schema):
    id: int
    order: int
    entity_name: str
    credit_code: str
    inspectors: list[InspectorOut]


class InspectionResultOut(Schema):
    entity_name: str  # 检查对象名称
    credit_code: str  # 统一社会信用代码
    matters: list[str]  # 抽查事项
    checked_on: dt.date  # 检查日期
    outcome: str
    outcome_label: str  # 检查结果
    findings: str
    handling: str  # 处理情况
    authority: str  # 检查机关


class PoolOut(Schema):
    entities: int
    inspectors: int
    csv_url: str


class InspectionPlanOut(Schema):
    id: int
    title: str
    unit: str
    unit_id: int
    year: int
    url: str
    state: str
    state_label: str
    starts_on: dt.date
    ends_on: dt.date
    entity_count: int
    inspectors_per_entity: int
    matters: list[InspectionMatterOut]
    pool: PoolOut
    commitment: str
    committed_at: dt.datetime | None
    seed: str | None  # null until the draw
    drawn_at: dt.datetime | None
    picks: list[PickOut] | None  # null until the draw
    results_published_at: dt.datetime | None
    results: list[InspectionResultOut] | None  # null until published

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_state_label(obj):
        return obj.get_state_display()

    @staticmethod
    def resolve_matters(obj):
        return list(obj.matters.all())

    @staticmethod
    def resolve_pool(obj):
        return {"entities": len(obj.pool_entities), "inspectors": len(obj.pool_inspectors),
                "csv_url": reverse("spotchecks:pool", args=[obj.pk])}  # fmt: skip

    @staticmethod
    def resolve_seed(obj):
        return obj.public_seed

    @staticmethod
    def resolve_picks(obj):
        if not obj.is_drawn:
            return None
        names = dict(map(tuple, obj.pool_inspectors))
        return [{"id": p.pk, "order": p.order, "entity_name": p.entity_name, "credit_code": p.entity_key,
                 "inspectors": [{"name": names.get(k, ""), "certificate_no": k} for k in p.inspector_keys]}
                for p in obj.picks.all()]  # fmt: skip

    @staticmethod
    def resolve_results(obj):
        if obj.state != PlanState.PUBLISHED:
            return None
        matters = [m.name for m in obj.matters.all()]
        return [
            {"entity_name": p.entity_name, "credit_code": p.entity_key, "matters": matters,
             "checked_on": p.result.checked_on, "outcome": p.result.outcome,
             "outcome_label": p.result.get_outcome_display(), "findings": p.result.findings,
             "handling": p.result.handling, "authority": obj.unit.name}
            for p in obj.picks.all() if getattr(p, "result", None)
        ]  # fmt: skip


def _public():
    return Plan.objects.public().select_related("unit").prefetch_related("matters", "picks__result")


@router.get("/registers/inspections", response=list[InspectionPlanOut], summary="双随机抽查计划、抽取和结果")
@paginate(PageNumber)
def plans(
    request,
    unit: int | None = None,
    year: int | None = Query(None, ge=1949, le=2100),
    state: PlanState | None = None,
):
    found = _public()
    if unit:
        found = found.filter(unit_id=unit)
    if year:
        found = found.filter(year=year)
    if state:
        found = found.filter(state=state)
    return found


@router.get("/registers/inspections/{int:plan_id}", response=InspectionPlanOut, summary="一个抽查计划")
def plan(request, plan_id: int):
    return get_object_or_404(_public(), pk=plan_id)


# Staff ----------------------------------------------------------------------------------------------------


class ResultIn(Schema):
    checked_on: dt.date
    outcome: Outcome
    findings: str = ""
    handling: str = ""


def _staff_plan(plan_id: int):
    return Plan.objects.select_related("unit").prefetch_related("matters", "picks__result").get(pk=plan_id)


@router.post("/staff/registers/inspections/{int:plan_id}/commit", response=InspectionPlanOut, auth=staff_auth,
             summary="公布抽查计划（冻结候选名单，公布随机种子承诺值）")  # fmt: skip
def commit(request, plan_id: int):
    found = access.get_plan_for_user(request.user, plan_id, write=True)
    services.commit_plan(actor=request.user, plan=found)
    return _staff_plan(plan_id)


@router.post("/staff/registers/inspections/{int:plan_id}/draw", response=InspectionPlanOut, auth=staff_auth,
             summary="随机抽取（只抽取一次，抽取后公布随机种子）")  # fmt: skip
def make_draw(request, plan_id: int):
    found = access.get_plan_for_user(request.user, plan_id, write=True)
    services.draw_plan(actor=request.user, plan=found)
    return _staff_plan(plan_id)


@router.post("/staff/registers/inspections/picks/{int:pick_id}/result", response=InspectionPlanOut, auth=staff_auth,
             summary="录入一户检查对象的检查结果")  # fmt: skip
def record_result(request, pick_id: int, payload: ResultIn):
    pick = access.get_pick_for_user(request.user, pick_id, write=True)
    services.record_result(actor=request.user, pick=pick, checked_on=payload.checked_on, outcome=payload.outcome,
                           findings=payload.findings, handling=payload.handling)  # fmt: skip
    return _staff_plan(pick.plan_id)


@router.post("/staff/registers/inspections/{int:plan_id}/publish", response=InspectionPlanOut, auth=staff_auth,
             summary="公示抽查结果")  # fmt: skip
def publish(request, plan_id: int):
    found = access.get_plan_for_user(request.user, plan_id, write=True)
    services.publish_results(actor=request.user, plan=found)
    return _staff_plan(plan_id)
