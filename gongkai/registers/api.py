"""The registers as open data (GET /api/v1/registers/…), and their import for staff.

Decisions are listed within their public period only; a natural person's ID number is masked, as on the
pages. The import answers the row report: 201 when every row was taken, 422 with each bad row otherwise
(nothing is kept)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gongkai.core import access as core_access
from gongkai.core.api import PageNumber, staff_auth

from . import access, importer, rules
from .models import BudgetDisclosure, Decision, DecisionKind, FeeItem, FeeKind, PowerItem, PowerType

router = Router(tags=["registers"])
MAX_IMPORT_BYTES = importer.MAX_BYTES


class PowerChangeOut(Schema):
    version: int
    kind: str
    reason: str = Field(..., alias="get_reason_display")
    note: str
    changed_on: dt.date
    differences: list[tuple[str, str, str]]


class PowerOut(Schema):
    id: int
    code: str
    name: str
    power_type: str
    power_type_label: str = Field(..., alias="get_power_type_display")
    basis: str
    implementing_unit: str
    responsibility: str
    unit: str = Field(..., alias="unit.name")
    parent_code: str | None = Field(None, alias="parent.code")
    is_active: bool
    version: int
    changed_on: dt.date
    url: str = Field(..., alias="get_absolute_url")


class PowerDetailOut(PowerOut):
    changes: list[PowerChangeOut]

    @staticmethod
    def resolve_changes(obj):
        return list(obj.changes.all())


class PowerFilters(Schema):
    unit: int | None = None
    type: PowerType | None = Field(None, description="事项类型")
    q: str | None = Field(None, max_length=50, description="名称、编码或依据中的文字")
    cancelled: bool = Field(False, description="true: 含已取消的事项")


@router.get("/registers/powers", response=list[PowerOut], summary="权责清单")
@paginate(PageNumber)
def powers(request, filters: PowerFilters = Query(...)):
    found = PowerItem.objects.public() if filters.cancelled else PowerItem.objects.listed()
    found = found.select_related("unit", "parent")
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.type:
        found = found.filter(power_type=filters.type)
    if filters.q:
        found = found.filter(
            Q(name__icontains=filters.q) | Q(code__icontains=filters.q) | Q(basis__icontains=filters.q)
        )
    return found.order_by("unit__path", "power_type", "code")


@router.get("/registers/powers/{int:power_id}", response=PowerDetailOut, summary="权责事项及其调整记录")
def power(request, power_id: int):
    return get_object_or_404(PowerItem.objects.public().select_related("unit", "parent"), pk=power_id)


class DecisionOut(Schema):
    id: int
    kind: str
    subject_name: str
    subject_type: str
    credit_code: str
    legal_representative: str
    id_number: str = Field(..., alias="shown_id_number", description="自然人身份证号码，已遮盖")
    doc_number: str
    title: str
    category: str
    content: str
    basis: str
    fine_10k_yuan: Decimal | None
    decided_on: dt.date
    valid_from: dt.date | None
    valid_until: dt.date | None
    authority: str = Field(..., alias="unit.name")
    data_source: str
    power_code: str | None = Field(None, alias="power.code")
    published_on: dt.date
    due_on: dt.date
    late: bool = Field(..., alias="is_late")
    public_until: dt.date | None
    url: str = Field(..., alias="get_absolute_url")


class DecisionFilters(Schema):
    unit: int | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="决定年度")
    q: str | None = Field(None, max_length=50, description="相对人名称、文书号或统一社会信用代码")


def _decisions(kind: str, filters: DecisionFilters):
    found = Decision.objects.public(timezone.localdate()).filter(kind=kind).select_related("unit", "power")
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.year:
        found = found.filter(decided_on__year=filters.year)
    if filters.q:
        found = found.filter(
            Q(subject_name__icontains=filters.q)
            | Q(doc_number__icontains=filters.q)
            | Q(credit_code__iexact=filters.q)
        )
    return found.order_by("-decided_on", "-pk")


@router.get("/registers/licensing", response=list[DecisionOut], summary="行政许可信息公示（双公示）")
@paginate(PageNumber)
def licensing(request, filters: DecisionFilters = Query(...)):
    return _decisions(DecisionKind.LICENSING, filters)


@router.get(
    "/registers/penalties", response=list[DecisionOut], summary="行政处罚信息公示（双公示，公示期内）"
)
@paginate(PageNumber)
def penalties(request, filters: DecisionFilters = Query(...)):
    return _decisions(DecisionKind.PENALTY, filters)


@router.get("/registers/coercion", response=list[DecisionOut], summary="行政强制信息公示")
@paginate(PageNumber)
def coercion(request, filters: DecisionFilters = Query(...)):
    return _decisions(DecisionKind.COERCION, filters)


class FeeChangeOut(Schema):
    kind: str
    changed_on: dt.date
    standard_before: str
    standard_after: str
    basis: str


class FeeOut(Schema):
    id: int
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    name: str
    standard: str
    basis: str
    payer: str
    unit: str = Field(..., alias="unit.name")
    is_active: bool
    changed_on: dt.date
    changes: list[FeeChangeOut]
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_changes(obj):
        return list(obj.changes.all())


class FeeFilters(Schema):
    unit: int | None = None
    kind: FeeKind | None = None
    cancelled: bool = Field(False, description="true: 含已取消的项目")


@router.get("/registers/fees", response=list[FeeOut], summary="收费目录清单")
@paginate(PageNumber)
def fees(request, filters: FeeFilters = Query(...)):
    found = FeeItem.objects.filter(unit__is_active=True).select_related("unit").prefetch_related("changes")
    if not filters.cancelled:
        found = found.filter(is_active=True)
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return found.order_by("kind", "unit__path", "name")


class BudgetOut(Schema):
    id: int
    unit: str = Field(..., alias="unit.name")
    year: int
    kind: str
    approved_on: dt.date
    due_on: dt.date
    published_on: dt.date | None
    state: str
    state_label: str
    total_10k_yuan: Decimal | None
    abroad_10k_yuan: Decimal | None
    vehicles_10k_yuan: Decimal | None
    reception_10k_yuan: Decimal | None
    performance_targets: str
    performance_review: str
    document_url: str | None
    url: str = Field(..., alias="get_absolute_url")

    @staticmethod
    def resolve_state(obj):
        return obj.state(timezone.localdate())

    @staticmethod
    def resolve_state_label(obj):
        return str(rules.STATE_LABELS[obj.state(timezone.localdate())])

    # Figures recorded before publication are not public yet: the deadline and the state are.
    @staticmethod
    def resolve_total_10k_yuan(obj):
        return obj.total_10k_yuan if obj.published_on else None

    @staticmethod
    def resolve_abroad_10k_yuan(obj):
        return obj.abroad_10k_yuan if obj.published_on else None

    @staticmethod
    def resolve_vehicles_10k_yuan(obj):
        return obj.vehicles_10k_yuan if obj.published_on else None

    @staticmethod
    def resolve_reception_10k_yuan(obj):
        return obj.reception_10k_yuan if obj.published_on else None

    @staticmethod
    def resolve_performance_targets(obj):
        return obj.performance_targets if obj.published_on else ""

    @staticmethod
    def resolve_performance_review(obj):
        return obj.performance_review if obj.published_on else ""

    @staticmethod
    def resolve_document_url(obj):
        return obj.item.get_absolute_url() if obj.item_id and obj.published_on else None


class BudgetFilters(Schema):
    unit: int | None = None
    year: int | None = Field(None, ge=2008, le=2100)


@router.get("/registers/budgets", response=list[BudgetOut], summary="部门预决算公开情况（含按时公开状态）")
@paginate(PageNumber)
def budgets(request, filters: BudgetFilters = Query(...)):
    found = BudgetDisclosure.objects.select_related("unit", "item")
    if filters.unit:
        found = found.filter(unit_id=filters.unit)
    if filters.year:
        found = found.filter(year=filters.year)
    return found.order_by("-year", "unit__path", "kind")


class ImportOut(Schema):
    name: str = Field(..., description="台账")
    total: int
    imported: int
    skipped: int = Field(..., description="决定文书号等已在台账中、未重复导入的行数")


@router.post(
    "/staff/registers/{name}/import",
    response={201: ImportOut},
    auth=staff_auth,
    summary="导入台账（name = powers | licensing | penalties | coercion | fees；全部导入或全部不导入）",
    description="任何一行有误则一条都不导入，答复 422，error.fields 中每个 `row_<行号>` 为该行的问题（表头为第1行）。",
)
def import_register(request, name: str, unit: int, file: File[UploadedFile]):
    if name not in importer.REGISTERS:
        raise ValidationError({"name": "台账应为 powers、licensing、penalties、coercion 或 fees。"})
    target = get_object_or_404(core_access.units_for(request.auth), pk=unit)
    core_access.check_unit(request.auth, target, access.WRITE)
    if file.size and file.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": "文件不能超过20MB。"})
    report = importer.import_file(
        file.name or "", file.read(MAX_IMPORT_BYTES + 1), register=name, actor=request.auth, unit=target
    )
    if not report.committed:
        raise ValidationError({f"row_{e.row}": f"第{e.row}行：{e.message}" for e in report.errors})
    out = {
        "name": name,
        "total": report.total,
        "imported": len(report.imported),
        "skipped": len(report.skipped),
    }
    return Status(201, out)
