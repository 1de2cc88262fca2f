"""Work plans (public: tasks, their status and accepted progress); staff: a unit's tasks, reporting progress,
the office's review, the evidence panel and assessment results."""

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, assessment, evidence, schedule, services

router = Router(tags=["supervision"])


class PlanOut(Schema):
    id: int
    title: str
    year: int
    doc_number: str
    issuer: str = Field(..., alias="issuer_name")
    issued_on: dt.date
    schedule: str
    url: str = Field(..., alias="get_absolute_url")


class ProgressOut(Schema):
    unit: str
    period: str
    summary: str
    links: list[str]
    completed_on: dt.date | None


class TaskOut(Schema):
    order: int
    section: str
    subtask: str
    title: str
    requirement: str
    units_text: str
    open_ended: bool
    units: list[str]
    key_areas: list[str]
    state: str
    state_label: str
    progress: list[ProgressOut]


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]


def _task(task) -> dict:
    state = services.task_state(task)
    progress = []
    for a in task.assignments.all():
        if latest := services.latest_accepted(a):
            progress.append({"unit": a.unit.name, "period": latest.period_label, "summary": latest.summary,
                             "links": latest.links(), "completed_on": a.completed_on})  # fmt: skip
    return {
        "order": task.order, "section": task.section.title, "subtask": task.subtask, "title": task.title,
        "requirement": task.requirement, "units_text": task.units_text, "open_ended": task.open_ended,
        "units": [a.unit.name for a in task.assignments.all()], "key_areas": [k.code for k in task.key_areas.all()],
        "state": state, "state_label": str(services.TASK_STATE_LABELS[state]), "progress": progress,
    }  # fmt: skip


@router.get("/workplans", response=list[PlanOut], summary="政务公开工作要点")
@paginate(PageNumber)
def plans(request, year: int | None = None):
    queryset = access.published_plans()
    return queryset.filter(year=year) if year else queryset


@router.get("/workplans/{int:plan_id}", response=PlanDetailOut, summary="工作要点任务及落实情况")
def plan_detail(request, plan_id: int):
    plan = access.get_published_plan(plan_id)
    tasks = plan.tasks.select_related("section").prefetch_related("assignments__unit", "assignments__reports",
                                                                  "key_areas")  # fmt: skip
    return {"id": plan.pk, "title": plan.title, "year": plan.year, "doc_number": plan.doc_number,
            "issuer_name": plan.issuer_name, "issued_on": plan.issued_on, "schedule": plan.schedule,
            "get_absolute_url": plan.get_absolute_url(), "tasks": [_task(t) for t in tasks]}  # fmt: skip


class AssignmentOut(Schema):
    id: int
    plan_id: int = Field(..., alias="task.plan_id")
    task_order: int = Field(..., alias="task.order")
    task: str = Field(..., alias="task.title")
    requirement: str = Field(..., alias="task.requirement")
    unit: str = Field(..., alias="unit.name")
    role: str
    completed_on: dt.date | None
    periods: list[dict]

    @staticmethod
    def resolve_periods(obj, context):
        """Each period begun so far with the state of the unit's report; the plan's periods are worked out
        once per request (only for the page's rows)."""
        request = context["request"]
        known = request.__dict__.setdefault("supervision_periods", {})
        if obj.task.plan_id not in known:
            known[obj.task.plan_id] = schedule.plan_periods(obj.task.plan)
        today = timezone.localdate()
        reports = {r.period_start: r for r in obj.reports.all()}
        out = []
        for p in known[obj.task.plan_id]:
            if p["start"] > today:
                break
            report = reports.get(p["start"])
            out.append({"start": p["start"], "label": p["label"], "due": p["due"],
                        "state": services.period_state(report, p["due"], today),
                        "report_id": report.pk if report else None})  # fmt: skip
        return out


@router.get("/staff/supervision/assignments", response=list[AssignmentOut], auth=staff_auth,
            summary="本单位任务及各期报送状态")  # fmt: skip
@paginate(PageNumber)
def assignments(request, plan: int | None = None, unit: int | None = None):
    queryset = (access.assignments_for(request.auth)
                .select_related("task__plan", "unit").prefetch_related("reports").order_by("task__plan", "task__order", "unit__path"))  # fmt: skip
    if plan:
        queryset = queryset.filter(task__plan_id=plan)
    if unit:
        queryset = queryset.filter(unit_id=unit)
    return queryset


class ReportIn(Schema):
    assignment_id: int
    period_start: dt.date = Field(..., description="报送周期的第一天，如 2019-07-01")
    summary: str
    evidence_links: list[str] = []
    is_final: bool = False
    submit: bool = Field(True, description="false 时保存为草稿")


class ReportOut(Schema):
    id: int
    assignment_id: int
    period: str = Field(..., alias="period_label")
    period_start: dt.date
    due_on: dt.date
    status: str
    summary: str
    evidence_links: list[str]
    is_final: bool
    first_submitted_on: dt.date | None
    on_time: bool | None
    review_comment: str

    @staticmethod
    def resolve_evidence_links(obj):
        return obj.links()


@router.post(
    "/staff/supervision/reports", response={201: ReportOut}, auth=staff_auth, summary="报送（或修改）本期进展"
)
def report(request, payload: ReportIn):
    assignment = access.get_assignment_for_user(request.auth, payload.assignment_id, write=True)
    saved = services.save_report(
        actor=request.auth, assignment=assignment, period_start=payload.period_start, summary=payload.summary,
        evidence_links="\n".join(payload.evidence_links), is_final=payload.is_final, submit=payload.submit,
    )  # fmt: skip
    return Status(201, saved)


@router.get(
    "/staff/supervision/reports/{int:report_id}", response=ReportOut, auth=staff_auth, summary="进展报送详情"
)
def report_detail(request, report_id: int):
    return access.get_report_for_user(request.auth, report_id)


class ReviewIn(Schema):
    accept: bool
    comment: str = ""


@router.post("/staff/supervision/reports/{int:report_id}/review", response=ReportOut, auth=staff_auth,
             summary="公开办审核：通过或退回")  # fmt: skip
def review(request, report_id: int, payload: ReviewIn):
    found = access.get_report_for_user(request.auth, report_id)
    return services.review_report(
        actor=request.auth, report=found, accept=payload.accept, comment=payload.comment
    )


class EvidenceRowOut(Schema):
    name: str
    count: int
    last: dt.date | None
    rule: str
    stale: bool
    blank: bool
    missing: bool
    items: list[dict]


class RecordFindingOut(Schema):
    name: str
    count: int
    last: dt.date | None
    url: str
    rule: str
    problem: str = Field(..., description="未达要求之处（如逾期公示、缺期），为空表示正常")


class EvidenceOut(Schema):
    unit: str
    start: dt.date
    as_of: dt.date
    key_areas: list[EvidenceRowOut]
    columns: list[EvidenceRowOut]
    records: list[RecordFindingOut] = Field(..., description="重点领域台账与数据发布的情况")


def _row(row) -> dict:
    return {**{k: getattr(row, k) for k in ("name", "count", "last", "rule", "stale", "blank", "missing")},
            "items": [{"title": i.title, "url": i.get_absolute_url(), "published_at": i.published_at} for i in row.items]}  # fmt: skip


@router.get("/staff/supervision/assignments/{int:assignment_id}/evidence", response=EvidenceOut, auth=staff_auth,
            summary="平台发布情况（佐证）")  # fmt: skip
def assignment_evidence(
    request, assignment_id: int, start: dt.date | None = None, end: dt.date | None = None
):
    assignment = access.get_assignment_for_user(request.auth, assignment_id)
    year = assignment.task.plan.year
    start, end = start or dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    found = evidence.for_unit(assignment.task, assignment.unit, start, end)
    return {"unit": assignment.unit.name, "start": start, "as_of": found["as_of"],
            "key_areas": [_row(r) for r in found["areas"]], "columns": [_row(r) for r in found["columns"]],
            "records": [vars(f) for f in found["records"]]}  # fmt: skip


class ResultOut(Schema):
    rank: int
    unit: str
    scores: dict[str, float | None]
    total: float
    weighted: float
    complete: bool


class ResultsOut(Schema):
    scheme: str
    year: int
    openness_weight: float
    indicators: list[dict]
    results: list[ResultOut]


@router.get("/staff/supervision/assessments/{int:scheme_id}", response=ResultsOut, auth=staff_auth,
            summary="考核得分与排名")  # fmt: skip
def assessment_results(request, scheme_id: int):
    scheme = access.get_scheme_for_user(request.auth, scheme_id)
    indicators = list(scheme.indicators.all())
    rows = assessment.results(scheme)
    return {
        "scheme": scheme.title, "year": scheme.year, "openness_weight": float(scheme.openness_weight),
        "indicators": [{"name": i.name, "points": float(i.points), "method": i.method} for i in indicators],
        "results": [{"rank": r["rank"], "unit": r["unit"].name, "complete": r["complete"],
                     "scores": {i.name: float(c.points) if c else None for i, c in zip(indicators, r["cells"], strict=True)},
                     "total": float(r["total"]), "weighted": float(r["weighted"])} for r in rows],
    }  # fmt: skip
