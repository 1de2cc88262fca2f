"""Archive-wide scans of published content (已发布信息巡查, issue 23): the office's lexicon and the current
leaders' titles, personal data, and links, over bodies and attachment text, through the task queue.

Staff only: ``GET /staff/scans/findings`` (the findings of the units the token's user reaches, filtered by
unit, check, status), ``POST /staff/scans/findings/{id}/dismiss`` (with a reason), ``POST
/staff/scans/findings/{id}/fix``, ``POST /staff/scans/runs`` (queue a scan: 202; the worker runs it) and
``GET /staff/scans/runs``. Excerpts are masked: no raw identity, phone or card number leaves the server."""

import datetime as dt

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from gongkai.core.api import PageNumber, staff_auth

from . import access, services
from .models import Check, FindingStatus, ScanRun

router = Router(tags=["scans"])


class ScanFindingOut(Schema):
    id: int
    item_id: int
    item_title: str
    attachment_id: int | None
    attachment_name: str
    unit_id: int
    unit: str
    kind: str
    kind_label: str
    rule: str
    rule_value: str
    field: str
    field_label: str
    offset: int
    excerpt: str
    message: str
    status: str
    status_label: str
    reason: str
    decided_at: dt.datetime | None
    first_seen_at: dt.datetime
    edit_url: str

    @staticmethod
    def resolve_item_title(obj):
        return obj.item.title

    @staticmethod
    def resolve_attachment_name(obj):
        return obj.attachment.name if obj.attachment_id else ""

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_field_label(obj):
        return obj.get_field_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_edit_url(obj):
        return obj.edit_url()


class ScanRunOut(Schema):
    id: int
    kind: str
    trigger: str
    status: str
    status_label: str
    requested_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    items: int
    attachments: int
    found: int
    created: int
    closed: int
    links_checked: int

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()


class ScanRunIn(Schema):
    kind: Check | None = None  # lexicon, personal, links; none: every check


class ScanDismissIn(Schema):
    reason: str


class ScanFixIn(Schema):
    note: str = ""


@router.get(
    "/staff/scans/findings", response=list[ScanFindingOut], auth=staff_auth, summary="内容巡查发现的问题"
)
@paginate(PageNumber)
def findings(
    request,
    unit: int | None = Query(None, ge=1),
    kind: Check | None = None,
    status: FindingStatus | None = None,
    item: int | None = Query(None, ge=1),
):
    found = access.findings_for(request.user).with_places().order_by("-first_seen_at", "-pk")
    if unit:
        found = found.filter(unit_id=unit)
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    if item:
        found = found.filter(item_id=item)
    return found


@router.post("/staff/scans/findings/{int:finding_id}/dismiss", response=ScanFindingOut, auth=staff_auth,
             summary="忽略一个问题（须说明理由）")  # fmt: skip
def dismiss(request, finding_id: int, payload: ScanDismissIn):
    finding = access.get_finding_for_user(request.user, finding_id, write=True)
    services.dismiss_finding(actor=request.user, finding=finding, reason=payload.reason)
    return access.get_finding_for_user(request.user, finding_id)


@router.post("/staff/scans/findings/{int:finding_id}/fix", response=ScanFindingOut, auth=staff_auth,
             summary="标记问题已整改（下次巡查仍发现则重新打开）")  # fmt: skip
def fix(request, finding_id: int, payload: ScanFixIn):
    finding = access.get_finding_for_user(request.user, finding_id, write=True)
    services.fix_finding(actor=request.user, finding=finding, note=payload.note)
    return access.get_finding_for_user(request.user, finding_id)


@router.get("/staff/scans/runs", response=list[ScanRunOut], auth=staff_auth, summary="巡查任务")
@paginate(PageNumber)
def runs(request):
    return access.runs_for(request.user).order_by("-requested_at", "-pk")


@router.post("/staff/scans/runs", response={202: ScanRunOut}, auth=staff_auth,
             summary="发起一次巡查（排队，由后台任务执行）")  # fmt: skip
def start_run(request, payload: ScanRunIn):
    run = services.request_scan(actor=request.user, kind=payload.kind or "")
    return Status(202, ScanRun.objects.get(pk=run.pk))
