"""Consultations (public): list and detail with their state, published comments, the adoption report; comments
are accepted with the same challenge as on the site."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.core.api import PageNumber
from gongkai.core.context import ip_from_request
from gongkai.core.public_api import ChallengeOut, ProofIn

from . import periods, services
from .models import Comment, Consultation, State

router = Router(tags=["participation"])


class ConsultationOut(Schema):
    id: int
    title: str
    unit: str = Field(..., alias="unit.name")
    url: str = Field(..., alias="get_absolute_url")
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str
    state_label: str
    shortened_reason: str = Field(..., description="缩短征求意见期限的理由")  # issue 26: periods

    @staticmethod
    def resolve_state(obj):
        return obj.state()


class CommentOut(Schema):
    body: str = Field(..., alias="public_body")
    submitted_at: dt.datetime
    clause: int | None = Field(None, description="所针对条文的序号；空表示针对草案整体")
    reply: str = Field("", description="对这条意见的回复")
    decision: str = Field("", description="所在归类的采纳情况（采纳情况公布后）")

    @staticmethod
    def resolve_clause(obj):
        return obj.clause.number if obj.clause_id else None

    @staticmethod
    def resolve_decision(obj):
        reported = obj.consultation.report_published_at is not None
        return obj.group.decision if reported and obj.group_id else ""


class GroupOut(Schema):
    summary: str
    decision: str
    reason: str
    comments: int
    clause: int | None = None

    @staticmethod
    def resolve_clause(obj):
        return obj.clause.number if obj.clause_id else None

    @staticmethod
    def resolve_comments(obj):
        return obj.comments.count()


class ConsultationDetailOut(ConsultationOut):
    kinds: list[dict] = Field(..., description="草案类别（code、name）")  # issue 26: periods
    minimum: str = Field(..., description="最短征求意见期限，如：30日、7个工作日")  # issue 26: periods
    period_days: int = Field(..., description="征求意见期限（日或工作日，按起决定作用的类别）")  # issue 26
    draft: str
    explanation: str
    basis: str
    decision_url: str | None
    comments: list[CommentOut]
    clauses: list[dict]
    report: dict | None

    @staticmethod
    def resolve_kinds(obj):
        return [{"code": k.code, "name": k.name} for k in obj.kinds.all()]  # issue 26: periods

    @staticmethod
    def resolve_minimum(obj):
        return periods.period_of(obj, list(obj.kinds.all()))[1].label  # issue 26: periods

    @staticmethod
    def resolve_period_days(obj):
        return periods.period_of(obj, list(obj.kinds.all()))[0]  # issue 26: periods

    @staticmethod
    def resolve_decision_url(obj):
        return obj.decision.get_absolute_url() if obj.decision and obj.decision.is_public else None

    @staticmethod
    def resolve_comments(obj):
        return _published(obj)

    @staticmethod
    def resolve_clauses(obj):
        comments = _published(obj)
        reported = obj.state() == State.REPORTED
        groups = list(obj.groups.select_related("clause")) if reported else []
        return [
            {
                "number": c.number,
                "label": c.label,
                "text": c.text,
                "anchor": c.anchor,
                "comments": [CommentOut.from_orm(m).dict() for m in comments if m.clause_id == c.pk],
                "report": [GroupOut.from_orm(g).dict() for g in groups if g.clause_id == c.pk],
            }
            for c in obj.clauses.all()
        ]

    @staticmethod
    def resolve_report(obj):
        if obj.state() != State.REPORTED:
            return None
        groups = [GroupOut.from_orm(g).dict() for g in obj.groups.all()]
        return {
            "text": obj.report,
            "published_at": obj.report_published_at,
            "counts": services.counts(obj),
            "groups": groups,
        }


def _published(obj):
    if not hasattr(obj, "_published_comments"):
        obj._published_comments = list(
            obj.comments.filter(status=Comment.Status.PUBLISHED).select_related(
                "clause", "group", "consultation"
            )
        )
    return obj._published_comments


@router.get("/consultations", response=list[ConsultationOut], summary="意见征集")
@paginate(PageNumber)
def consultations(request, state: str | None = None):
    found = list(Consultation.objects.public().select_related("unit"))
    return [c for c in found if c.state() == state] if state else found


@router.get("/consultations/challenge", response=ChallengeOut, summary="发表意见、报名列席前的验证")
def challenge(request):
    return services.new_challenge()


@router.get("/consultations/{consultation_id}", response=ConsultationDetailOut, summary="意见征集详情")
def consultation(request, consultation_id: int):
    return get_object_or_404(
        Consultation.objects.public().select_related("unit", "decision"), pk=consultation_id
    )


class CommentIn(ProofIn):
    body: str = Field(..., min_length=1, max_length=5000)
    name: str = Field("", max_length=100)
    contact: str = Field("", max_length=100)
    submission_key: str | None = Field(None, max_length=64)
    clause: int | None = Field(None, description="所针对条文的序号（见详情的 clauses）；不填表示针对草案整体")


class ReceivedOut(Schema):
    received: bool
    created: bool
    submitted_at: dt.datetime


@router.post("/consultations/{consultation_id}/comments", response={201: ReceivedOut, 200: ReceivedOut},
             summary="发表意见")  # fmt: skip
def comment(request, consultation_id: int, payload: CommentIn):
    found = get_object_or_404(Consultation.objects.public(), pk=consultation_id)
    clause = None
    if payload.clause is not None:
        clause = found.clauses.filter(number=payload.clause).first()
        if clause is None:
            raise ValidationError({"clause": _("草案没有第%(n)s项条文，请按详情中的 clauses 选择条文序号。") % {
                "n": payload.clause}})  # fmt: skip
    made, created = services.submit_comment(
        consultation=found, body=payload.body, name=payload.name, contact=payload.contact,
        submission_key=payload.submission_key, ip=ip_from_request(request) or "", now=timezone.now(),
        proof=payload.proof(), clause=clause,
    )  # fmt: skip
    result = {"received": True, "created": created, "submitted_at": made.submitted_at}
    return Status(201 if created else 200, result)


class MatterOut(Schema):
    order: int
    title: str
    lead_unit: str = Field(..., alias="lead_unit.name")
    planned: str
    methods: list[str]
    status: str
    status_label: str = Field(..., alias="get_status_display")
    status_note: str
    consultation_url: str | None
    decision_url: str | None

    @staticmethod
    def resolve_consultation_url(obj):
        return (
            obj.consultation.get_absolute_url()
            if obj.consultation and obj.consultation.is_published
            else None
        )

    @staticmethod
    def resolve_decision_url(obj):
        return obj.decision.get_absolute_url() if obj.decision and obj.decision.is_public else None


class CatalogOut(Schema):
    unit: str = Field(..., alias="unit.name")
    year: int
    published_on: dt.date | None
    matters: list[MatterOut]

    @staticmethod
    def resolve_matters(obj):
        return list(obj.matters.all())  # prefetched with their units, consultations and decisions


@router.get("/decisions", response=list[CatalogOut], summary="重大行政决策事项目录")
@paginate(PageNumber)
def decision_catalogs(request, year: int | None = None, unit: int | None = None):
    from django.db.models import Prefetch

    from .models import DecisionCatalog, DecisionMatter

    matters = DecisionMatter.objects.select_related("lead_unit", "consultation", "decision")
    found = (
        DecisionCatalog.objects.filter(is_published=True)
        .select_related("unit")
        .prefetch_related(Prefetch("matters", queryset=matters))
        .order_by("-year", "unit__path", "pk")
    )
    if year:
        found = found.filter(year=year)
    if unit:
        found = found.filter(unit_id=unit)
    return found


class ProposalOut(Schema):
    id: int
    kind: str
    year: int
    number: str
    title: str
    authors: str
    lead_unit: str = Field(..., alias="lead_unit.name")
    assigned_on: dt.date
    deadline: dt.date
    replied_on: dt.date | None
    on_time: bool | None
    reply: str | None
    not_public_reason: str
    category: str = Field(..., description="答复类别：A 已解决或采纳；B 正在解决或列入计划解决；C 暂不能解决")
    satisfaction: str = Field(..., description="代表委员满意度：满意、基本满意、不满意（未反馈为空）")

    @staticmethod
    def resolve_reply(obj):
        return obj.reply if obj.reply_public else None


@router.get("/proposals", response=list[ProposalOut], summary="建议提案办理答复")
@paginate(PageNumber)
def proposal_list(request, year: int | None = None, kind: str | None = None):
    from .models import Proposal

    found = Proposal.objects.filter(status=Proposal.Status.REPLIED).select_related("lead_unit")
    if year:
        found = found.filter(year=year)
    if kind:
        found = found.filter(kind=kind)
    return found


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    unit: str = Field(..., alias="unit.name")
    held_at: dt.datetime
    place: str
    agenda: list[str] = Field(..., alias="agenda_items")
    apply_until: dt.datetime | None
    seats: int
    accepting_applications: bool
    livestream_url: str
    decisions: str | None
    withheld: str | None
    materials: list[str]

    @staticmethod
    def resolve_accepting_applications(obj):
        return obj.accepts_applications()

    @staticmethod
    def resolve_decisions(obj):
        return obj.decisions if obj.outcome_published_at else None

    @staticmethod
    def resolve_withheld(obj):
        return obj.withheld if obj.outcome_published_at else None

    @staticmethod
    def resolve_materials(obj):
        return (
            [m.get_absolute_url() for m in obj.materials.all() if m.is_public]
            if obj.outcome_published_at
            else []
        )


@router.get("/meetings", response=list[MeetingOut], summary="会议公开")
@paginate(PageNumber)
def meeting_list(request):
    from .models import Meeting

    return Meeting.objects.filter(is_published=True).select_related("unit")


class MeetingApplicationIn(ProofIn):
    category: str
    name: str = Field(..., max_length=50)
    organization: str = Field("", max_length=100)
    contact: str = Field(..., max_length=30)
    reason: str = Field("", max_length=2000)
    submission_key: str | None = Field(None, max_length=64)


@router.post(
    "/meetings/{meeting_id}/applications", response={201: ReceivedOut, 200: ReceivedOut}, summary="报名列席"
)
def apply(request, meeting_id: int, payload: MeetingApplicationIn):
    from .models import Meeting

    found = get_object_or_404(Meeting.objects.filter(is_published=True), pk=meeting_id)
    made, created = services.apply_to_attend(
        meeting=found, category=payload.category, name=payload.name, contact=payload.contact,
        organization=payload.organization, reason=payload.reason, submission_key=payload.submission_key,
        ip=ip_from_request(request) or "", proof=payload.proof(),
    )  # fmt: skip
    return Status(
        201 if created else 200, {"received": True, "created": created, "submitted_at": made.created_at}
    )
