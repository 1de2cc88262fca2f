"""Import of the new-media registry from spreadsheets (CSV in UTF-8 or GB18030, or XLSX), and the inventory
export in the columns the consolidation clean-ups (清理整合) ask for.

Two tables can be imported:

* ``accounts`` — the inventory: one account per row (the export's columns are accepted, so an inventory can
  move from one platform to another). An account already registered (same platform and name) is skipped.
  The 状态 column is not read: an account enters as operating, and closing it is the closing procedure.
* ``updates`` — the accounts' posts: one row per account and day (账号名称, 平台, 更新日期, 发布条数, optional
  标题, 链接, 关注量). A row already imported (same account, day, count and title) is skipped.

An import is all or nothing: every row goes through the same service as a record entered by hand, in one
transaction; one bad row and nothing is kept, and the report names each bad row (numbered as in the file,
the header being row 1) and what is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.tables import RowError

from . import access, services
from .models import Account, Platform, UpdateSource

ACCOUNT_HEADERS = {
    "name": ("账号名称", "名称"),
    "platform": ("平台", "平台类型", "账号类型"),
    "account_id": ("账号标识", "账号ID", "账号", "微信号"),
    "unit": ("主办单位", "开设主体", "单位"),
    "responsible_person": ("负责人", "账号负责人"),
    "responsible_phone": ("联系电话", "负责人电话", "电话"),
    "opened_on": ("开设时间", "开通时间", "开设日期"),
    "homepage_url": ("主页地址", "网址"),
    "feed_url": ("订阅源地址",),
    "followers": ("关注量", "订阅数", "粉丝数"),
}
UPDATE_HEADERS = {
    "name": ("账号名称", "名称"),
    "platform": ("平台", "平台类型"),
    "on": ("更新日期", "发布日期", "日期"),
    "posts": ("发布条数", "发布量", "条数"),
    "title": ("标题",),
    "link": ("链接",),
    "followers": ("关注量", "订阅数", "粉丝数"),
}
TABLES = {"accounts": ACCOUNT_HEADERS, "updates": UPDATE_HEADERS}
REQUIRED = {
    "accounts": ("name", "platform", "responsible_person", "responsible_phone", "opened_on"),
    "updates": ("name", "platform", "on"),
}
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class Report:
    table: str
    total: int = 0
    imported: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False


def _messages(exc: ValidationError, headers: dict) -> str:
    return tables.error_text(exc, lambda name: headers[name][0] if name in headers else name)


def read(name: str, data: bytes, table: str) -> tuple[list[tuple[int, dict]], list[str]]:
    """(rows numbered as in the file, the missing required columns' names)."""
    headers = TABLES[table]
    rows = tables.read(name, data, max_bytes=MAX_BYTES)
    if not rows:
        return [], []
    lookup = {alias: key for key, aliases in headers.items() for alias in aliases}
    fields = [lookup.get(str(cell or "").strip()) for cell in rows[0][1]]
    missing = [headers[key][0] for key in REQUIRED[table] if key not in fields]
    records = []
    for number, row in rows[1:]:
        record = {}
        for key, value in zip(fields, row, strict=False):
            if key and value not in (None, ""):
                record[key] = value.strip() if isinstance(value, str) else value
        records.append((number, record))
    return records, missing


def _has_control(text: str) -> bool:
    # NUL and the other control characters (a tab or a line break inside a cell is ordinary text): the
    # database refuses NUL in a query, and no name or title carries them.
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


def clean_row(record: dict) -> dict:
    """The row's cells stripped, refused (every bad cell at once, under its column) if any holds a control
    character; nothing of a row reaches a query before this."""
    clean, errors = {}, {}
    for key, value in record.items():
        if isinstance(value, str):
            value = value.strip()
            if _has_control(value):
                errors[key] = [_("含有不可见的控制字符，请删除后再导入。")]
        clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _unit(record: dict, units, default: Organization) -> Organization:
    name = str(record.get("unit") or "").strip()
    if not name:
        return default
    found = units.filter(Q(name=name) | Q(short_name=name)).first()
    if found is None:
        raise ValidationError({"unit": _("“%(n)s”不是您可以登记账号的单位。") % {"n": name}})
    return found


def _import_account(record: dict, *, actor, units, unit: Organization) -> int | None:
    platform = services._choice(record, "platform", _("平台"), Platform)
    if Account.objects.filter(platform=platform, name=str(record.get("name") or "").strip()).exists():
        return None
    return services.save_account(actor=actor, unit=_unit(record, units, unit), fields=record).pk


def _import_update(record: dict, *, actor) -> int | None:
    platform = services._choice(record, "platform", _("平台"), Platform)
    name = str(record.get("name") or "").strip()
    account = access.accounts_for(actor).filter(platform=platform, name=name).first()
    if account is None:
        raise ValidationError({"name": _("没有找到您可以登记的账号“%(n)s”。") % {"n": name}})
    cleaned = services.clean_update(record)
    guid = f"import:{cleaned['on'].isoformat()}:{cleaned['posts']}:{cleaned['title']}"
    update = services.record_update(
        actor=actor, account=account, fields=record, source=UpdateSource.IMPORTED, guid=guid
    )
    return update.pk if update else None


def import_file(
    name: str, data: bytes, *, table: str, actor, unit: Organization | None = None, dry_run: bool = False
) -> Report:
    """Import ``data`` (an upload named ``name``) as ``table`` (accounts of ``unit`` by default, or updates):
    all rows or none."""
    if table not in TABLES:
        raise ValidationError({"table": _("导入的表格应为账号清单或更新记录。")})
    if table == "accounts" and unit is None:
        raise ValidationError({"unit": _("请选择单位。")})
    report = Report(table=table)
    try:
        records, missing = read(name, data, table)
    except tables.UnreadableTable as exc:
        raise ValidationError({"file": str(exc)}) from None
    if missing:
        raise ValidationError({"file": _("表头缺少以下列：%(c)s。") % {"c": "、".join(missing)}})
    if not records:
        raise ValidationError({"file": _("表格中没有数据行。")})
    report.total = len(records)
    headers = TABLES[table]
    units = access.writable_units(actor)
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for number, raw in records:
            try:
                record = clean_row(raw)
            except ValidationError as exc:
                report.errors.append(RowError(number, _messages(exc, headers)))
                continue
            key = (str(record.get("platform") or ""), str(record.get("name") or ""))
            if table == "accounts" and key in seen:
                report.errors.append(
                    RowError(number, _("账号“%(n)s”与第%(r)s行重复。") % {"n": key[1], "r": seen[key]})
                )
                continue
            seen[key] = number
            try:
                with transaction.atomic():
                    if table == "accounts":
                        pk = _import_account(record, actor=actor, units=units, unit=unit)
                    else:
                        pk = _import_update(record, actor=actor)
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


# ---- The inventory export (清理整合台账) --------------------------------------------------------------------

INVENTORY = (
    "序号",
    "账号名称",
    "平台",
    "账号ID",
    "主办单位",
    "负责人",
    "联系电话",
    "开设时间",
    "状态",
    "最近更新",
    "关注量",
)


def inventory_table(accounts) -> tuple[list[str], list[list]]:
    rows = []
    for n, a in enumerate(accounts, start=1):
        rows.append([
            n, a.name, a.get_platform_display(), a.account_id, a.unit.name, a.responsible_person,
            a.responsible_phone, a.opened_on.isoformat(), a.get_status_display(),
            a.last_update_on.isoformat() if a.last_update_on else "",
            "" if a.followers is None else a.followers,
        ])  # fmt: skip
    return list(INVENTORY), rows
