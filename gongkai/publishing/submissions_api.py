"""信息报送 in the staff API: submit an item to a portal column, list, withdraw, adopt, decline, counts."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, services, submission_workflow
from .models import Column, SubmissionStatus

router = Router(tags=["staff"])


class SubmissionOut(Schema):
    id: int
    item_id: int
    item_title: str = Field(..., alias="item.title")
    item_url: str = Field(..., alias="item.get_absolute_url")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    column_id: int
    column_name: str = Field(..., alias="column.name")
    portal_unit_id: int = Field(..., alias="column.unit_id")
    portal_unit_name: str = Field(..., alias="column.unit.name")
    status: str
    status_label: str = Field(..., alias="get_status_display")
    note: str
    submitted_by: str
    submitted_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str

    @staticmethod
    def resolve_submitted_by(obj):
        return obj.submitted_by.full_name or obj.submitted_by.username

    @staticmethod
    def resolve_decided_by(obj):
        return (obj.decided_by.full_name or obj.decided_by.username) if obj.decided_by else None


class SubmissionIn(Schema):
    item_id: int = Field(..., description="本单位已发布的信息")
    column_id: int = Field(..., description="所属门户网站的要闻、通知公告或专题栏目")
    note: str = Field("", max_length=300, description="报送说明")


class SubmissionDecisionIn(Schema):
    reason: str = Field("", max_length=300, description="处理意见；不予采用时必填")


class SubmissionFilter(FilterSchema):
    box: str | None = Field(
        None, pattern="^(mine|incoming)$", description="mine 本单位报送；incoming 待我处理"
    )
    status: SubmissionStatus | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="报送年份")
    unit: int | None = Field(None, description="报送单位")


class SubmissionStatsOut(Schema):
    unit_id: int
    unit_name: str
    submitted: int
    adopted: int
    declined: int
    pending: int


def _rows(user, box: str | None):
    if box == "mine":
        return access.submissions_for(user)
    if box == "incoming":
        return access.incoming_submissions_for(user)
    return access.visible_submissions(user)


@router.get("/staff/submissions", response=list[SubmissionOut], auth=staff_auth, summary="信息报送列表")
@paginate(PageNumber)
def list_submissions(request, filters: SubmissionFilter = Query(...)):
    """本单位（及可管理的下级单位）的报送，和报送到本人所在门户网站、由本人处理的报送；`box` 只看其一。"""
    rows = _rows(request.auth, filters.box)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.year:
        rows = rows.filter(submitted_at__year=filters.year)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    return rows.with_listing().order_by("-submitted_at", "-pk")


@router.get(
    "/staff/submissions/stats", response=list[SubmissionStatsOut], auth=staff_auth, summary="信息报送统计"
)
def submission_stats(request, year: int = Query(None, ge=2000, le=2100, description="默认为今年")):
    """按单位统计某年报送的信息数（不含已撤回）、采用数、未采用数和待处理数；只列有报送的单位。"""
    year = year or timezone.localdate().year
    rows = (
        _rows(request.auth, None)
        .filter(submitted_at__year=year)
        .exclude(status=SubmissionStatus.WITHDRAWN)
        .values("unit_id", "unit__name", "unit__path")
        .annotate(
            submitted=Count("pk"),
            adopted=Count("pk", filter=Q(status=SubmissionStatus.ADOPTED)),
            declined=Count("pk", filter=Q(status=SubmissionStatus.DECLINED)),
            pending=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
        )
        .order_by("unit__path")
    )
    return [{**row, "unit_name": row["unit__name"]} for row in rows]


@router.get(
    "/staff/submissions/{int:submission_id}", response=SubmissionOut, auth=staff_auth, summary="信息报送详情"
)
def get_submission(request, submission_id: int):
    return access.get_submission_for_user(request.auth, submission_id)


@router.post("/staff/submissions", response={201: SubmissionOut}, auth=staff_auth, summary="报送信息")
def submit(request, payload: SubmissionIn):
    """把本单位一条已发布的信息报送到所属门户网站的栏目（要闻、通知公告、专题），由门户网站的公开办采用或不予采用。"""
    item = access.get_item_for_user(request.auth, payload.item_id, write=True)
    column = Column.objects.filter(pk=payload.column_id).select_related("unit").first()
    if column is None:
        raise ValidationError({"column_id": "栏目不存在。"})
    submission = services.submit_to_portal(actor=request.auth, item=item, column=column, note=payload.note)
    return Status(201, access.get_submission_for_user(request.auth, submission.pk))


def _decide(request, submission_id: int, action: str, service, **kwargs):
    submission = access.get_submission_for_user(request.auth, submission_id, action=action)
    try:
        service(actor=request.auth, submission=submission, **kwargs)
    except submission_workflow.TransitionError as exc:
        raise ValidationError(
            {"status": f"当前状态（{submission.get_status_display()}）下不能执行此操作。"}
        ) from exc
    return get_object_or_404(access.visible_submissions(request.auth).with_listing(), pk=submission_id)


@router.post(
    "/staff/submissions/{int:submission_id}/adopt", response=SubmissionOut, auth=staff_auth, summary="采用"
)
def adopt(request, submission_id: int, payload: SubmissionDecisionIn):
    return _decide(request, submission_id, "adopt", services.adopt_submission, reason=payload.reason)


@router.post(
    "/staff/submissions/{int:submission_id}/decline",
    response=SubmissionOut,
    auth=staff_auth,
    summary="不予采用",
)
def decline(request, submission_id: int, payload: SubmissionDecisionIn):
    return _decide(request, submission_id, "decline", services.decline_submission, reason=payload.reason)


@router.post(
    "/staff/submissions/{int:submission_id}/withdraw",
    response=SubmissionOut,
    auth=staff_auth,
    summary="撤回报送",
)
def withdraw(request, submission_id: int):
    return _decide(request, submission_id, "withdraw", services.withdraw_submission)
