"""Demo data of 访问统计 (`gongkai load_demo`): daily aggregates for every demo site from 1 January 2025 to
yesterday (plausible, deterministic: each day's numbers come from the site's name and the date), and for the
last 60 days the views of the home page, the site government's columns and a dozen of its items, so the
website annual report, the 热门信息 block, the workspace page and the public notice have figures. Idempotent:
a day already there is left as it is."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from gongkai.publishing.models import Column, InformationItem
from gongkai.sites.models import Site

from .models import DailyPageViews, DailyVisits, PageKind

FIRST_DAY = dt.date(2025, 1, 1)
PAGE_DAYS = 60
ITEMS = 12
COLUMNS = 6


def _day_numbers(site: Site, day: dt.date, scale: float) -> tuple[int, int]:
    rng = random.Random(f"{site.root.name}|{day.isoformat()}")  # noqa: S311 - plausible demo numbers
    base = 2600 * scale * (1 + 0.25 * (day - FIRST_DAY).days / 365)  # a quarter more each year
    if day.weekday() >= 5:
        base *= 0.45
    views = int(base * rng.uniform(0.8, 1.25))
    visitors = int(views * rng.uniform(0.32, 0.45))
    return views, visitors


def _pages(site: Site, day: dt.date, views: int, items: list, columns: list) -> list[DailyPageViews]:
    rng = random.Random(f"{site.root.name}|pages|{day.isoformat()}")  # noqa: S311
    rows = []

    def add(kind, object_id, count):
        count = max(0, int(count))
        if count:
            visitors = max(1, int(count * rng.uniform(0.6, 0.85)))
            rows.append(DailyPageViews(site=site, day=day, kind=kind, object_id=object_id, views=count,
                                       visitors=visitors))  # fmt: skip

    left = views
    home = int(views * rng.uniform(0.22, 0.3))
    add(PageKind.HOME, 0, home)
    left -= home
    for rank, column in enumerate(columns):
        count = views * 0.05 / (rank + 1) * rng.uniform(0.8, 1.2)
        add(PageKind.COLUMN, column.pk, count)
        left -= max(0, int(count))
    for rank, item in enumerate(items):
        count = views * 0.08 / (rank + 1) * rng.uniform(0.7, 1.3)
        add(PageKind.ITEM, item.pk, count)
        left -= max(0, int(count))
    add(PageKind.OTHER, 0, left)
    return rows


def load(report=None) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for site in Site.objects.filter(is_active=True).select_related("root").order_by("root__path"):
        scale = 1.0 if site.is_default else 0.3
        have = set(DailyVisits.objects.filter(site=site).values_list("day", flat=True))
        daily = []
        day = FIRST_DAY
        while day <= yesterday:
            if day not in have:
                views, visitors = _day_numbers(site, day, scale)
                daily.append(DailyVisits(site=site, day=day, views=views, visitors=visitors))
            day += dt.timedelta(days=1)
        DailyVisits.objects.bulk_create(daily, batch_size=500, ignore_conflicts=True)

        items = list(
            InformationItem.objects.published()
            .filter(site.unit_q("unit"))
            .order_by("-published_at", "pk")[:ITEMS]
        )
        columns = list(
            Column.objects.filter(unit=site.root, is_active=True).order_by("sort_order", "pk")[:COLUMNS]
        )
        have_pages = set(DailyPageViews.objects.filter(site=site).values_list("day", flat=True).distinct())
        first_page_day = yesterday - dt.timedelta(days=PAGE_DAYS - 1)
        day_views = dict(
            DailyVisits.objects.filter(site=site, day__gte=first_page_day).values_list("day", "views")
        )
        pages = []
        for back in range(PAGE_DAYS, 0, -1):
            day = yesterday - dt.timedelta(days=back - 1)
            if day < FIRST_DAY or day in have_pages:
                continue
            pages.extend(_pages(site, day, day_views.get(day, 0), items, columns))
        DailyPageViews.objects.bulk_create(pages, batch_size=500, ignore_conflicts=True)
