"""Public pages: the request's site's published website reports, each as a table, XLSX and PDF."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.documents import DocumentUnavailable
from gongkai.sites.scope import site_of_request

from . import outputs
from .compute import rows_for
from .models import ReportStatus, WebsiteReport

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", outputs.to_xlsx),
    "pdf": ("application/pdf", outputs.to_pdf),
}


def _published(request):
    return WebsiteReport.objects.filter(
        site=site_of_request(request), status=ReportStatus.PUBLISHED
    ).select_related("site")


def _found(request, year: int) -> WebsiteReport:
    if not 1 <= year <= 9999:  # beyond any year: no record, not a database overflow
        raise Http404
    report = _published(request).filter(year=year).first()
    if report is None:
        raise Http404
    return report


def index(request):
    return render(
        request,
        "webreports/index.html",
        {
            "reports": _published(request).order_by("-year"),
            "crumbs": [{"label": _("政府网站工作年度报表"), "url": None}],
        },
    )


def report(request, year: int):
    found = _found(request, year)
    return render(
        request,
        "webreports/report.html",
        {
            "report": found,
            "rows": outputs.table(rows_for(found)),
            "crumbs": [
                {"label": _("政府网站工作年度报表"), "url": reverse("webreports:index")},
                {"label": _("%(year)d年") % {"year": found.year}, "url": None},
            ],
        },
    )


def download(request, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    found = _found(request, year)
    mime, render_as = FORMATS[fmt]
    try:
        body = render_as(found, rows_for(found))
    except DocumentUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.title)}.{fmt}"
    return response
