"""Interaction: public challenge, submit, follow, list and statistics; staff handling steps."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth
from gongkai.core.context import ip_from_request
from gongkai.core.models import Organization
from gongkai.core.public_api import ChallengeOut, ProofIn

from . import access, attachments, services
from .models import Channel, EventKind, Message

router = Router(tags=["interaction"])


class MessageIn(ProofIn):
    channel_id: int
    subject: str = Field(..., min_length=2, max_length=100)
    body: str = Field(..., min_length=5, max_length=5000)
    name: str = Field(..., min_length=1, max_length=50)
    phone: str = Field(..., max_length=20)
    public_consent: bool = True
    submission_key: str | None = Field(None, max_length=64)


class MessageSubmittedOut(Schema):
    query_code: str
    received_on: dt.date
    due_on: dt.date
    created: bool


class FollowOut(Schema):
    query_code: str
    subject: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    received_on: dt.date
    due_on: dt.date
    unit_name: str = Field(..., alias="unit.name")
    reject_reason: str
    replied_on: dt.date | None
    reply_text: str | None

    @staticmethod
    def resolve_reply_text(obj):
        return obj.reply_text if obj.status == "answered" else None


class PublicMessageOut(Schema):
    id: int
    subject: str = Field(..., alias="public_subject")
    body: str = Field(..., alias="public_body")
    received_on: dt.date
    replied_on: dt.date | None
    reply_unit: str = Field(..., alias="reply_unit.name")
    reply_text: str
    rating: str


class StatsOut(Schema):
    unit_id: int
    unit: str
    received: int
    answered: int
    on_time: int
    avg_working_days: float | None
    satisfaction: float | None


@router.get("/interaction/challenge", response=ChallengeOut, summary="获取验证问题")
def challenge(request):
    return services.new_challenge()


@router.post(
    "/interaction/messages", response={201: MessageSubmittedOut, 200: MessageSubmittedOut}, summary="提交留言"
)
def submit(request, payload: MessageIn):
    channel = get_object_or_404(Channel.objects.filter(is_active=True), pk=payload.channel_id)
    message, created = services.submit_message(
        channel=channel,
        subject=payload.subject,
        body=payload.body,
        name=payload.name,
        phone=payload.phone,
        public_consent=payload.public_consent,
        submission_key=payload.submission_key,
        ip=ip_from_request(request),
        proof=payload.proof(),
    )
    result = {
        "query_code": message.query_code,
        "received_on": message.received_on,
        "due_on": message.due_on,
        "created": created,
    }
    return Status(201 if created else 200, result)


@router.get("/interaction/messages/by-code/{code}", response=FollowOut, summary="凭查询码查询留言")
def follow(request, code: str):
    message = services.find_by_code(code, ip=ip_from_request(request))
    if message is None:
        raise HttpError(404, "没有找到该查询码对应的留言。")
    return message


@router.get("/interaction/messages", response=list[PublicMessageOut], summary="公开的留言及答复")
@paginate(PageNumber)
def public_list(request, unit: int | None = None):
    queryset = Message.objects.listed().select_related("reply_unit").order_by("-replied_on", "-pk")
    return queryset.filter(unit_id=unit) if unit else queryset


@router.get("/interaction/statistics", response=list[StatsOut], summary="留言办理统计")
def statistics(request, start: dt.date, end: dt.date, unit: int | None = None):
    if end < start or (end - start).days > 3660:
        raise HttpError(422, "统计区间不正确。")
    found = get_object_or_404(Organization, pk=unit) if unit else None
    return services.statistics(start=start, end=end, unit=found)


class HandleIn(Schema):
    kind: EventKind
    note: str = ""
    reason: str | None = None
    into: str | None = None
    to_unit_id: int | None = None
    handler_id: int | None = None
    reply_text: str | None = None
    public_subject: str | None = None
    public_body: str | None = None


class StaffAttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    download_url: str

    @staticmethod
    def resolve_download_url(obj):
        return f"/api/v1/staff/interaction/messages/{obj.message_id}/attachments/{obj.pk}"


class StaffMessageOut(FollowOut):
    id: int
    name: str
    phone: str
    body: str
    public_subject: str
    public_body: str
    is_public: bool
    flagged_terms: list
    attachments: list[StaffAttachmentOut]

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all())


@router.get(
    "/staff/interaction/messages", response=list[StaffMessageOut], auth=staff_auth, summary="留言办理队列"
)
@paginate(PageNumber)
def staff_list(request, open_only: bool = True):
    queryset = access.messages_for(request.auth).select_related("unit").prefetch_related("attachments")
    return (queryset.open() if open_only else queryset).order_by("due_on", "pk")


@router.get(
    "/staff/interaction/messages/{int:message_id}",
    response=StaffMessageOut,
    auth=staff_auth,
    summary="留言详情（办理人员）",
)
def staff_detail(request, message_id: int):
    return access.get_message_for_user(request.auth, message_id)


@router.get(
    "/staff/interaction/messages/{int:message_id}/attachments/{int:attachment_id}",
    auth=staff_auth,
    summary="下载留言附件（记入操作日志）",
    openapi_extra={
        "responses": {
            200: {
                "description": "附件文件（作为下载返回）",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            },
            404: {"description": "不存在或不在本单位办理范围内"},
        }
    },
)
def staff_attachment(request, message_id: int, attachment_id: int):
    """The file a writer attached, for the staff who handle the message; each download is audited."""
    found = access.get_attachment_for_user(request.auth, message_id, attachment_id)
    return attachments.download(actor=request.auth, attachment=found)


@router.post(
    "/staff/interaction/messages/{int:message_id}/events",
    response=StaffMessageOut,
    auth=staff_auth,
    summary="登记办理事项",
)
def staff_event(request, message_id: int, payload: HandleIn):
    message = access.get_message_for_user(request.auth, message_id, write=True)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    kind, note = data.pop("kind"), data.pop("note", "")
    if "to_unit_id" in data:
        data["to_unit"] = get_object_or_404(Organization.objects.active(), pk=data.pop("to_unit_id"))
    if "handler_id" in data:
        data["handler"] = access.handlers_for_message(message).filter(pk=data.pop("handler_id")).first()
    return services.handle(actor=request.auth, message=message, kind=kind, note=note, **data)
