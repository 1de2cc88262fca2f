"""Published annual reports on the public site, with DOCX, PDF, JSON and CSV downloads."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.documents import DocumentUnavailable
from gongkai.sites.scope import elsewhere, scoped

from . import access, outputs, services
from .models import AnnualReport

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", outputs.to_docx),
    "pdf": ("application/pdf", outputs.to_pdf),
    "json": ("application/json; charset=utf-8", outputs.to_json),
    "csv": ("text/csv; charset=utf-8", outputs.to_csv),
}


def _published(unit_id: int, year: int) -> AnnualReport:
    return get_object_or_404(access.published_reports().select_related("unit"), unit_id=unit_id, year=year)


def index(request):
    reports = scoped(request, access.published_reports()).order_by("-year", "unit__path")
    return render(
        request, "reports/index.html", {"reports": reports, "crumbs": [{"label": _("政府信息公开年报")}]}
    )


def report(request, unit_id: int, year: int):
    found = _published(unit_id, year)
    if moved := elsewhere(request, found.unit):
        return moved
    crumbs = [{"label": _("政府信息公开年报"), "url": reverse("reports:index")}, {"label": found.title}]
    return render(
        request,
        "reports/report.html",
        {"report": found, "tables": services.tables_for(found), "crumbs": crumbs},
    )


def download(request, unit_id: int, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    found = _published(unit_id, year)
    if moved := elsewhere(request, found.unit):
        return moved
    mime, render_as = FORMATS[fmt]
    try:
        body = render_as(found, services.tables_for(found))
    except DocumentUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(found.title)}.{fmt}"
    return response
