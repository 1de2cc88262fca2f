"""The website annual report as data: ``GET /api/v1/website-reports/{site_id}/{year}``.

A published report answers anyone with its frozen rows; a draft or reviewed one answers only a staff token
of an openness office that manages the site (the figures computed now); otherwise 404."""

import datetime as dt

from django.http import Http404
from ninja import Path, Router, Schema

from gongkai.core.api import staff_auth
from gongkai.sites.models import Site

from . import access
from .compute import frozen, rows_for
from .models import ReportStatus, WebsiteReport

router = Router(tags=["webreports"])


class WebsiteReportRowOut(Schema):
    key: str
    group: str
    label: str
    value: bool | int | float | str | None
    unit: str
    source: str
    note: str


class WebsiteReportOut(Schema):
    site: str
    site_id: int
    year: int
    status: str
    published_at: dt.datetime | None
    due_on: dt.date
    rows: list[WebsiteReportRowOut]


def _staff_user(request):
    """The staff account behind a Bearer token, if the request carries a valid one (else None)."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return staff_auth.authenticate(request, header.removeprefix("Bearer ").strip())


@router.get(
    "/website-reports/{site_id}/{year}",
    response=WebsiteReportOut,
    summary="政府网站工作年度报表",
)
def website_report(
    request, site_id: int = Path(..., ge=1, le=2**31 - 1), year: int = Path(..., ge=2000, le=2100)
):
    """已发布的报表：各行的指标、数值和单位（发布时冻结）。公开办以接口令牌可查看本网站的草稿（按当前数据计算）。"""
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise Http404
    report = WebsiteReport.objects.filter(site=site, year=year).select_related("site__root").first()
    if report is None:
        raise Http404
    if report.status != ReportStatus.PUBLISHED:
        user = _staff_user(request)
        if user is None or not access.may_manage(user, site):
            raise Http404
    rows = rows_for(report)
    if report.status != ReportStatus.PUBLISHED:
        rows = frozen(rows)
    return {
        "site": site.name,
        "site_id": site.pk,
        "year": report.year,
        "status": report.status,
        "published_at": report.published_at,
        "due_on": report.due_on,
        "rows": rows,
    }
