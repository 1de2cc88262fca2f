"""Visit statistics for staff (GET /api/v1/staff/visits…): a site's daily page views and visitors over a
date range with totals, and its most viewed items or columns. An openness office sees the sites in its
subtree (``access``); visitors over several days are the sum of each day's unique visitors."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from gongkai.core.api import staff_auth

from . import access, periods, queries
from .models import PageKind

router = Router(tags=["visits"])


class VisitsFilters(Schema):
    site: int | None = Field(None, ge=1, description="网站编号；不填为本人可查看的第一个网站")
    start: dt.date | None = Field(None, description="开始日期（含），默认前一日往前30天")
    end: dt.date | None = Field(None, description="结束日期（含），默认前一日")


class VisitsTopFilters(VisitsFilters):
    kind: PageKind = Field(PageKind.ITEM, description="item（信息）或 column（栏目）等页面类型")
    limit: int = Field(20, ge=1, le=100)


class VisitsDayOut(Schema):
    day: dt.date
    views: int
    visitors: int


class VisitsTotalsOut(Schema):
    views: int
    visitors: int = Field(..., description="各日独立访客数之和")


class VisitsReportOut(Schema):
    site: int
    site_name: str
    start: dt.date
    end: dt.date
    days: list[VisitsDayOut]
    totals: VisitsTotalsOut


class VisitsTopOut(Schema):
    kind: str
    object_id: int
    title: str
    url: str
    unit: str
    views: int
    visitors: int


def _site_and_range(user, filters: VisitsFilters):
    if not access.may_view(user):
        raise PermissionDenied
    site = access.get_site_for_user(user, filters.site)
    start, end = periods.checked_range(filters.start, filters.end)
    return site, start, end


@router.get(
    "/staff/visits", response=VisitsReportOut, auth=staff_auth, summary="访问统计：每日浏览量和访客数"
)
def visits(request, filters: VisitsFilters = Query(...)):
    site, start, end = _site_and_range(request.auth, filters)
    rows = queries.days(site, start, end)
    return {
        "site": site.pk, "site_name": site.name, "start": start, "end": end,
        "days": [vars(r) for r in rows], "totals": queries.totals(rows),
    }  # fmt: skip


@router.get(
    "/staff/visits/top",
    response=list[VisitsTopOut],
    auth=staff_auth,
    summary="访问统计：浏览量最高的信息或栏目",
)
def top(request, filters: VisitsTopFilters = Query(...)):
    site, start, end = _site_and_range(request.auth, filters)
    return [vars(t) for t in queries.top(site, start, end, filters.kind, filters.limit)]
