"""Import of a directory of inspected entities (检查对象名录) from CSV (UTF-8 or GB18030) or XLSX, all or nothing
with a row report, like ``gongkai.publishing.importer``.

The first row names the columns in Chinese: 检查对象名称 and 统一社会信用代码 (required), 主体类型 (企业,
个体工商户, 农民专业合作社, 事业单位, 社会组织, 其他; default 企业), 住所（经营场所） (or 地址), 行业, 状态 (在册 or
注销/吊销/迁出: leaves the pool). Rows are numbered as in the file (the header is row 1). An entity already in the
directory (same credit code) is updated; a new one is added; each through ``services.save_entity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.tables import RowError

from . import services
from .models import Entity, EntityKind

HEADERS = {
    "检查对象名称": "name",
    "名称": "name",
    "统一社会信用代码": "credit_code",
    "主体类型": "kind",
    "住所（经营场所）": "address",
    "住所": "address",
    "地址": "address",
    "行业": "industry",
    "状态": "status",
}
REQUIRED = {"name": "检查对象名称", "credit_code": "统一社会信用代码"}
KINDS = {label: value for value, label in EntityKind.choices}
INACTIVE = {"注销", "吊销", "迁出", "停业", "不在册"}


@dataclass
class Report:
    total: int = 0
    added: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def _rows(name: str, data: bytes) -> list[tuple[int, dict]]:
    try:
        rows = tables.read(name, data)
    except tables.UnreadableTable as error:
        raise ValidationError(str(error)) from None
    if not rows:
        raise ValidationError(_("表格是空的。"))
    header = [HEADERS.get(str(h or "").strip(), "") for h in rows[0][1]]
    missing = [label for key, label in REQUIRED.items() if key not in header]
    if missing:
        raise ValidationError(_("表格第1行缺少列：%(c)s") % {"c": "、".join(missing)})
    return [(n, {k: v for k, v in zip(header, row, strict=False) if k}) for n, row in rows[1:]]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _messages(exc: ValidationError) -> str:
    return tables.error_text(
        exc, lambda name: Entity._meta.get_field(name).verbose_name if name != "__all__" else ""
    )


def import_entities(
    *, actor, unit: Organization | None, name: str, data: bytes, dry_run: bool = False
) -> Report:
    """Import ``data`` (a file called ``name``) into ``unit``'s directory (None: the shared directory)."""
    rows = _rows(name, data)
    report = Report(total=len(rows))
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, row in rows:
            code = _text(row.get("credit_code")).upper()
            try:
                missing = [label for key, label in REQUIRED.items() if not _text(row.get(key))]
                if missing:
                    raise ValidationError(_("缺少%(c)s") % {"c": "、".join(missing)})
                if code in seen:
                    raise ValidationError(_("统一社会信用代码与第%(n)s行重复") % {"n": seen[code]})
                seen[code] = number
                kind = _text(row.get("kind")) or EntityKind.COMPANY.label
                if kind not in KINDS:
                    raise ValidationError(_("主体类型“%(k)s”应为 %(c)s") % {"k": kind, "c": "、".join(KINDS)})
                entity = Entity.objects.filter(unit=unit, credit_code=code).first() or Entity(unit=unit)
                adding = entity.pk is None
                entity.name, entity.credit_code, entity.kind = _text(row.get("name")), code, KINDS[kind]
                entity.address, entity.industry = _text(row.get("address")), _text(row.get("industry"))
                entity.is_active = _text(row.get("status")) not in INACTIVE
                with transaction.atomic():
                    services.save_entity(actor=actor, entity=entity)
                if adding:
                    report.added += 1
                else:
                    report.updated += 1
            except ValidationError as exc:
                report.errors.append(RowError(number, _messages(exc)))
        if dry_run or report.errors:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report
