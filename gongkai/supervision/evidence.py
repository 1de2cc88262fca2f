"""What a unit actually published, so supervision does not rest on its own report: per key area and per
catalog column of a task, the items published in the period, the last update, and whether the column is
stale by the inspection rule (spec §4.1 `VETO_COLUMNS_STALE`: 动态/要闻 2 weeks, 通知公告/政策文件 6 months)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from gongkai.core.dates import add_months
from gongkai.core.models import Organization
from gongkai.publishing.models import Column, InformationItem, Status

from .models import FreshnessRule, PlanTask, UpdateCategory

NEWS_DAYS = 14
NOTICE_MONTHS = 6
SHOWN = 5  # latest items linked per row


def months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)


def cutoff(category: str, days: int | None, as_of: dt.date) -> dt.date | None:
    """The earliest publication date that still keeps a column fresh on ``as_of``; None: no requirement."""
    if category == UpdateCategory.NEWS:
        return as_of - dt.timedelta(days=NEWS_DAYS)
    if category in (UpdateCategory.NOTICE, UpdateCategory.POLICY):
        return months_before(as_of, NOTICE_MONTHS)
    return as_of - dt.timedelta(days=days) if days else None


def is_stale(last: dt.date | None, limit: dt.date | None) -> bool:
    return limit is not None and (last is None or last < limit)


def _published(unit: Organization, as_of: dt.date):
    return InformationItem.objects.filter(unit=unit, status=Status.PUBLISHED, published_at__date__lte=as_of)


@dataclass
class Row:
    name: str
    count: int  # published in the period
    last: dt.date | None  # last publication up to the end of the period
    items: list = field(default_factory=list)
    url: str = ""
    rule: str = ""
    stale: bool = False
    blank: bool = False
    missing: bool = False  # the unit's catalog has no such column


@dataclass(frozen=True)
class Finding:
    """What a module's own records show about a unit in the period: a register's decisions and how many were
    published late, a dataset's releases and the ones missing. Shown beside the items in a task's evidence."""

    name: str  # e.g. "行政处罚决定（双公示）", "全市环境空气质量月报"
    count: int  # records published in the period
    last: dt.date | None = None  # the last one published up to the period's end
    url: str = ""  # the public page of these records
    rule: str = ""  # the requirement, e.g. "决定之日起7个工作日内公示"
    problem: str = ""  # what falls short, in plain Chinese ("2件逾期公示"); empty when nothing does


@dataclass(frozen=True)
class FindingSource:
    name: str
    key_areas: frozenset[str]  # the key-area codes (KeyArea.code) of the tasks these findings bear on
    provider: Callable[[Organization, dt.date, dt.date], list[Finding]]


_finding_sources: dict[str, FindingSource] = {}


def register_findings(name: str, provider, *, key_areas) -> None:
    """Called from an app's ``supervision_sources.py``: ``provider(unit, start, as_of)`` gives the findings
    for a task linked to any of ``key_areas``. Supervision imports none of these apps."""
    _finding_sources[name] = FindingSource(name, frozenset(key_areas), provider)


def autodiscover() -> None:
    autodiscover_modules("supervision_sources")


def findings(unit: Organization, area_codes: set[str], start: dt.date, as_of: dt.date) -> list[Finding]:
    return [
        finding
        for source in _finding_sources.values()
        if source.key_areas & area_codes
        for finding in source.provider(unit, start, as_of)
    ]


def _summarise(queryset, start: dt.date, end: dt.date):
    figures = queryset.aggregate(
        count=Count("pk", filter=Q(published_at__date__gte=start), distinct=True), last=Max("published_at")
    )
    last = timezone.localtime(figures["last"]).date() if figures["last"] else None
    items = list(queryset.filter(published_at__date__gte=start).order_by("-published_at")[:SHOWN])
    return figures["count"], last, items


def for_unit(task: PlanTask, unit: Organization, start: dt.date, end: dt.date, today: dt.date | None = None):
    """Evidence rows for one unit's part of ``task`` in [start, end]; staleness is judged at the period's
    end, or today while the period runs."""
    today = today or timezone.localdate()
    as_of = min(end, today)
    published = _published(unit, as_of)
    areas = []
    for area in task.key_areas.all():
        count, last, items = _summarise(published.filter(key_areas=area), start, as_of)
        areas.append(Row(area.name, count, last, items))
    columns = []
    rules = {r.template_id: r for r in FreshnessRule.objects.filter(template__in=task.columns.all())}
    for template in task.columns.all():
        column = Column.objects.filter(unit=unit, template=template, is_active=True).first()
        rule = rules.get(template.pk)
        if task.stale_after_days:
            limit, label = (
                as_of - dt.timedelta(days=task.stale_after_days),
                f"{task.stale_after_days}天内须有更新",
            )
        elif rule is not None:
            limit, label = cutoff(rule.category, rule.days, as_of), rule.get_category_display()
        else:
            limit, label = None, ""
        if column is None:
            columns.append(Row(template.name, 0, None, rule=label, missing=True, stale=limit is not None))
            continue
        count, last, items = _summarise(published.filter(columns=column), start, as_of)
        columns.append(Row(column.name, count, last, items, url=column.get_absolute_url(), rule=label,
                           stale=is_stale(last, limit), blank=last is None))  # fmt: skip
    records = findings(unit, {area.code for area in task.key_areas.all()}, start, as_of)
    return {"areas": areas, "columns": columns, "records": records, "as_of": as_of,
            "flags": sum(r.stale or r.blank or r.missing for r in columns) + sum(bool(f.problem) for f in records)}  # fmt: skip


def column_freshness(unit: Organization, as_of: dt.date) -> tuple[int, int, list[str]]:
    """(fresh, required, names of stale columns) over the unit's columns that carry an update requirement."""
    columns = Column.objects.filter(
        unit=unit, is_active=True, template__freshness__isnull=False
    ).select_related("template__freshness")
    lasts = dict(
        _published(unit, as_of).filter(columns__in=columns).values("columns").annotate(last=Max("published_at"))
        .values_list("columns", "last")
    )  # fmt: skip
    stale = []
    for column in columns:
        rule = column.template.freshness
        last = timezone.localtime(lasts[column.pk]).date() if lasts.get(column.pk) else None
        if is_stale(last, cutoff(rule.category, rule.days, as_of)):
            stale.append(column.name)
    required = len(columns)
    return required - len(stale), required, stale
