"""Public pages of 数据发布: the datasets of the site's units, a dataset's latest table with its chart and
past releases, one release, its downloads (CSV, XLSX) and the RSS feeds of releases."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import tables as downloads
from gongkai.sites.scope import elsewhere, scoped

from . import chart, schedule
from .models import ColumnType, Dataset, Release

FEED_SIZE = 30


def _crumbs(*more) -> list[dict]:
    return [{"label": _("数据发布"), "url": reverse("datasets:index")}, *more]


def index(request):
    datasets = list(scoped(request, Dataset.objects.public(), "unit"))
    states = schedule.states(datasets)
    return render(
        request,
        "datasets/index.html",
        {"rows": [states[d.pk] for d in datasets], "crumbs": [{"label": _("数据发布"), "url": None}]},
    )


def _dataset(request, pk: int):
    dataset = get_object_or_404(Dataset.objects.public(), pk=pk)
    return dataset, elsewhere(request, dataset.unit)


def _table_context(dataset: Dataset, release: Release) -> dict:
    release.dataset = dataset
    columns = release.columns
    return {
        "release": release,
        "headings": list(zip(release.column_headings(), columns, strict=True)),
        "table_rows": [list(zip(release.column_headings(), row, strict=False)) for row in release.rows],
        "chart": chart.build(columns, release.rows, dataset.label_column, dataset.value_column,
                             dataset.lower_is_better),
    }  # fmt: skip


def detail(request, pk: int):
    dataset, moved = _dataset(request, pk)
    if moved:
        return moved
    releases = list(dataset.releases.newest_first().defer("rows", "columns"))
    calendar = schedule.calendar_for([dataset], timezone.localdate())
    state = schedule.states([dataset], calendar=calendar)[dataset.pk]
    context = {"dataset": dataset, "releases": releases, "state": state,
               "crumbs": _crumbs({"label": dataset.title, "url": None})}  # fmt: skip
    if releases:
        context.update(_table_context(dataset, Release.objects.get(pk=releases[0].pk)))
    for release in releases:
        release.dataset = dataset
        release.due_on = schedule.due(dataset, dataset.period(release.period), calendar)
        release.on_time = timezone.localdate(release.published_at) <= release.due_on
    return render(request, "datasets/detail.html", context)


def _release(dataset: Dataset, period: str) -> Release:
    release = Release.objects.filter(dataset=dataset, period=period[:10]).first()
    if release is None:
        raise Http404
    release.dataset = dataset
    return release


def release(request, pk: int, period: str):
    dataset, moved = _dataset(request, pk)
    if moved:
        return moved
    found = _release(dataset, period)
    context = {"dataset": dataset, "corrections": list(found.corrections.all()),
               "crumbs": _crumbs({"label": dataset.title, "url": dataset.get_absolute_url()},
                                 {"label": found.period_label, "url": None})}  # fmt: skip
    context.update(_table_context(dataset, found))
    return render(request, "datasets/release.html", context)


def _cell(value: str, kind: str):
    if kind == ColumnType.NUMBER and value != "":
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def download(request, pk: int, period: str, fmt: str):
    dataset, moved = _dataset(request, pk)
    if moved:
        return moved
    found = _release(dataset, period)
    kinds = [c["type"] for c in found.columns]
    rows = (
        found.rows
        if fmt == "csv"
        else [[_cell(v, k) for v, k in zip(row, kinds, strict=False)] for row in found.rows]
    )
    return downloads.download(
        found.column_headings(), rows, fmt=fmt, filename=f"{dataset.title}-{found.period}", sheet=found.period
    )


class _Moved(Exception):
    def __init__(self, response):
        self.response = response


class AllReleasesRss(Feed):
    """The latest releases of every dataset of the site's units."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _Moved as moved:
            return moved.response

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self, obj):
        return _("数据发布")

    def link(self, obj):
        return reverse("datasets:index")

    def description(self, obj):
        return _("各单位定期发布的统计数据")

    def items(self, request):
        return scoped(request, Release.objects.public(), "dataset__unit").order_by("-published_at", "-pk")[
            :FEED_SIZE
        ]

    def item_title(self, item):
        return f"{item.dataset.title}（{item.period_label}）"

    def item_description(self, item):
        return item.note or _("%(unit)s发布%(p)s数据，共%(n)d行。") % {
            "unit": item.dataset.unit.name, "p": item.period_label, "n": len(item.rows),
        }  # fmt: skip

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.dataset.unit.name


class DatasetRss(AllReleasesRss):
    def get_object(self, request, pk):
        dataset = get_object_or_404(Dataset.objects.public(), pk=pk)
        if moved := elsewhere(request, dataset.unit):
            raise _Moved(moved)
        return dataset

    def title(self, dataset):
        return f"{dataset.unit.name} · {dataset.title}"

    def link(self, dataset):
        return dataset.get_absolute_url()

    def description(self, dataset):
        return dataset.description or dataset.due_rule

    def items(self, dataset):
        found = list(dataset.releases.newest_first()[:FEED_SIZE])
        for item in found:
            item.dataset = dataset
        return found
