"""Import of legacy items from CSV or XLSX, all or nothing unless told to skip invalid rows.

The first row names the columns, in Chinese or English (see ``HEADERS``). Each row becomes a published
item through ``services.import_item``, so it passes the same checks as an item written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.tables import RowError

from . import services
from .models import Column, DisclosureMode, Genre, KeyArea, Topic, Validity

HEADERS = {
    "标题": "title",
    "索引号": "index_no",
    "文号": "doc_number",
    "成文日期": "written_on",
    "发布日期": "published_on",
    "主题分类": "topic",
    "体裁": "genre",
    "内容概述": "summary",
    "关键词": "keywords",
    "有效性": "validity",
    "栏目": "columns",
    "重点领域": "key_areas",
    "正文": "body",
}
REQUIRED = ("title", "published_on", "columns")
LABELS = {v: k for k, v in HEADERS.items()}
VALIDITY = {label: value for value, label in Validity.choices} | {v: v for v in Validity.values}


@dataclass
class Report:
    total: int = 0
    imported: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def read_rows(path: Path) -> list[dict]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("the file is neither UTF-8 nor GB18030 text")
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [HEADERS.get(str(h).strip(), str(h).strip()) if h is not None else "" for h in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if any(c not in (None, "") for c in row)]


def _date(value, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{label}“{value}”格式不正确，应为 YYYY-MM-DD") from None


def _choice(value, choices: list[str], label: str) -> str:
    text = str(value or "").strip()
    if text and text not in choices:
        raise ValidationError(f"{label}“{text}”不在可选范围内")
    return text


def _split(value) -> list[str]:
    text = str(value or "")
    for sep in ("；", ";", "、", "，", ","):
        text = text.replace(sep, "|")
    return [part.strip() for part in text.split("|") if part.strip()]


def _body(value) -> str:
    text = str(value or "").strip()
    if text.startswith("<"):
        return text
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _fields(row: dict, unit: Organization) -> dict:
    missing = [LABELS[name] for name in REQUIRED if row.get(name) in (None, "")]
    if missing:
        raise ValidationError("缺少" + "、".join(missing))
    names = _split(row.get("columns"))
    columns = list(Column.objects.filter(unit=unit, name__in=names)) + list(
        Column.objects.filter(unit=unit, code__in=names)
    )
    unknown = [n for n in names if not any(n in (c.name, c.code) for c in columns)]
    if unknown:
        raise ValidationError("本单位没有栏目“" + "、".join(unknown) + "”")
    areas_wanted = _split(row.get("key_areas"))
    areas = list(KeyArea.objects.filter(name__in=areas_wanted)) + list(
        KeyArea.objects.filter(code__in=areas_wanted)
    )
    unknown_areas = [a for a in areas_wanted if not any(a in (k.name, k.code) for k in areas)]
    if unknown_areas:
        raise ValidationError("重点领域“" + "、".join(unknown_areas) + "”不存在")
    published_on = _date(row.get("published_on"), "发布日期")
    validity_label = str(row.get("validity") or "有效").strip()
    if validity_label not in VALIDITY:
        raise ValidationError(f"有效性“{validity_label}”应为 有效、失效、废止 或 已修订")
    return {
        "title": str(row.get("title")).strip(),
        "index_no": str(row.get("index_no") or "").strip(),
        "doc_number": str(row.get("doc_number") or "").strip(),
        "written_on": _date(row.get("written_on"), "成文日期"),
        "published_at": timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 0))),
        "topic": _choice(row.get("topic"), Topic.values, "主题分类"),
        "genre": _choice(row.get("genre"), Genre.values, "体裁"),
        "summary": str(row.get("summary") or "").strip(),
        "keywords": str(row.get("keywords") or "").strip(),
        "validity": VALIDITY[validity_label],
        "validity_changed_on": published_on if VALIDITY[validity_label] != Validity.VALID else None,
        "disclosure_mode": DisclosureMode.PROACTIVE,
        "body": _body(row.get("body")),
        "columns": list({c.pk: c for c in columns}.values()),
        "key_areas": list({k.pk: k for k in areas}.values()),
    }


def _label(name: str) -> str:
    from .models import InformationItem

    try:
        return str(InformationItem._meta.get_field(name).verbose_name)
    except Exception:
        return LABELS.get(name, name)


def _messages(exc: ValidationError) -> str:
    return tables.error_text(exc, _label)


def import_rows(
    rows: list[dict],
    *,
    actor: services.Actor,
    unit: Organization,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> Report:
    """Rows are numbered as in the file (the header is row 1). ``actor`` imports them: the command line's
    ``system("import_items")``, or a reviewer of ``unit``."""
    report = Report(total=len(rows))
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            try:
                with transaction.atomic():
                    fields = _fields(row, unit)
                    item = services.import_item(actor=actor, unit=unit, **fields)
                report.imported.append(item.pk)
            except ValidationError as exc:
                report.errors.append(RowError(number, _messages(exc)))
        if dry_run or (report.errors and not skip_invalid):
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report
