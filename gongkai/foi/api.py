"""Applications: public submit and track (code + secret); staff queue, detail, intake and events."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja import Form as FormField
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import create_model

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core.api import PageNumber, staff_auth
from gongkai.core.context import ip_from_request
from gongkai.core.models import Organization
from gongkai.core.public_api import ChallengeOut, ProofIn

from . import access, documents, remedies, rules, services
from .models import (
    APPLICANT_FIELDS,
    APPLICATION_FIELDS,
    ApplicantType,
    Application,
    Channel,
    Delivery,
    EventKind,
    Form,
    HelpNeed,
    IdType,
    Outcome,
)
from .models import (
    Status as AppStatus,
)
from .views import notice_response, public_timeline

router = Router(tags=["foi"])


# Tighter than the model for what the API takes in (the model checks the rest on registration).
INPUT_LIMITS = {
    "applicant_name": {"min_length": 1},
    "id_number": {"min_length": 2},
    "phone": {"min_length": 5},
    "description": {"min_length": 2, "max_length": 5000},
    "purpose": {"max_length": 2000},
}
CHOICES = (ApplicantType, IdType, Form, Delivery)


def _input_field(name: str) -> tuple:
    """The API type of one applicant field, read off the model: its choices as an enum, its length, its
    default; required when the model requires it."""
    model_field = Application._meta.get_field(name)
    kind = next(
        (c for c in CHOICES if model_field.choices and list(c.choices) == list(model_field.choices)), str
    )
    limits = {"max_length": model_field.max_length} if model_field.max_length and kind is str else {}
    limits |= INPUT_LIMITS.get(name, {})
    if model_field.has_default():
        default = kind(model_field.default) if kind is not str else model_field.default
    else:
        default = "" if model_field.blank else ...
    return kind, Field(default, **limits)


# What an application says, whoever registers it: the one field list of models.APPLICATION_FIELDS.
ApplicantIn = create_model(
    "ApplicantIn",
    __base__=Schema,
    __doc__="What an application says, whoever registers it.",
    unit_id=(int, ...),
    **{name: _input_field(name) for name in APPLICATION_FIELDS},
    # Art. 43 / Art. 29: the help the applicant needs and how to reach them for it (never shown publicly).
    help_needs=(
        list[HelpNeed],
        Field(default_factory=list, max_length=len(HelpNeed.values), description="需要的帮助（可多选）"),
    ),
    help_contact=(str, Field("", max_length=200, description="提供帮助的联系方式，如家属电话、手语、上门")),
    submission_key=(
        str | None,
        Field(None, max_length=64, description="同一次提交重试时使用同一值，只登记一次"),
    ),
)


class ApplicationIn(ApplicantIn, ProofIn):
    """An application from the public: what it says and the answered challenge."""


class ApplicationSubmittedOut(Schema):
    tracking_code: str
    secret: str
    received_on: dt.date
    due_on: dt.date | None
    created: bool


class TimelineOut(Schema):
    on: dt.date
    label: str
    detail: str
    due: dt.date | None


class TrackIn(Schema):
    tracking_code: str = Field(..., max_length=20)
    secret: str = Field(..., max_length=24)


class ReleasedOut(Schema):
    """A released file or notice the applicant may download, by a link that expires."""

    name: str
    kind: str
    kind_label: str
    size: int
    url: str
    expires_at: dt.datetime


class ApplicationStateOut(Schema):
    """Where an application stands, without anything addressed to the applicant (the reply, the notices)."""

    tracking_code: str
    unit_name: str = Field(..., alias="unit.name")
    description: str
    received_on: dt.date
    status: str
    status_label: str = Field(..., alias="get_status_display")
    due_on: dt.date | None
    due_provisional: bool
    correction_due_on: dt.date | None
    outcome: str
    outcome_label: str = Field(..., alias="get_outcome_display")
    legal_basis: str
    answered_on: dt.date | None
    timeline: list[TimelineOut]

    @staticmethod
    def resolve_timeline(obj, context):
        # One calendar for the whole response (two queries, however many rows): a lapsed consultation's
        # resume day is a working day on it.
        request = (context or {}).get("request")
        if request is None:
            return public_timeline(obj)
        if not hasattr(request, "_foi_calendar"):
            today = timezone.localdate()
            request._foi_calendar = cal.load(dt.date(rules.FIRST_YEAR, 1, 1), today + dt.timedelta(days=400))
        return public_timeline(obj, calendar=request._foi_calendar)


class TrackOut(ApplicationStateOut):
    """What the applicant reads on the tracking page: the state, the reply and the files to download."""

    reply_text: str
    documents: list[ReleasedOut] = Field(default_factory=list, description="答复后可下载的文件（链接会过期）")
    remedies: str = Field(
        "", description="救济途径（作出决定后）：复议机关、六十日复议期限、六个月诉讼期限、复议前置"
    )

    @staticmethod
    def resolve_remedies(obj):
        return remedies.paragraph_for(obj)

    @staticmethod
    def resolve_documents(obj, context):
        request = context["request"]
        expires = documents.expires_at()
        return [
            {
                "name": d.name,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "size": d.size,
                "url": request.build_absolute_uri(documents.link(d)),
                "expires_at": expires,
            }
            for d in documents.for_applicant(obj)
        ]


def _applicant_data(payload) -> dict:
    data = {name: value for name, value in payload.dict().items() if name in services.INTAKE_FIELDS}
    data["help_needs"] = [str(need) for need in data.get("help_needs") or []]
    return data


def _submitted(result: tuple) -> dict:
    application, secret, created = result
    return {
        "tracking_code": application.tracking_code,
        "secret": secret,
        "received_on": application.received_on,
        "due_on": application.due_on,
        "created": created,
    }


@router.post(
    "/foi/applications",
    response={201: ApplicationSubmittedOut, 200: ApplicationSubmittedOut},
    summary="提交政府信息公开申请",
)
def submit(request, payload: ApplicationIn):
    unit = get_object_or_404(Organization.objects.active(), pk=payload.unit_id)
    result = _submitted(
        services.submit_application(
            unit=unit,
            data=_applicant_data(payload),
            submission_key=payload.submission_key,
            proof=payload.proof(),
            ip=ip_from_request(request),
        )
    )
    return Status(201 if result["created"] else 200, result)


@router.get("/foi/challenge", response=ChallengeOut, summary="提交申请前的验证")
def challenge(request):
    return services.new_challenge()


@router.post("/foi/track", response=TrackOut, summary="凭查询码和查询密码查询申请")
def track(request, payload: TrackIn):
    application = services.find_for_applicant(
        payload.tracking_code, payload.secret, ip=ip_from_request(request)
    )
    if application is None:
        raise HttpError(404, "查询码或查询密码不正确。")
    return application


# Staff ------------------------------------------------------------------------------------------------


# Who asked and how to reach them (every applicant field but the applicant's type): only in the detail,
# whose every reading is audited (services.record_identity_view); a queue page would show them unaudited.
IDENTITY_FIELDS = tuple(name for name in APPLICANT_FIELDS if name != "applicant_type")

StaffApplicationRowOut = create_model(
    "StaffApplicationRowOut",
    __base__=ApplicationStateOut,
    # The reply and the notices are addressed to the applicant by name: they too are only in the detail.
    __doc__="An application in the staff queue: no identity or contact details, no reply or notices.",
    id=(int, ...),
    unit_id=(int, ...),
    channel=(str, ...),
    applicant_type=(str, ...),
    withheld_note=(str, ...),
    overdue=(bool, Field(..., alias="is_overdue")),
    # A marker only: whether the applicant asked for help, never which (the detail says, to the handling unit).
    needs_help=(bool, Field(False, description="申请人需要帮助（条例第四十三条）；具体内容见申请详情")),
    __validators__={"resolve_needs_help": staticmethod(lambda obj: bool(obj.help_needs))},
)


def _handling(obj, context) -> bool:
    """The help an applicant asked for is shown to the handling unit's staff only."""
    auth = getattr(context.get("request"), "auth", None)
    return auth is not None and getattr(auth, "unit_id", None) == obj.unit_id


StaffApplicationOut = create_model(
    "StaffApplicationOut",
    __base__=(StaffApplicationRowOut, TrackOut),
    __doc__="An application with the applicant's identity and contact details, the reply and the notices "
    "(reading it is audited).",
    **dict.fromkeys(IDENTITY_FIELDS, (str, ...)),
    help_needs=(list[str], Field(default_factory=list, description="需要的帮助（仅办理单位可见）")),
    help_contact=(str, Field("", description="提供帮助的联系方式（仅办理单位可见）")),
    oral_read_back=(bool, Field(False, description="口头申请已向申请人宣读并经确认（条例第二十九条）")),
    __validators__={
        "resolve_help_needs": staticmethod(
            lambda obj, context: obj.help_needs if _handling(obj, context) else []
        ),
        "resolve_help_contact": staticmethod(
            lambda obj, context: obj.help_contact if _handling(obj, context) else ""
        ),
    },
)


class StaffIntakeIn(ApplicantIn):
    channel: Channel
    received_on: dt.date
    oral_read_back: bool = Field(
        False, description="口头申请（channel=oral）必须为 true：已向申请人宣读记录内容，申请人确认无误"
    )


class PartyKind(StrEnum):
    THIRD_PARTY = "third_party"
    ORGAN = "organ"


class EventIn(Schema):
    kind: EventKind
    on: dt.date | None = None
    note: str = Field("", max_length=2000)
    deadline: dt.date | None = None
    party: str | None = Field(None, max_length=100)
    party_kind: PartyKind | None = Field(None, description="征求意见：third_party（默认）或 organ")
    party_received_on: dt.date | None = None
    days: int | None = Field(None, ge=1, le=20)
    approver: str | None = Field(None, max_length=50)
    reason: str | None = Field(None, max_length=500)
    new_due: dt.date | None = None
    amount: Decimal | None = Field(None, ge=0)
    to_unit_id: int | None = None
    outcome: Outcome | None = None
    legal_basis: str | None = Field(None, max_length=300)
    reply_text: str | None = Field(None, max_length=20000)
    withheld_note: str | None = Field(None, max_length=5000)
    method: str | None = Field(None, max_length=100)
    proof: str | None = Field(None, max_length=200)


class StaffEventOut(Schema):
    kind: str
    label: str = Field(..., alias="get_kind_display")
    on: dt.date
    note: str
    data: dict
    due_on_after: dt.date | None


class EventResultOut(Schema):
    due_on: dt.date | None
    status: str
    events: list[StaffEventOut]


@router.get(
    "/staff/foi/applications",
    response=list[StaffApplicationRowOut],
    auth=staff_auth,
    summary="申请办理队列",
    description="不含申请人身份和联系方式；这些只在申请详情中提供（每次查看均记入审计日志）。",
)
@paginate(PageNumber)
def queue(request, status: AppStatus | None = None, open_only: bool = True):
    queryset = access.applications_for(request.auth).with_events().order_by("due_on", "pk")
    if open_only:
        queryset = queryset.open()
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@router.get(
    "/staff/foi/applications/{int:app_id}", response=StaffApplicationOut, auth=staff_auth, summary="申请详情"
)
def detail(request, app_id: int):
    application = access.get_application_for_user(request.auth, app_id)
    services.record_identity_view(actor=request.auth, application=application)
    return application


@router.post(
    "/staff/foi/applications",
    response={201: ApplicationSubmittedOut},
    auth=staff_auth,
    summary="登记书面、传真、当面申请",
)
def intake(request, payload: StaffIntakeIn):
    unit = get_object_or_404(core_access.units_for(request.auth), pk=payload.unit_id)
    result = services.register_application(
        actor=request.auth,
        unit=unit,
        data=_applicant_data(payload),
        channel=payload.channel,
        received_on=payload.received_on,
        submission_key=payload.submission_key,
        oral_read_back=payload.oral_read_back,
    )
    return Status(201, _submitted(result))


@router.post(
    "/staff/foi/applications/{int:app_id}/events",
    response=EventResultOut,
    auth=staff_auth,
    summary="登记办理事项",
)
def add_event(request, app_id: int, payload: EventIn):
    application = access.get_application_for_user(request.auth, app_id, write=True)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    kind, on, note = data.pop("kind"), data.pop("on", None), data.pop("note", "")
    if "to_unit_id" in data:
        data["to_unit"] = get_object_or_404(Organization.objects.active(), pk=data.pop("to_unit_id"))
    if "amount" in data:
        data["amount"] = str(data["amount"])
    if "party_kind" in data:
        data["party_kind"] = str(data["party_kind"].value)
    event = services.record_event(
        actor=request.auth, application=application, kind=kind, on=on, note=note, **data
    )
    application = event.application  # as the step left it (a transfer may have moved it out of reach)
    return {"due_on": application.due_on, "status": application.status, "events": application.events.all()}


@router.get(
    "/staff/foi/applications/{int:app_id}/notices/{kind}.{fmt}",
    auth=staff_auth,
    summary="下载告知书（docx、pdf 或大字版 large-pdf）",
    response={200: None},
)
def notice(request, app_id: int, kind: str, fmt: str):
    from .notices import NoticeUnavailable

    application = access.get_application_for_user(request.auth, app_id)
    try:
        response = notice_response(application, kind, fmt)
    except NoticeUnavailable as exc:
        raise HttpError(422, str(exc)) from exc
    services.record_identity_view(actor=request.auth, application=application)
    return response


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    purpose: str
    name: str
    file_kind: str
    size: int
    sha256: str
    created_at: dt.datetime
    first_downloaded_at: dt.datetime | None = Field(None, description="申请人首次下载时间（送达凭证）")
    purged_on: dt.date | None = Field(None, description="保存期满删除文件的日期")
    derived_from_id: int | None = Field(None, description="遮盖处理所依据的原文件")
    withheld: bool = Field(False, description="原文件已遮盖处理，不提供给申请人")
    redactions: list[dict] = Field(default_factory=list, description="遮盖处：页码、区域和依据")


@router.get(
    "/staff/foi/applications/{int:app_id}/documents",
    response=list[DocumentOut],
    auth=staff_auth,
    summary="申请的文件（申请人材料、公开的信息、告知书）",
)
def list_documents(request, app_id: int):
    application = access.get_application_for_user(request.auth, app_id)
    return application.documents.all()


@router.post(
    "/staff/foi/applications/{int:app_id}/documents",
    response={201: DocumentOut},
    auth=staff_auth,
    summary="上传申请的文件（kind = applicant | released | notice）",
)
def add_document(
    request,
    app_id: int,
    kind: FormField[str],
    purpose: FormField[str] = "",
    file: File[UploadedFile | None] = None,
):
    application = access.get_application_for_user(request.auth, app_id, write=True)
    if file is None:  # checked here so the error names the field as sent: "file"
        raise ValidationError({"file": "请选择要上传的文件。"})
    document = documents.add_document(
        actor=request.auth,
        application=application,
        kind=kind,
        name=file.name or "",
        data=file.read(documents.MAX_BYTES + 1),  # no further than one byte past the limit
        purpose=purpose,
    )
    return Status(201, document)


@router.get(
    "/staff/foi/documents/{int:document_id}/file",
    auth=staff_auth,
    summary="下载申请的文件（记录在操作日志中）",
    response={200: None},
)
def document_file(request, document_id: int):
    found = documents.get_document_for_user(request.auth, document_id)
    return documents.staff_download(actor=request.auth, document=found)


class AreaIn(Schema):
    page: int = Field(..., ge=1, description="页码，从1起；图片为1")
    x0: float
    y0: float
    x1: float
    y1: float
    basis: str = Field(..., max_length=30, description="不予公开的依据，如“条例第十五条”")


class TermIn(Schema):
    text: str = Field(..., min_length=1, max_length=200, description="要遮盖的文字，文件中每一处都会遮盖")
    basis: str = Field(..., max_length=30)


class RedactIn(Schema):
    areas: list[AreaIn] = Field(default_factory=list, max_length=2000)
    terms: list[TermIn] = Field(default_factory=list, max_length=200)


@router.post(
    "/staff/foi/documents/{int:document_id}/redact",
    response={201: DocumentOut},
    auth=staff_auth,
    summary="遮盖处理（部分公开）：删除所标区域和文字，生成新文件",
    description="PDF的区域以点为单位，自页面左上角起；图片以像素为单位。原文件保留，不再提供给申请人；"
    "删除新文件即撤销遮盖（作出答复前）。",
)
def redact(request, document_id: int, payload: RedactIn):
    found = documents.get_document_for_user(request.auth, document_id)
    redacted = documents.redact_document(
        actor=request.auth,
        document=found,
        areas=[area.dict() for area in payload.areas],
        terms=[term.dict() for term in payload.terms],
    )
    return Status(201, redacted)


class PublicationIn(Schema):
    title: str = Field(..., min_length=1, max_length=300, description="公开信息的标题（不写申请人信息）")
    column_id: int | None = Field(None, description="本单位的公开栏目（可稍后在编辑页选择）")


class PublicationOut(Schema):
    item_id: int
    status: str


@router.post(
    "/staff/foi/applications/{int:app_id}/publication",
    response={201: PublicationOut},
    auth=staff_auth,
    summary="答复的信息转为主动公开（条例第四十四条）：生成信息草稿",
)
def propose_publication(request, app_id: int, payload: PublicationIn):
    from gongkai.publishing.models import Column

    application = access.get_application_for_user(request.auth, app_id, write=True)
    columns = []
    if payload.column_id is not None:
        column = Column.objects.filter(pk=payload.column_id, unit=application.unit, is_active=True).first()
        if column is None:
            raise ValidationError({"column_id": "只能选择本单位的栏目。"})
        columns = [column]
    item = documents.propose_for_publication(
        actor=request.auth, application=application, title=payload.title, columns=columns
    )
    return Status(201, {"item_id": item.pk, "status": item.status})


class OutcomeCountOut(Schema):
    outcome: str
    label: str
    count: int


class StatisticsOut(Schema):
    unit_id: int | None = Field(None, description="单位；合计行为空")
    unit: str
    year: int
    received: int = Field(..., description="本年收到的申请")
    concluded: int = Field(..., description="本年作出答复（办结）的申请")
    on_time: int
    on_time_percent: float | None
    average_working_days: float | None = Field(None, description="收到申请至作出答复的平均工作日")
    outcomes: list[OutcomeCountOut]
    reviews: int = Field(..., description="本年提起的行政复议")
    suits: int = Field(..., description="本年提起的行政诉讼")
    corrected: int = Field(..., description="其中被纠错的")
    corrections: dict[str, int] = Field(
        default_factory=dict, description="更正政府信息记录申请（条例第四十一条）"
    )


@router.get(
    "/foi/statistics",
    response=list[StatisticsOut],
    summary="依申请公开办理统计（按单位、年度，不含个人信息）",
)
def statistics_api(request, year: int | None = None, unit_id: int | None = None):
    from django.utils import timezone

    from gongkai.sites.scope import site_of_request

    from . import statistics

    year = statistics.checked_year(year) or timezone.localdate().year
    unit = get_object_or_404(Organization.objects.active(), pk=unit_id) if unit_id is not None else None
    return statistics.compute(year=year, scope=site_of_request(request).unit_q("unit"), unit=unit)


class LedgerRowOut(Schema):
    id: int
    tracking_code: str
    unit: str
    applicant_type: str
    channel: str
    received_on: dt.date
    due_on: dt.date | None
    days_not_counted: int = Field(..., description="不计入答复期限的工作日（补正、征求意见、缴费）")
    not_counted: str = Field(..., description="不计入及延长的说明")
    answered_on: dt.date | None
    outcome: str
    overdue: bool
    delivery: str
    status: str


@router.get(
    "/staff/foi/ledger",
    response=list[LedgerRowOut],
    auth=staff_auth,
    summary="依申请公开台账（不含申请人信息）",
)
@paginate(PageNumber)
def ledger_api(
    request,
    year: int | None = None,
    outcome: Outcome | None = None,
    applicant_type: ApplicantType | None = None,
    overdue: bool = False,
):
    from django.utils import timezone

    from . import ledger, statistics

    today = timezone.localdate()
    filters = ledger.Filters(
        year=statistics.checked_year(year),
        outcome=outcome or "",
        applicant_type=applicant_type or "",
        overdue=overdue,
    )
    return ledger.LazyRows(ledger.select(access.applications_for(request.auth), filters, today), today)


class SimilarOut(Schema):
    id: int
    tracking_code: str
    received_on: dt.date
    status: str
    outcome: str
    score: float = Field(..., description="所需信息描述的词语重合度（0-1）")
    same_applicant: bool = Field(..., description="同一申请人：可能属于重复申请")


@router.get(
    "/staff/foi/applications/{int:app_id}/similar",
    response=list[SimilarOut],
    auth=staff_auth,
    summary="相似的申请（本单位近三年）",
)
def similar_applications(request, app_id: int):
    from . import similar

    application = access.get_application_for_user(request.auth, app_id)
    return [  # the same unit's applications: in reach with this one
        {
            "id": s.application.pk, "tracking_code": s.application.tracking_code,
            "received_on": s.application.received_on, "status": s.application.status,
            "outcome": s.application.outcome, "score": s.score, "same_applicant": s.same_applicant,
        }
        for s in similar.similar_to(application)
    ]  # fmt: skip


class FrequentOut(Schema):
    description: str
    unit: str
    applicants: int
    applications: list[str] = Field(..., description="查询码")


@router.get(
    "/staff/foi/frequent",
    response=list[FrequentOut],
    auth=staff_auth,
    summary="多人申请的信息（近三年，三人以上）",
)
def frequent_requests(request):
    from . import similar

    return [
        {
            "description": g.description, "unit": g.unit.name, "applicants": g.applicants,
            "applications": [a.tracking_code for a in g.applications],
        }
        for g in similar.frequent(access.applications_for(request.auth))
    ]  # fmt: skip


class EmailedOut(Schema):
    files: int


@router.post(
    "/staff/foi/applications/{int:app_id}/documents/email",
    response={202: EmailedOut},
    auth=staff_auth,
    summary="通过电子邮件向申请人发送答复文件的下载链接",
)
def email_documents(request, app_id: int):
    application = access.get_application_for_user(request.auth, app_id, write=True)
    sent = documents.email_links(
        actor=request.auth, application=application, base_url=request.build_absolute_uri("/")
    )
    return Status(202, {"files": sent})
