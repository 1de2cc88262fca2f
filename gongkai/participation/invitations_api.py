"""定向征询 in the API. Staff: the directory of enterprises, chambers, industry associations and the lawyers'
association (``/staff/stakeholders``), a consultation's invitations and their printable letter. Public (no
account; the personal link's token is the proof): the draft behind an invitation and its comment; the invited
counts of the adoption report (never contact data)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gongkai.core.access import can
from gongkai.core.api import staff_auth
from gongkai.core.api_errors import documents

from . import access, invitations
from .models import Consultation, Invitation, Stakeholder, State

router = Router(tags=["participation"])


class StakeholderOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    credit_code: str
    sector: str
    contact_name: str
    email: str
    phone: str
    address: str
    keeper_id: int
    keeper: str
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_keeper(obj):
        return obj.keeper.name


class StakeholderIn(Schema):
    name: str = Field(..., max_length=100)
    kind: str = Field(
        ..., description="enterprise 企业；chamber 商会；association 行业协会；lawyers 律师协会"
    )
    credit_code: str = Field(
        ..., max_length=30, description="统一社会信用代码（18位，自动转为大写、去除空格）"
    )
    sector: str = Field(..., max_length=50)
    contact_name: str = Field("", max_length=50)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    address: str = Field("", max_length=200)
    keeper: int | None = Field(None, description="维护单位 ID，默认为本人所在单位")
    is_active: bool = True


class InvitationOut(Schema):
    id: int
    stakeholder_id: int
    stakeholder: str
    kind_label: str
    sector: str
    link: str | None = Field(None, description="专用链接（完整网址）；仅可邀请的工作人员可见，否则为 null")
    code: str | None = Field(None, description="邀请函上印的识别码；仅可邀请的工作人员可见，否则为 null")
    letter_url: str | None = Field(None, description="邀请函；仅可邀请的工作人员可见，否则为 null")
    created_at: dt.datetime
    emailed_at: dt.datetime | None
    letter_printed_at: dt.datetime | None
    responded_at: dt.datetime | None


class InviteIn(Schema):
    stakeholders: list[int] = Field(default_factory=list, description="征询对象 ID；或按 sector、kind 全选")
    sector: str = Field("", max_length=50)
    kind: str = Field("", max_length=12)


class InviteOut(Schema):
    created: int
    existing: int
    emailed: int
    invitations: list[InvitationOut]


class InvitedAssociationOut(Schema):
    name: str
    kind: str
    responded: bool


class InvitedSectorOut(Schema):
    sector: str
    count: int


class InvitedCountsOut(Schema):
    invited: int
    responded: int
    adopted: int = Field(..., description="意见被采纳或部分采纳的受邀对象数")
    comments: int
    associations: list[InvitedAssociationOut] = Field(
        ..., description="受邀的行业协会、商会、律师协会（仅名称）"
    )
    enterprises: list[InvitedSectorOut] = Field(..., description="受邀企业按行业计数（不列名称）")


class InvitationClauseOut(Schema):
    id: int
    number: int = Field(..., description="条文序号：提交意见时的 clause，与公开意见征集接口相同")
    label: str
    text: str


class InvitationPublicOut(Schema):
    stakeholder: str = Field(..., description="受邀单位名称")
    consultation_id: int
    title: str
    unit: str
    draft: str
    explanation: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str
    state_label: str
    accepts_comments: bool
    clauses: list[InvitationClauseOut]
    responded_at: dt.datetime | None


class InvitationCommentIn(Schema):
    body: str = Field(..., max_length=5000)
    clause: int | None = Field(
        None, description="条文序号 number（留空表示针对草案整体），与公开意见征集接口相同"
    )
    name: str = Field("", max_length=100, description="默认为受邀单位名称")
    contact: str = Field("", max_length=100)
    submission_key: str | None = Field(None, max_length=64)


class InvitationReceivedOut(Schema):
    received: bool
    created: bool
    submitted_at: dt.datetime


def _invitation_out(invitation: Invitation, request, *, may_write: bool = True) -> dict:
    """One invitation; its link, code and letter (which act as the invited entry) only for those who may write."""
    s = invitation.stakeholder
    personal = {"link": None, "code": None, "letter_url": None}
    if may_write:
        personal = {
            "link": invitations.link(invitation, request=request), "code": invitations.short_code(invitation),
            "letter_url": f"/api/v1/staff/consultations/{invitation.consultation_id}/invitations/{invitation.pk}/letter",
        }  # fmt: skip
    return {
        "id": invitation.pk, "stakeholder_id": s.pk, "stakeholder": s.name, "kind_label": s.get_kind_display(),
        "sector": s.sector, **personal,
        "created_at": invitation.created_at, "emailed_at": invitation.emailed_at,
        "letter_printed_at": invitation.letter_printed_at, "responded_at": invitation.responded_at,
    }  # fmt: skip


# The directory ------------------------------------------------------------------------------------------


@router.get("/staff/stakeholders", response=list[StakeholderOut], auth=staff_auth, summary="征询对象名录")
def stakeholder_list(request, sector: str = "", kind: str = "", q: str = "", active: bool | None = None):
    found = invitations.stakeholders_for(request.auth)
    if sector:
        found = found.filter(sector=sector)
    if kind:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(name__icontains=q)
    if active is not None:
        found = found.filter(is_active=active)
    return list(found)


def _fill(stakeholder: Stakeholder, request, data: dict) -> None:
    for name in (
        "name",
        "kind",
        "credit_code",
        "sector",
        "contact_name",
        "email",
        "phone",
        "address",
        "is_active",
    ):
        setattr(stakeholder, name, data[name])
    if data["keeper"] is not None and data["keeper"] != stakeholder.keeper_id:
        keeper = invitations.unit_choices(request.auth).filter(pk=data["keeper"]).first()
        if keeper is None:
            raise ValidationError({"keeper": _("只能选择本人有权维护的单位。")})
        stakeholder.keeper = keeper


@router.post("/staff/stakeholders", response={201: StakeholderOut}, auth=staff_auth, summary="添加征询对象")
def create_stakeholder(request, payload: StakeholderIn):
    user = request.auth
    if not can(user, access.WRITE):
        raise PermissionDenied
    stakeholder = Stakeholder(keeper_id=user.unit_id)
    _fill(stakeholder, request, payload.dict())
    return Status(201, invitations.save_stakeholder(actor=user, stakeholder=stakeholder))


@router.get(
    "/staff/stakeholders/{int:stakeholder_id}",
    response=StakeholderOut,
    auth=staff_auth,
    summary="征询对象详情",
)
def stakeholder_detail(request, stakeholder_id: int):
    return invitations.get_stakeholder_for_user(request.auth, stakeholder_id)


@router.put(
    "/staff/stakeholders/{int:stakeholder_id}",
    response=StakeholderOut,
    auth=staff_auth,
    summary="修改征询对象",
)
def update_stakeholder(request, stakeholder_id: int, payload: StakeholderIn):
    stakeholder = invitations.get_stakeholder_for_user(request.auth, stakeholder_id, write=True)
    _fill(stakeholder, request, payload.dict())
    return invitations.save_stakeholder(actor=request.auth, stakeholder=stakeholder)


# Invitations --------------------------------------------------------------------------------------------


@router.get(
    "/staff/consultations/{int:consultation_id}/invitations",
    response=list[InvitationOut],
    auth=staff_auth,
    summary="意见征集的定向征询邀请",
)
def invitation_list(request, consultation_id: int):
    consultation = access.get_consultation_for_user(request.auth, consultation_id)
    may_write = access.may_write(request.auth, consultation)
    return [
        _invitation_out(i, request, may_write=may_write) for i in invitations.invitations_for(consultation)
    ]


@router.post(
    "/staff/consultations/{int:consultation_id}/invitations",
    response={201: InviteOut, 200: InviteOut},
    auth=staff_auth,
    summary="邀请征询对象提出意见（按所选对象，或按行业、类型全选）",
)
def invite(request, consultation_id: int, payload: InviteIn):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    data = payload.dict()
    if data["stakeholders"]:
        wanted = list(invitations.stakeholders_for(request.auth).filter(pk__in=data["stakeholders"]))
        if len(wanted) != len(set(data["stakeholders"])):
            raise ValidationError({"stakeholders": _("有征询对象不存在或不在本单位可用的名录中。")})
    elif data["sector"] or data["kind"]:
        wanted = list(invitations.select(request.auth, sector=data["sector"], kind=data["kind"]))
        if not wanted:
            raise ValidationError({"sector": _("名录中没有该行业或类型的有效征询对象。")})
    else:
        raise ValidationError({"stakeholders": _("请选择征询对象，或指定行业、类型。")})
    sent = invitations.invite(
        actor=request.auth, consultation=consultation, stakeholders=wanted, request=request
    )
    result = {
        "created": len(sent.created), "existing": len(sent.existing), "emailed": sent.emailed,
        "invitations": [_invitation_out(i, request) for i in invitations.invitations_for(consultation)],
    }  # fmt: skip
    return Status(201 if sent.created else 200, result)


@router.get(
    "/staff/consultations/{int:consultation_id}/invitations/{int:invitation_id}/letter",
    auth=staff_auth,
    summary="邀请函（可打印的 HTML，记入操作日志）",
    openapi_extra={
        "responses": {
            200: {
                "description": "邀请函网页（含专用链接和识别码，供打印或另存为 PDF）",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
            404: {"description": "不存在或不在本单位范围内"},
        }
    },
)
def letter(request, consultation_id: int, invitation_id: int):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    invitation = invitations.get_invitation_for_user(request.auth, consultation, invitation_id)
    invitations.mark_letter_printed(actor=request.auth, invitation=invitation)
    html = render_to_string(
        "participation/letter.html", invitations.letter_context(invitation, request=request)
    )
    return HttpResponse(html, content_type="text/html; charset=utf-8")


# Public -------------------------------------------------------------------------------------------------


@router.get(
    "/consultations/{int:consultation_id}/invited",
    response=InvitedCountsOut,
    summary="定向征询情况（采纳情况）",
)
def invited_counts(request, consultation_id: int):
    """Part of the adoption report: who was asked and how many answered is public once the report is out
    (as on the page), not while the consultation runs."""
    found = get_object_or_404(Consultation.objects.public(), pk=consultation_id)
    if found.state() != State.REPORTED:
        raise Http404(_("意见采纳情况公布后提供定向征询情况。"))
    return invitations.report_counts(found)


@router.get(
    "/consultations/invitations/{token}",
    response=InvitationPublicOut,
    summary="受邀单位查看征求意见稿（专用链接）",
)
@documents(404)  # an unknown or unpublished token (raised in invitations.open_token)
def invitation_detail(request, token: str):
    invitation = invitations.open_token(token)
    c = invitation.consultation
    state = c.state()
    return {
        "stakeholder": invitation.stakeholder.name, "consultation_id": c.pk, "title": c.title, "unit": c.unit.name,
        "draft": c.draft, "explanation": c.explanation, "starts_at": c.starts_at, "ends_at": c.ends_at,
        "state": state, "state_label": str(State(state).label), "accepts_comments": state == State.OPEN,
        "clauses": list(c.clauses.all()), "responded_at": invitation.responded_at,
    }  # fmt: skip


@router.post(
    "/consultations/invitations/{token}/comments",
    response={201: InvitationReceivedOut, 200: InvitationReceivedOut},
    summary="受邀单位提交意见（专用链接，无需验证问题）",
)
@documents(404)  # an unknown or unpublished token (raised in invitations.open_token)
def invitation_comment(request, token: str, payload: InvitationCommentIn):
    invitation = invitations.open_token(token)
    clause_id = None
    if payload.clause is not None:  # the clause's number, as in POST /consultations/{id}/comments
        clause_id = (
            invitation.consultation.clauses.filter(number=payload.clause).values_list("pk", flat=True).first()
        )
        if clause_id is None:
            raise ValidationError({"clause": _("所选条文不属于本次征集的草案。")})
    made, created = invitations.comment(
        invitation=invitation, body=payload.body, clause_id=clause_id, name=payload.name,
        contact=payload.contact, submission_key=payload.submission_key, now=timezone.now(),
    )  # fmt: skip
    return Status(
        201 if created else 200, {"received": True, "created": created, "submitted_at": made.submitted_at}
    )
