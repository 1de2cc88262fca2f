"""Import of the registers from the business systems' exports (CSV in UTF-8 or GB18030, or XLSX), and export
in the columns the national and provincial credit platforms take.

An import is all or nothing: every row goes through the same service as a record entered by hand, in one
transaction; one bad row and nothing is kept, and the report names each bad row (numbered as in the file, the
header being row 1), the column and what is wrong. A decision already in the register (same document number)
is skipped and counted, so an overlapping export can be imported again.

The first row names the columns in Chinese. Several spellings are accepted for a column (the credit
platforms' templates and the business systems' exports differ): see ``HEADERS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.tables import RowError

from . import services
from .models import ChangeReason, Decision, DecisionKind, FeeItem, PowerItem

# Field -> the headers that name it, per register (the first is the one exports and templates use).
POWER_HEADERS = {
    "code": ("事项编码", "编码"),
    "name": ("事项名称", "名称"),
    "power_type": ("事项类型", "权力类型", "类型"),
    "basis": ("设定依据", "依据"),
    "implementing_unit": ("实施主体",),
    "responsibility": ("责任事项",),
    "parent_code": ("所属事项编码", "主项编码"),
}
DECISION_HEADERS = {
    "subject_name": ("行政相对人名称", "相对人名称"),
    "subject_type": ("行政相对人类别", "相对人类别"),
    "credit_code": ("统一社会信用代码", "行政相对人代码_1(统一社会信用代码)"),
    "legal_representative": ("法定代表人", "法定代表人姓名"),
    "id_number": ("证件号码", "身份证号码", "法定代表人证件号码"),
    "doc_number": ("决定文书号", "行政许可决定文书号", "行政处罚决定书文号", "行政强制决定书文号"),
    "title": ("决定名称", "许可证书名称", "行政许可决定文书名称", "处罚名称", "强制措施名称"),
    "category": ("类别", "许可类别", "处罚类别", "强制措施类别"),
    "content": ("内容", "许可内容", "违法事实", "处罚内容", "强制措施内容"),
    "basis": ("依据", "处罚依据", "许可依据", "强制依据"),
    "fine_10k_yuan": ("罚款金额（万元）", "罚款金额(万元)"),
    "decided_on": ("决定日期", "许可决定日期", "处罚决定日期", "强制决定日期"),
    "valid_from": ("有效期自",),
    "valid_until": ("有效期至",),
    "data_source": ("数据来源单位",),
    "severity": ("失信程度", "失信行为严重程度"),
    "power_code": ("权责事项编码", "事项编码"),
}
FEE_HEADERS = {
    "kind": ("收费类别", "类别"),
    "name": ("收费项目", "项目名称"),
    "standard": ("收费标准", "标准"),
    "basis": ("收费依据", "依据"),
    "payer": ("收费对象",),
    "change_basis": ("变动依据", "设立依据"),
    "changed_on": ("变动日期", "设立日期"),
}
REQUIRED = {
    "powers": ("code", "name", "power_type", "basis"),
    "decisions": ("subject_name", "subject_type", "doc_number", "decided_on"),
    "fees": ("kind", "name", "standard", "basis"),
}
REGISTERS = {"powers": POWER_HEADERS, "licensing": DECISION_HEADERS, "penalties": DECISION_HEADERS,
             "coercion": DECISION_HEADERS, "fees": FEE_HEADERS}  # fmt: skip
MAX_BYTES = 20 * 1024 * 1024
DECISION_KINDS = {"licensing": DecisionKind.LICENSING, "penalties": DecisionKind.PENALTY,
                  "coercion": DecisionKind.COERCION}  # fmt: skip


@dataclass
class Report:
    register: str
    total: int = 0
    imported: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # rows already in the register
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def _header_map(header: list, headers: dict) -> tuple[list[str | None], list[str]]:
    """The field of each column (None: a column not used) and the required fields no column names."""
    lookup = {alias: name for name, aliases in headers.items() for alias in aliases}
    fields = [lookup.get(str(cell or "").strip()) for cell in header]
    return fields, [name for name in headers if name not in fields]


def _label(headers: dict, name: str) -> str:
    return headers[name][0] if name in headers else name


def _messages(exc: ValidationError, headers: dict) -> str:
    return tables.error_text(exc, lambda name: _label(headers, name))


def read(name: str, data: bytes, register: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """(rows numbered as in the file, the missing required columns' names)."""
    headers = REGISTERS[register]
    rows = tables.read(name, data, max_bytes=MAX_BYTES)
    if not rows:
        return [], []
    fields, missing = _header_map(rows[0][1], headers)
    kind = "decisions" if register in DECISION_KINDS else register
    missing = [headers[name][0] for name in REQUIRED[kind] if name in missing]
    records = []
    for number, row in rows[1:]:
        record = {}
        for name, value in zip(fields, row, strict=False):
            if name and value not in (None, ""):
                record[name] = value.strip() if isinstance(value, str) else value
        records.append((number, record))
    return records, missing


def _import_one(register: str, record: dict, *, actor, unit: Organization, today: dt.date):
    """The new record's pk, or None when it is already in the register."""
    if register == "powers":
        if PowerItem.objects.filter(unit=unit, code=str(record.get("code") or "").strip()).exists():
            return None
        return services.save_power_item(
            actor=actor, unit=unit, fields=record, changed_on=today, reason=ChangeReason.OTHER,
            note=_("批量导入"),
        ).pk  # fmt: skip
    if register == "fees":
        name = str(record.get("name") or "").strip()
        if FeeItem.objects.filter(unit=unit, name=name).exists():
            return None
        changed_on = services._date(record, "changed_on", _("变动日期"), required=False) or today
        return services.save_fee_item(
            actor=actor, unit=unit, fields=record, changed_on=changed_on,
            basis=str(record.get("change_basis") or record.get("basis") or ""),
        ).pk  # fmt: skip
    kind = DECISION_KINDS[register]
    doc_number = str(record.get("doc_number") or "").strip()
    if doc_number and Decision.objects.filter(unit=unit, kind=kind, doc_number=doc_number).exists():
        return None
    return services.record_decision(actor=actor, unit=unit, kind=kind, fields=record, published_on=today).pk


def import_file(
    name: str, data: bytes, *, register: str, actor, unit: Organization, dry_run: bool = False
) -> Report:
    """Import ``data`` (an upload named ``name``) into ``register`` of ``unit``: all rows or none."""
    if register not in REGISTERS:
        raise ValidationError(_("没有这个台账。"))
    report = Report(register=register)
    try:
        records, missing = read(name, data, register)
    except tables.UnreadableTable as exc:
        raise ValidationError({"file": str(exc)}) from None
    if missing:
        raise ValidationError({"file": _("表头缺少以下列：%(c)s。") % {"c": "、".join(missing)}})
    if not records:
        raise ValidationError({"file": _("表格中没有数据行。")})
    report.total = len(records)
    today = timezone.localdate()
    seen: dict[str, int] = {}
    key = "code" if register == "powers" else ("name" if register == "fees" else "doc_number")
    headers = REGISTERS[register]
    with transaction.atomic():
        for number, record in records:
            value = str(record.get(key) or "").strip()
            if value and value in seen:
                report.errors.append(RowError(number, _("%(c)s“%(v)s”与第%(n)s行重复。")
                                              % {"c": headers[key][0], "v": value, "n": seen[value]}))  # fmt: skip
                continue
            seen[value] = number
            try:
                with transaction.atomic():
                    pk = _import_one(register, record, actor=actor, unit=unit, today=today)
            except ValidationError as exc:
                report.errors.append(RowError(number, _messages(exc, headers)))
                continue
            (report.imported if pk else report.skipped).append(pk or number)
        if dry_run or report.errors:
            transaction.set_rollback(True)
            report.imported = [] if report.errors else report.imported
        else:
            report.committed = True
    return report


# ---- Exports -------------------------------------------------------------------------------------------------

Column = tuple[str, Callable[[Decision], object]]


def _date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _common(authority: str) -> list[Column]:
    return [
        ("行政相对人名称", lambda d: d.subject_name),
        ("行政相对人类别", lambda d: d.get_subject_type_display()),
        ("统一社会信用代码", lambda d: d.credit_code),
        ("法定代表人", lambda d: d.legal_representative),
        ("证件类型", lambda d: "身份证" if d.id_number else ""),
    ]


def credit_columns(kind: str, *, full_id: bool) -> list[Column]:
    """The columns of the credit platforms' 双公示 templates (行政许可 / 行政处罚; 行政强制 like 行政处罚).
    ``full_id``: the natural person's ID number whole (the staff export uploaded to the credit platform);
    masked in every public download."""
    id_column: Column = ("证件号码", (lambda d: d.id_number) if full_id else (lambda d: d.shown_id_number))
    if kind == DecisionKind.LICENSING:
        return [
            *_common("许可机关"), id_column,
            ("行政许可决定文书名称", lambda d: d.title),
            ("行政许可决定文书号", lambda d: d.doc_number),
            ("许可类别", lambda d: d.category),
            ("许可内容", lambda d: d.content),
            ("许可依据", lambda d: d.basis),
            ("许可决定日期", lambda d: _date_text(d.decided_on)),
            ("有效期自", lambda d: _date_text(d.valid_from)),
            ("有效期至", lambda d: _date_text(d.valid_until)),
            ("许可机关", lambda d: d.unit.name),
            ("许可机关统一社会信用代码", lambda d: d.unit.credit_code or ""),
            ("数据来源单位", lambda d: d.data_source),
            ("公示日期", lambda d: _date_text(d.published_on)),
        ]  # fmt: skip
    label = "处罚" if kind == DecisionKind.PENALTY else "强制"
    return [
        *_common(f"{label}机关"), id_column,
        (f"行政{label}决定书文号", lambda d: d.doc_number),
        (f"{label}名称", lambda d: d.title),
        (f"{label}类别", lambda d: d.category),
        ("违法事实及内容", lambda d: d.content),
        (f"{label}依据", lambda d: d.basis),
        ("罚款金额（万元）", lambda d: "" if d.fine_10k_yuan is None else str(d.fine_10k_yuan.normalize())),
        (f"{label}决定日期", lambda d: _date_text(d.decided_on)),
        ("公示截止期", lambda d: _date_text(d.public_until)),
        (f"{label}机关", lambda d: d.unit.name),
        (f"{label}机关统一社会信用代码", lambda d: d.unit.credit_code or ""),
        ("数据来源单位", lambda d: d.data_source),
        ("公示日期", lambda d: _date_text(d.published_on)),
    ]  # fmt: skip


def decision_table(decisions, kind: str, *, full_id: bool) -> tuple[list[str], list[list]]:
    columns = credit_columns(kind, full_id=full_id)
    return [c[0] for c in columns], [[getter(d) for _h, getter in columns] for d in decisions]


POWER_EXPORT: list[tuple[str, Callable[[PowerItem], object]]] = [
    ("事项编码", lambda p: p.code),
    ("事项名称", lambda p: p.name),
    ("事项类型", lambda p: p.get_power_type_display()),
    ("设定依据", lambda p: p.basis),
    ("实施主体", lambda p: p.implementing_unit),
    ("责任事项", lambda p: p.responsibility),
    ("所属事项编码", lambda p: p.parent.code if p.parent_id else ""),
    ("版本", lambda p: p.version),
    ("最近调整日期", lambda p: _date_text(p.changed_on)),
    ("单位", lambda p: p.unit.name),
]


def power_table(items) -> tuple[list[str], list[list]]:
    return [h for h, _g in POWER_EXPORT], [[g(p) for _h, g in POWER_EXPORT] for p in items]
