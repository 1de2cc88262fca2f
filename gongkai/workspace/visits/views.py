"""Workspace pages: 访问统计. An openness office picks one of its sites and a date range and sees the totals,
the months, the days, today's count so far and the most viewed columns and items; the days download as CSV
or XLSX. Read only: the statistics are written by the beacon and the nightly roll-up."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.core import tables
from gongkai.visits import access, periods, queries
from gongkai.visits.models import PageKind

from ..auth import staff_view
from ..views import page
from .forms import VisitsFilterForm

SECTION = "visits"
TOP = 20


def _filters(request):
    if not access.may_view(request.user):
        raise PermissionDenied
    sites = access.sites_for(request.user)
    start, end = periods.default_range()
    data = request.GET.copy()
    data.setdefault("site", str(sites.first().pk) if sites.exists() else "")
    if not data.get("start") and not data.get("end"):
        data["start"], data["end"] = start.isoformat(), end.isoformat()
    form = VisitsFilterForm(data, sites=sites)
    return form, sites


@staff_view
def index(request):
    form, sites = _filters(request)
    context = {"title": _("访问统计"), "form": form, "has_sites": sites.exists()}
    if sites.exists() and form.is_valid():
        site, start, end = form.cleaned_data["site"], form.cleaned_data["start"], form.cleaned_data["end"]
        days = queries.days(site, start, end)
        context.update(
            site=site, start=start, end=end, days=days, totals=queries.totals(days),
            months=queries.months(site, start, end), today=queries.today(site),
            top_items=queries.top(site, start, end, PageKind.ITEM, TOP),
            top_columns=queries.top(site, start, end, PageKind.COLUMN, TOP),
            home=queries.top(site, start, end, PageKind.HOME, 1),
            query=request.GET.urlencode(),
        )  # fmt: skip
    return page(request, "workspace/visits/index.html", context, section=SECTION)


@staff_view
def download(request, fmt: str):
    """The days of the chosen range: 日期, 浏览量, 访客数, and a total row."""
    form, sites = _filters(request)
    if not sites.exists() or not form.is_valid():
        return index(request)
    site, start, end = form.cleaned_data["site"], form.cleaned_data["start"], form.cleaned_data["end"]
    days = queries.days(site, start, end)
    totals = queries.totals(days)
    rows = [[d.day.isoformat(), d.views, d.visitors] for d in days]
    rows.append([_("合计"), totals["views"], totals["visitors"]])
    return tables.download(
        [_("日期"), _("浏览量"), _("访客数")], rows, fmt=fmt,
        filename=f"{site.name}-访问统计-{start.isoformat()}-{end.isoformat()}", sheet=_("访问统计"),
    )  # fmt: skip
