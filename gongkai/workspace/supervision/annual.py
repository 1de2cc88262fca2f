"""Workspace page: a unit's annual report (政府信息公开工作年度报告) for one year: where it stands against its
statutory date, the checks it fails, and the next step (start it, edit it in the report screen, preview it,
publish it), through ``gongkai.reports.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core.roles import Capability
from gongkai.reports import access, services
from gongkai.reports.forms import ReportEditForm
from gongkai.reports.models import ReportStatus

from ..auth import staff_view
from ..views import page
from .views import nav


def _found(request, unit_id: int, year: int):
    today = timezone.localdate()
    if not 2000 <= year < today.year + 1:
        raise Http404
    unit = core_access.get_organization_for_user(request.user, unit_id)
    return unit, access.reports_for(request.user).filter(unit=unit, year=year).first()


@staff_view
@require_http_methods(["GET", "POST"])
def annual(request, unit_id: int, year: int):
    user = request.user
    unit, report = _found(request, unit_id, year)
    may_edit = core_access.can(user, Capability.EDIT_CONTENT, unit)
    may_publish = core_access.can(user, Capability.REVIEW_CONTENT, unit)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start" and report is None:
                if not may_edit:
                    raise PermissionDenied
                report = services.start_report(actor=user, unit=unit, year=year)
                messages.success(request, _("已开始编写，上一年度的文字已作为起点填入。"))
                return redirect("workspace:supervision-annual-edit", unit.pk, year)
            if action == "publish" and report is not None:
                report = access.get_report_for_user(user, report.pk, write=True)
                if not may_publish:
                    raise PermissionDenied
                services.publish_report(actor=user, report=report)
                messages.success(request, _("年度报告已发布。"))
                return redirect("workspace:supervision-annual", unit.pk, year)
            raise Http404
        except ValidationError as error:
            errors = error.messages
    due = services.deadline(unit, year)
    today = timezone.localdate()
    draft = report is not None and report.status == ReportStatus.DRAFT
    return page(
        request,
        "workspace/supervision/annual.html",
        {
            "title": _("%(unit)s%(year)s年政府信息公开工作年度报告") % {"unit": unit.name, "year": year},
            "unit": unit,
            "year": year,
            "report": report,
            "due": due,
            "left": cal.working_days_left(today, [due])[due],
            "late": today > due,
            "problems": services.problems_for(report) if draft else [],
            "errors": errors,
            "may_edit": may_edit and (report is None or draft),
            "may_publish": may_publish and draft,
            "article": _("第五十条") if unit.org_type in services.GOVERNMENT_TYPES else _("第四十九条"),
            **nav(request),
        },
        section="supervision",
    )


@staff_view
def annual_preview(request, unit_id: int, year: int):
    """The draft as it will read once published (the same body the publication writes)."""
    unit, report = _found(request, unit_id, year)
    if report is None:
        raise Http404
    return page(
        request,
        "workspace/supervision/annual_preview.html",
        {
            "title": report.title,
            "unit": unit,
            "year": year,
            "report": report,
            "tables": services.tables_for(report),
            **nav(request),
        },
        section="supervision",
    )


@staff_view
@require_http_methods(["GET", "POST"])
def annual_edit(request, unit_id: int, year: int):
    """The draft's narrative sections, table 2 by hand and the explanation of failed checks, saved through
    ``services.update_report``; the computed tables are shown by the preview."""
    unit, report = _found(request, unit_id, year)
    if report is None:
        raise Http404
    if report.status != ReportStatus.DRAFT or not core_access.can(
        request.user, Capability.EDIT_CONTENT, unit
    ):
        raise PermissionDenied
    form = ReportEditForm(request.POST if request.method == "POST" else None, report=report)
    if request.method == "POST" and form.is_valid():
        report = access.get_report_for_user(request.user, report.pk, write=True)
        try:
            services.update_report(actor=request.user, report=report, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("年度报告已保存。"))
            return redirect("workspace:supervision-annual", unit.pk, year)
    response = page(
        request,
        "workspace/supervision/annual_edit.html",
        {
            "title": _("编辑：%(title)s") % {"title": report.title},
            "unit": unit,
            "year": year,
            "report": report,
            "form": form,
            "problems": services.problems_for(report),
            **nav(request),
        },
        section="supervision",
    )
    if form.errors:
        response.status_code = 400
    return response
