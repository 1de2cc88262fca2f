"""Comments in the staff API: list a consultation's comments (by clause), reply to one, group comments with
their adoption reply (tied to a clause), and publish the adoption report, which tells the commenters who left
an e-mail address. Commenters' names and contacts are never in these answers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gongkai.core.api import staff_auth

from . import access, services
from .models import CommentGroup

router = Router(tags=["participation"])


class StaffCommentOut(Schema):
    id: int
    body: str
    public_body: str
    status: str
    submitted_at: dt.datetime
    clause: int | None = Field(None, description="条文序号；空表示针对草案整体")
    clause_label: str = ""
    group_id: int | None = None
    reply: str
    replied_at: dt.datetime | None
    notified: bool = Field(..., description="是否已告知意见人采纳情况")

    @staticmethod
    def resolve_clause(obj):
        return obj.clause.number if obj.clause_id else None

    @staticmethod
    def resolve_clause_label(obj):
        return obj.clause.label if obj.clause_id else ""

    @staticmethod
    def resolve_notified(obj):
        return obj.notified_at is not None


class ReplyIn(Schema):
    reply: str = Field(..., max_length=2000, description="空字符串撤回回复")


class StaffGroupIn(Schema):
    comments: list[int] = Field(..., min_length=1)
    summary: str = Field(..., max_length=300)
    decision: str = Field("", description="adopted / partly / not_adopted；可稍后填写")
    reason: str = ""
    clause: int | None = Field(None, description="条文序号；不填时所选意见都针对同一条的即针对该条")


class StaffGroupOut(Schema):
    id: int
    summary: str
    decision: str
    reason: str
    clause: int | None = None

    @staticmethod
    def resolve_clause(obj):
        return obj.clause.number if obj.clause_id else None


class AdoptionReportIn(Schema):
    text: str = ""


class AdoptionReportOut(Schema):
    published_at: dt.datetime
    counts: dict
    to_phone: int = Field(..., description="留了电话、须电话告知的意见条数（平台无短信通道）")


@router.get(
    "/staff/consultations/{consultation_id}/comments", response=list[StaffCommentOut], auth=staff_auth,
    summary="意见征集收到的意见（可按条文筛选）",
)  # fmt: skip
def staff_comments(request, consultation_id: int, clause: int | None = None, whole: bool = False):
    consultation = access.get_consultation_for_user(request.auth, consultation_id)
    found = access.comments_for(request.auth).filter(consultation=consultation).select_related("clause")
    if clause is not None:
        found = found.filter(clause__number=clause)
    elif whole:
        found = found.filter(clause__isnull=True)
    return list(found.order_by("submitted_at", "pk")[:1000])


@router.post(
    "/staff/consultations/{consultation_id}/comments/{comment_id}/reply", response=StaffCommentOut,
    auth=staff_auth, summary="回复一条意见（随意见公开）",
)  # fmt: skip
def reply(request, consultation_id: int, comment_id: int, payload: ReplyIn):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    comment = access.get_comment_for_user(request.auth, comment_id, write=True)
    if comment.consultation_id != consultation.pk:
        raise ValidationError({"comment": _("这条意见不属于本次征集。")})
    return services.reply_comment(actor=request.auth, comment=comment, reply=payload.reply)


@router.post(
    "/staff/consultations/{consultation_id}/groups", response={201: StaffGroupOut}, auth=staff_auth,
    summary="将意见归类并答复采纳情况",
)  # fmt: skip
def create_group(request, consultation_id: int, payload: StaffGroupIn):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    comments = list(consultation.comments.filter(pk__in=payload.comments).select_related("clause"))
    if len(comments) != len(set(payload.comments)):
        raise ValidationError({"comments": _("只能选择本次征集的意见。")})
    clause = None
    if payload.clause is not None:
        clause = consultation.clauses.filter(number=payload.clause).first()
        if clause is None:
            raise ValidationError({"clause": _("草案没有第%(n)s项条文。") % {"n": payload.clause}})
    if payload.decision and payload.decision not in CommentGroup.Decision.values:
        raise ValidationError({"decision": _("采纳情况须为 adopted、partly 或 not_adopted。")})
    group = services.group_comments(
        actor=request.auth, consultation=consultation, comments=comments, summary=payload.summary,
        decision=payload.decision or None, reason=payload.reason, clause=clause,
    )  # fmt: skip
    return Status(201, group)


@router.post(
    "/staff/consultations/{consultation_id}/report", response=AdoptionReportOut, auth=staff_auth,
    summary="发布意见采纳情况（并告知留了电子邮箱的意见人）",
)  # fmt: skip
def publish(request, consultation_id: int, payload: AdoptionReportIn):
    consultation = access.get_consultation_for_user(request.auth, consultation_id, write=True)
    done = services.publish_report(actor=request.auth, consultation=consultation, text=payload.text)
    return {
        "published_at": done.report_published_at, "counts": services.counts(done),
        "to_phone": len(services.to_phone(done)),
    }  # fmt: skip
