"""Correction of records (条例第四十一条): public submit and track (code + secret); staff list, detail (audited),
intake, start, decision and the notice. The list carries no identity or contact fields."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from gongkai.core import access as core_access
from gongkai.core.api import PageNumber, staff_auth
from gongkai.core.context import ip_from_request
from gongkai.core.models import Organization
from gongkai.core.public_api import ProofIn

from . import corrections
from .api import _handling
from .models import (
    CORRECTION_FIELDS,
    ApplicantType,
    Channel,
    CorrectionOutcome,
    CorrectionStatus,
    HelpNeed,
    IdType,
)

router = Router(tags=["foi"])


class CorrectionRequestIn(Schema):
    """What a request to correct a record says, whoever registers it."""

    unit_id: int
    applicant_type: ApplicantType
    applicant_name: str = Field(..., min_length=1, max_length=100)
    id_type: IdType
    id_number: str = Field(..., min_length=2, max_length=40)
    phone: str = Field(..., min_length=5, max_length=30)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    record_name: str = Field(
        ..., min_length=2, max_length=300, description="需要更正的政府信息（证照、登记、档案等）"
    )
    current_text: str = Field(..., min_length=1, max_length=5000, description="现记载内容")
    requested_text: str = Field(..., min_length=1, max_length=5000, description="应更正为")
    reason: str = Field(..., min_length=2, max_length=5000, description="理由和证据")
    help_needs: list[HelpNeed] = Field(default_factory=list, description="需要的帮助（条例第四十三条）")
    help_contact: str = Field("", max_length=200)
    submission_key: str | None = Field(
        None, max_length=64, description="同一次提交重试时使用同一值，只登记一次"
    )


class CorrectionSubmitIn(CorrectionRequestIn, ProofIn):
    """A request from the public: what it says and the answered challenge (as applications)."""


class CorrectionIntakeIn(CorrectionRequestIn):
    channel: Channel
    received_on: dt.date


class CorrectionSubmittedOut(Schema):
    tracking_code: str
    secret: str
    received_on: dt.date
    due_on: dt.date | None
    created: bool


class CorrectionTrackIn(Schema):
    tracking_code: str = Field(..., max_length=20)
    secret: str = Field(..., max_length=24)


class CorrectionStageOut(Schema):
    """Where a case stands, without the record (which is about the applicant: the staff list leaves it out)."""

    tracking_code: str
    unit_name: str = Field(..., alias="unit.name")
    received_on: dt.date
    status: CorrectionStatus
    status_label: str = Field(..., alias="get_status_display")
    due_on: dt.date | None
    due_provisional: bool
    outcome: str
    outcome_label: str = Field(..., alias="get_outcome_display")
    other_organ: str
    decided_on: dt.date | None


class CorrectionStateOut(CorrectionStageOut):
    """Where a case stands, for the applicant: the record asked about, nothing about who asked."""

    record_name: str


class CorrectionNoticeLinkOut(Schema):
    format: str
    url: str


class CorrectionTrackOut(CorrectionStateOut):
    """What the applicant reads: the state, what was done and the notice (links that expire)."""

    outcome_text: str
    notice: list[CorrectionNoticeLinkOut] = Field(default_factory=list)

    @staticmethod
    def resolve_notice(obj, context):
        if not obj.decided_on:
            return []
        request = context["request"]
        return [
            {"format": fmt, "url": request.build_absolute_uri(corrections.notice_link(obj, fmt))}
            for fmt in ("docx", "pdf", "large-pdf")
        ]


class StaffCorrectionRowOut(CorrectionStageOut):
    """A case in the staff list: no identity or contact details and not the record, which is about the
    applicant (those are in the audited detail)."""

    id: int
    unit_id: int
    channel: str
    applicant_type: str
    overdue: bool = Field(..., alias="is_overdue")


class CorrectionEvidenceOut(Schema):
    id: int
    name: str
    file_kind: str
    size: int


class StaffCorrectionOut(StaffCorrectionRowOut):
    """A case with the applicant's identity and contacts, the request and the evidence (reading it is
    audited). The help the applicant asked for is the handling unit's only, as an application's."""

    record_name: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    email: str
    address: str
    current_text: str
    requested_text: str
    reason: str
    help_needs: list[str] = Field(default_factory=list, description="需要的帮助（仅办理单位可见）")
    help_contact: str = Field("", description="提供帮助的联系方式（仅办理单位可见）")
    outcome_text: str
    notice_number: str
    evidence: list[CorrectionEvidenceOut] = Field(default_factory=list)

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.documents.all())

    @staticmethod
    def resolve_help_needs(obj, context):
        return obj.help_needs if _handling(obj, context) else []

    @staticmethod
    def resolve_help_contact(obj, context):
        return obj.help_contact if _handling(obj, context) else ""


class CorrectionDecisionIn(Schema):
    outcome: CorrectionOutcome
    text: str = Field("", max_length=5000, description="予以更正：如何更正；不予更正：理由")
    other_organ: str = Field("", max_length=100, description="转送或告知时：有权更正的行政机关")
    on: dt.date | None = None


def _data(payload) -> dict:
    return {name: value for name, value in payload.dict().items() if name in CORRECTION_FIELDS}


def _submitted(result: tuple) -> dict:
    case, secret, created = result
    return {
        "tracking_code": case.tracking_code,
        "secret": secret,
        "received_on": case.received_on,
        "due_on": case.due_on,
        "created": created,
    }


@router.post(
    "/foi/corrections",
    response={201: CorrectionSubmittedOut, 200: CorrectionSubmittedOut},
    summary="提交更正政府信息记录申请（条例第四十一条）",
    description="验证方式与提交政府信息公开申请相同（先取 GET /api/v1/foi/challenge）。",
)
def submit_correction(request, payload: CorrectionSubmitIn):
    unit = get_object_or_404(Organization.objects.active(), pk=payload.unit_id)
    result = _submitted(
        corrections.submit(
            unit=unit,
            data=_data(payload),
            submission_key=payload.submission_key,
            proof=payload.proof(),
            ip=ip_from_request(request),
        )
    )
    return Status(201 if result["created"] else 200, result)


@router.post("/foi/corrections/track", response=CorrectionTrackOut, summary="凭查询码和查询密码查询更正申请")
def track_correction(request, payload: CorrectionTrackIn):
    case = corrections.find_for_applicant(payload.tracking_code, payload.secret, ip=ip_from_request(request))
    if case is None:
        raise HttpError(404, "查询码或查询密码不正确。")
    return case


# Staff ------------------------------------------------------------------------------------------------


@router.get(
    "/staff/foi/corrections",
    response=list[StaffCorrectionRowOut],
    auth=staff_auth,
    summary="更正申请办理队列",
    description="不含申请人身份和联系方式；这些只在详情中提供（每次查看均记入审计日志）。",
)
@paginate(PageNumber)
def correction_queue(request, status: CorrectionStatus | None = None, open_only: bool = True):
    queryset = corrections.corrections_for(request.auth).order_by("due_on", "pk")
    if open_only:
        queryset = queryset.open()
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@router.get(
    "/staff/foi/corrections/{int:case_id}",
    response=StaffCorrectionOut,
    auth=staff_auth,
    summary="更正申请详情（查看记入审计日志）",
)
def correction_detail(request, case_id: int):
    case = corrections.get_for_user(request.auth, case_id)
    corrections.record_identity_view(actor=request.auth, case=case)
    return case


@router.post(
    "/staff/foi/corrections",
    response={201: CorrectionSubmittedOut, 200: CorrectionSubmittedOut},
    auth=staff_auth,
    summary="登记书面、当面、口头提出的更正申请",
)
def correction_intake(request, payload: CorrectionIntakeIn):
    unit = get_object_or_404(core_access.units_for(request.auth), pk=payload.unit_id)
    result = _submitted(
        corrections.register(
            actor=request.auth,
            unit=unit,
            data=_data(payload),
            channel=payload.channel,
            received_on=payload.received_on,
            submission_key=payload.submission_key,
        )
    )
    return Status(201 if result["created"] else 200, result)


@router.post(
    "/staff/foi/corrections/{int:case_id}/start",
    response=StaffCorrectionRowOut,
    auth=staff_auth,
    summary="开始办理更正申请",
)
def correction_start(request, case_id: int):
    case = corrections.get_for_user(request.auth, case_id, write=True)
    return corrections.take_up(actor=request.auth, case=case)


@router.post(
    "/staff/foi/corrections/{int:case_id}/decision",
    response=StaffCorrectionRowOut,
    auth=staff_auth,
    summary="作出更正申请的处理决定",
    description="予以更正、转送有权更正的机关、告知向有权机关提出或不予更正（须写明理由）。",
)
def correction_decision(request, case_id: int, payload: CorrectionDecisionIn):
    case = corrections.get_for_user(request.auth, case_id, write=True)
    return corrections.decide(
        actor=request.auth,
        case=case,
        outcome=payload.outcome,
        text=payload.text,
        other_organ=payload.other_organ,
        on=payload.on,
    )


@router.get(
    "/staff/foi/corrections/{int:case_id}/notice.{fmt}",
    auth=staff_auth,
    summary="下载更正申请处理告知书（docx、pdf 或大字版 large-pdf）",
    response={200: None},
)
def correction_notice(request, case_id: int, fmt: str):
    from .notices import NoticeUnavailable

    case = corrections.get_for_user(request.auth, case_id)
    try:
        response = corrections.notice_response(case, fmt)
    except NoticeUnavailable as exc:
        raise HttpError(422, str(exc)) from exc
    corrections.record_identity_view(actor=request.auth, case=case)  # the notice names the applicant
    return response


@router.get(
    "/staff/foi/corrections/{int:case_id}/evidence/{int:document_id}",
    auth=staff_auth,
    summary="下载更正申请的证据材料（记入审计日志）",
    response={200: None},
)
def correction_evidence(request, case_id: int, document_id: int):
    case = corrections.get_for_user(request.auth, case_id)
    return corrections.evidence_download(actor=request.auth, case=case, document_id=document_id)
