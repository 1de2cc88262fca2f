"""Every change to datasets and their releases: define a dataset, publish a period's release from an uploaded
table (all or nothing, with a row report), correct a release (the replaced table is kept)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core import tables as core_tables
from gongkai.core.actors import SystemActor, as_user, require
from gongkai.core.models import Organization, User
from gongkai.search.tasks import reindex_on_commit

from . import access, periods, tables
from .models import ColumnType, Correction, Dataset, Frequency, Release
from .search_sources import RELEASE_SOURCE

Actor = User | SystemActor

NAME_LIMIT = 60
TYPE_WORDS = {
    "数值": ColumnType.NUMBER, "数字": ColumnType.NUMBER, "number": ColumnType.NUMBER,
    "文本": ColumnType.TEXT, "文字": ColumnType.TEXT, "text": ColumnType.TEXT,
    "日期": ColumnType.DATE, "date": ColumnType.DATE,
}  # fmt: skip
OPTIONAL_WORDS = {"选填", "可空", "否", "optional"}
REQUIRED_WORDS = {"必填", "是", "required", ""}


class ReleaseRefused(ValidationError):
    """An upload refused with its row report (``problems``); nothing was saved."""

    def __init__(self, problems: list[tables.Problem], field: str = "file"):
        self.problems = problems
        messages = [str(p) for p in problems]
        super().__init__({field: [_("数据表有%(n)d处问题，未发布：") % {"n": len(problems)}, *messages]})


# Columns -------------------------------------------------------------------------------------------------


def columns_from_text(text: str) -> list[dict]:
    """Columns written one per line as ``名称|类型|单位|必填`` (类型: 数值、文本、日期; 单位 and 必填/选填
    may be left out: required by default). ValidationError naming the line when one is wrong."""
    columns, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        parts += [""] * (4 - len(parts))
        name, kind, unit, required = parts[:4]
        if len(parts) > 4 and any(parts[4:]):
            problems.append(_("第%(n)d行：最多四项（名称|类型|单位|必填）。") % {"n": number})
            continue
        if kind not in TYPE_WORDS:
            problems.append(_("第%(n)d行：类型应为 数值、文本 或 日期。") % {"n": number})
            continue
        if required not in OPTIONAL_WORDS | REQUIRED_WORDS:
            problems.append(_("第%(n)d行：第四项应为 必填 或 选填。") % {"n": number})
            continue
        columns.append(
            {
                "name": name,
                "type": str(TYPE_WORDS[kind]),
                "unit": unit,
                "required": required not in OPTIONAL_WORDS,
            }
        )
    if problems:
        raise ValidationError({"columns": problems})
    return columns


def columns_as_text(columns: list[dict]) -> str:
    labels = dict(ColumnType.choices)
    return "\n".join(
        "|".join(
            [c["name"], str(labels[c["type"]]), c.get("unit", ""), "必填" if c.get("required") else "选填"]
        )
        for c in columns
    )


def check_columns(columns: list[dict]) -> list[dict]:
    if not columns:
        raise ValidationError({"columns": _("请至少定义一列。")})
    seen, clean = set(), []
    for column in columns:
        name = str(column.get("name", "")).strip()
        if not name:
            raise ValidationError({"columns": _("每一列都要有名称。")})
        if len(name) > NAME_LIMIT or "|" in name:
            raise ValidationError({"columns": _("列名“%(name)s”过长或含有“|”。") % {"name": name[:20]}})
        if name in seen:
            raise ValidationError({"columns": _("列名“%(name)s”重复。") % {"name": name}})
        if column.get("type") not in ColumnType.values:
            raise ValidationError({"columns": _("列“%(name)s”的类型应为数值、文本或日期。") % {"name": name}})
        seen.add(name)
        clean.append({"name": name, "type": column["type"], "unit": str(column.get("unit") or "").strip()[:30],
                      "required": bool(column.get("required"))})  # fmt: skip
    return clean


def _check_chart(columns: list[dict], label_column: str, value_column: str) -> None:
    kinds = {c["name"]: c["type"] for c in columns}
    if label_column and label_column not in kinds:
        raise ValidationError({"label_column": _("图表分类列“%(n)s”不在数据列中。") % {"n": label_column}})
    if value_column and kinds.get(value_column) != ColumnType.NUMBER:
        raise ValidationError({"value_column": _("图表数值列须为数据列中的数值列。")})
    if bool(label_column) != bool(value_column):
        raise ValidationError({"value_column": _("绘制图表须同时指定分类列和数值列。")})


DATASET_FIELDS = (
    "title", "description", "frequency", "due_working_day", "starts_on", "columns", "label_column",
    "value_column", "lower_is_better", "key_area", "is_active",
)  # fmt: skip


@transaction.atomic
def save_dataset(*, actor: Actor, unit: Organization, dataset: Dataset | None = None, **fields) -> Dataset:
    """Create a dataset of ``unit`` (``dataset`` None) or change one; ``fields`` are Dataset's."""
    unknown = set(fields) - set(DATASET_FIELDS)
    if unknown:
        raise TypeError(f"unknown dataset fields: {sorted(unknown)}")
    require(access.may_write(actor, unit))
    created = dataset is None
    if created:
        dataset = Dataset(unit=unit)
    elif dataset.unit_id != unit.pk:
        raise ValidationError(_("数据集不能改到其他单位。"))
    before = {name: getattr(dataset, name) for name in DATASET_FIELDS} if not created else {}
    frequency = fields.get("frequency", dataset.frequency)
    if not created and frequency != before["frequency"] and dataset.releases.exists():
        # Past releases' periods are written in the old frequency's form.
        raise ValidationError({"frequency": _("已有发布数据的数据集不能修改发布频次，请新建一个数据集。")})
    for name, value in fields.items():
        setattr(dataset, name, value)
    dataset.title = (dataset.title or "").strip()
    if not dataset.title:
        raise ValidationError({"title": _("请填写数据集名称。")})
    if dataset.frequency not in Frequency.values:
        raise ValidationError({"frequency": _("发布频次应为月度、季度或年度。")})
    if dataset.starts_on and not dt.date(1949, 10, 1) <= dataset.starts_on <= dt.date(2100, 12, 31):
        # Periods are counted from here to today on the calendar: a year 1 start would overflow every page.
        raise ValidationError({"starts_on": _("起始日期应在1949年至2100年之间。")})
    dataset.columns = check_columns(dataset.columns)
    _check_chart(dataset.columns, dataset.label_column, dataset.value_column)
    if Dataset.objects.filter(unit=unit, title=dataset.title).exclude(pk=dataset.pk).exists():
        raise ValidationError({"title": _("本单位已有同名数据集。")})
    dataset.full_clean(exclude=["unit", "key_area"])
    dataset.save()
    changes = {
        name: [None if created else _plain(before[name]), _plain(getattr(dataset, name))]
        for name in DATASET_FIELDS
        if created or before[name] != getattr(dataset, name)
    }
    audit.record(
        actor=actor, action="datasets.dataset." + ("created" if created else "changed"), obj=dataset, unit=unit,
        changes=changes,
    )  # fmt: skip
    for pk in dataset.releases.values_list("pk", flat=True):
        reindex_on_commit(RELEASE_SOURCE, pk)
    return dataset


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Releases -------------------------------------------------------------------------------------------------


def _period(dataset: Dataset, code: str, today: dt.date) -> periods.Period:
    try:
        period = dataset.period(code)
    except (ValueError, KeyError):
        raise ValidationError(
            {"period": _("期别“%(code)s”格式不正确，%(freq)s数据应写作如 %(example)s。")
             % {"code": (code or "")[:20], "freq": dataset.get_frequency_display(),
                "example": periods.EXAMPLES[dataset.frequency]}}
        ) from None  # fmt: skip
    if period.end >= today:
        raise ValidationError(
            {"period": _("%(p)s尚未结束（%(end)s结束），不能发布本期数据。")
             % {"p": period.label, "end": period.end.isoformat()}}
        )  # fmt: skip
    return period


def check_upload(*, dataset: Dataset, name: str, data: bytes) -> list[list[str]]:
    """The rows of an uploaded table, or ``ReleaseRefused`` with every problem found."""
    try:
        table = tables.read(name, data)
    except tables.Unreadable as reason:
        raise ReleaseRefused([tables.Problem(1, "", str(reason))]) from None
    rows, problems = tables.check(dataset.columns, table)
    if problems:
        raise ReleaseRefused(problems)
    return rows


def _store_original(release: Release, name: str, data: bytes) -> None:
    ext = "xlsx" if data[:4] == core_tables.XLSX_MAGIC else "csv"
    if ext == "xlsx":
        from gongkai.publishing.uploads import check_upload as checked_file

        _kind, data = checked_file(name, data, {"xlsx"})
    release.original.save(f"{release.dataset_id}-{release.period}.{ext}", ContentFile(data), save=False)
    release.original_name = (name or f"{release.period}.{ext}")[-200:]


@transaction.atomic
def publish_release(
    *, actor: Actor, dataset: Dataset, period: str, name: str, data: bytes, note: str = "",
    today: dt.date | None = None, published_at: dt.datetime | None = None,
) -> Release:  # fmt: skip
    """Publish ``dataset``'s release of ``period`` from an uploaded CSV or XLSX file. All or nothing: a
    period not ended, a period already released or any wrong cell refuses the whole file."""
    require(access.may_write(actor, dataset.unit))
    # Two uploads of the same period at once: the second waits here, then finds the first one's release.
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    today = today or timezone.localdate()
    found = _period(dataset, period, today)
    if Release.objects.filter(dataset=dataset, period=found.code).exists():
        raise ValidationError(
            {"period": _("%(p)s的数据已经发布；如有错误，请在该期页面“更正”。") % {"p": found.label}}
        )
    rows = check_upload(dataset=dataset, name=name, data=data)
    release = Release(
        dataset=dataset, period=found.code, period_start=found.start, period_end=found.end, rows=rows,
        columns=dataset.columns, note=(note or "").strip()[:2000], published_at=published_at or timezone.now(),
        published_by=as_user(actor),
    )  # fmt: skip
    _store_original(release, name, data)
    release.save()
    audit.record(
        actor=actor, action="datasets.release.published", obj=release, unit=dataset.unit,
        changes={"period": [None, found.code], "rows": [None, len(rows)], "file": [None, release.original_name]},
    )  # fmt: skip
    reindex_on_commit(RELEASE_SOURCE, release.pk)
    return release


@transaction.atomic
def correct_release(*, actor: Actor, release: Release, name: str, data: bytes, reason: str) -> Release:
    """Replace a release's table with a corrected one; the replaced table is kept as a correction record
    shown on the release's page."""
    dataset = release.dataset
    require(access.may_write(actor, dataset.unit))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写更正原因。")})
    rows = check_upload(dataset=dataset, name=name, data=data)
    release = Release.objects.select_for_update().get(pk=release.pk)
    Correction.objects.create(
        release=release, reason=reason[:300], previous_rows=release.rows, previous_columns=release.columns,
        previous_original=release.original.name or "", previous_published_at=release.published_at,
        corrected_by=as_user(actor),
    )  # fmt: skip
    before = len(release.rows)
    release.rows, release.columns = (
        rows,
        dataset.columns,
    )  # published_at stays: it is when the period was released
    _store_original(release, name, data)
    release.save()
    audit.record(
        actor=actor, action="datasets.release.corrected", obj=release, unit=dataset.unit,
        changes={"rows": [before, len(rows)], "reason": [None, reason[:300]]},
    )  # fmt: skip
    reindex_on_commit(RELEASE_SOURCE, release.pk)
    return release
