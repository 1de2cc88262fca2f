"""Reading the daily aggregates: a site's days, months, years and most viewed pages.

Visitors over a period are the sum of each day's unique visitors: the salt changes every day, so the same
person on two days cannot be recognised (by design), and a month's or a year's "unique" visitors cannot be
counted any other way. This is also what the national website annual report's 独立用户访问总量 means when
visitors are counted daily.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.publishing.models import Column, InformationItem

from .models import DailyPageViews, DailyVisits, Hit, PageKind


@dataclass
class Row:
    day: dt.date
    views: int
    visitors: int


@dataclass
class Top:
    kind: str
    object_id: int
    title: str
    url: str
    unit: str
    views: int
    visitors: int


def days(site, start: dt.date, end: dt.date) -> list[Row]:
    found = DailyVisits.objects.filter(site=site, day__range=(start, end)).order_by("day")
    return [Row(d.day, d.views, d.visitors) for d in found]


def totals(rows: list[Row]) -> dict:
    return {"views": sum(r.views for r in rows), "visitors": sum(r.visitors for r in rows)}


def months(site, start: dt.date | None = None, end: dt.date | None = None) -> list[Row]:
    """One row per month with figures (its first day), oldest first."""
    found = DailyVisits.objects.filter(site=site)
    if start:
        found = found.filter(day__gte=start)
    if end:
        found = found.filter(day__lte=end)
    grouped = (
        found.order_by()
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("month")
    )
    out = []
    for g in grouped:
        month = g["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        out.append(Row(month, g["views"] or 0, g["visitors"] or 0))
    return out


def year(site, year_: int) -> dict:
    """The year's page views and visitors (sum of daily unique visitors)."""
    found = DailyVisits.objects.filter(site=site, day__year=year_).aggregate(
        views=Sum("views"), visitors=Sum("visitors")
    )
    return {"views": found["views"] or 0, "visitors": found["visitors"] or 0}


def today(site) -> dict:
    """Today's hits so far (not yet rolled up)."""
    if getattr(site, "pk", None) is None:
        return {"views": 0, "visitors": 0}
    hits = Hit.objects.filter(site=site, day=timezone.localdate()).order_by()
    return {"views": hits.count(), "visitors": hits.values("visitor").distinct().count()}


def top(site, start: dt.date, end: dt.date, kind: str = PageKind.ITEM, limit: int = 20) -> list[Top]:
    """The most viewed pages of ``kind`` (items or columns; the home page and other pages are one row each)
    between ``start`` and ``end``, with their titles and addresses where they still exist."""
    grouped = list(
        DailyPageViews.objects.filter(site=site, kind=kind, day__range=(start, end))
        .order_by()
        .values("object_id")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("-views", "object_id")[:limit]
    )
    ids = [g["object_id"] for g in grouped]
    names: dict[int, tuple[str, str, str]] = {}
    if kind == PageKind.ITEM:
        for item in InformationItem.objects.filter(pk__in=ids).select_related("unit"):
            names[item.pk] = (item.title, item.get_absolute_url(), item.unit.name)
    elif kind == PageKind.COLUMN:
        for column in Column.objects.filter(pk__in=ids).select_related("unit"):
            names[column.pk] = (column.name, column.get_absolute_url(), column.unit.name)
    out = []
    for g in grouped:
        title, url, unit = names.get(g["object_id"], ("", "", ""))
        if not title:
            title = str(PageKind(kind).label) if kind in (PageKind.HOME, PageKind.OTHER) else _("（已删除）")
        out.append(Top(kind, g["object_id"], title, url, unit, g["views"] or 0, g["visitors"] or 0))
    return out


def popular_items(site, *, count: int, days_back: int = 30, today_: dt.date | None = None) -> list:
    """The site's most viewed published items in the ``days_back`` days before today, most viewed first."""
    end = (today_ or timezone.localdate()) - dt.timedelta(days=1)
    start = end - dt.timedelta(days=days_back - 1)
    grouped = list(
        DailyPageViews.objects.filter(site=site, kind=PageKind.ITEM, day__range=(start, end))
        .order_by()
        .values("object_id")
        .annotate(views=Sum("views"))
        .order_by("-views", "object_id")[: count * 3]  # some may have been withdrawn since
    )
    items = InformationItem.objects.published().filter(
        site.unit_q("unit"), pk__in=[g["object_id"] for g in grouped]
    )
    by_id = {item.pk: item for item in items.select_related("unit")}
    out = []
    for g in grouped:
        item = by_id.get(g["object_id"])
        if item is not None:
            item.recent_views = g["views"]
            out.append(item)
    return out[:count]
