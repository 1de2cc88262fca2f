"""Workspace pages: 督办考核. The unit's tasks and reports, writing a progress report with its evidence files,
the office's review (accept, or return with what to change), all through ``gongkai.supervision.services``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.supervision import access, evidence, progress, services
from gongkai.supervision.models import ReportStatus
from gongkai.supervision.todo_sources import write_url

from ..auth import staff_view
from ..views import page
from .forms import AssignmentFilter, ReportFilter, ReportForm, ReviewForm, add_service_errors

PAGE_SIZE = 20
REPORT_DONE = {
    ReportStatus.DRAFT: _("已保存草稿，可以继续修改。"),
    ReportStatus.SUBMITTED: _("已提交公开办审核。"),
}


def nav(request) -> dict:
    """What the section's own menu needs: whether the user reviews, and last year (the annual report's)."""
    return {
        "may_review": access.may_supervise_any(request.user),
        "annual_year": timezone.localdate().year - 1,
    }


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@staff_view
def index(request):
    """The tasks of the units the user reaches, where each stands now, and a link to write its report."""
    user, today = request.user, timezone.localdate()
    plans = access.plans_for(user).filter(tasks__assignments__in=access.assignments_for(user)).distinct()
    filters = AssignmentFilter(request.GET or None, plans=plans)
    assignments = (
        access.assignments_for(user).select_related("task__plan", "unit").prefetch_related("reports")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            assignments = assignments.filter(
                Q(task__subtask__icontains=data["q"]) | Q(task__requirement__icontains=data["q"])
                | Q(unit__name__icontains=data["q"])
            )  # fmt: skip
        if data["plan"]:
            assignments = assignments.filter(task__plan=data["plan"])
        if data["state"] == "open":
            assignments = assignments.filter(completed_on__isnull=True)
        elif data["state"] == "done":
            assignments = assignments.filter(completed_on__isnull=False)
    found = _page(
        request, assignments.order_by("-task__plan__year", "task__plan", "task__order", "unit__path")
    )
    periods: dict[int, list[dict]] = {}
    rows = []
    for assignment in found:
        plan = assignment.task.plan
        if plan.pk not in periods:
            periods[plan.pk] = progress.begun_periods(plan, today)
        now = progress.next_to_write(assignment, periods[plan.pk], today)
        may_write = not assignment.completed_on and access.may_report(user, assignment)
        rows.append({"assignment": assignment, "now": now,
                     "write_url": write_url(assignment.pk, now["period"]["start"]) if now and may_write else ""})  # fmt: skip
    return page(
        request,
        "workspace/supervision/index.html",
        {"title": _("督办考核"), "filters": filters, "found": found, "rows": rows, **nav(request)},
        section="supervision",
    )


@staff_view
def reports(request):
    """The progress reports of the units the user reaches; ``?review=1``: those waiting for the user's review."""
    user = request.user
    filters = ReportFilter(request.GET or None)
    to_review = request.GET.get("review") == "1"
    found = access.reports_to_review_for(user) if to_review else access.reports_for(user)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["status"]:
            found = found.filter(status=data["status"])
        if data["q"]:
            found = found.filter(
                Q(assignment__task__subtask__icontains=data["q"]) | Q(assignment__unit__name__icontains=data["q"])
                | Q(summary__icontains=data["q"])
            )  # fmt: skip
    found = found.select_related("assignment__task", "assignment__unit").order_by("-period_start", "-pk")
    return page(
        request,
        "workspace/supervision/reports.html",
        {
            "title": _("待审核的进展报送") if to_review else _("进展报送"),
            "filters": filters,
            "found": _page(request, found),
            "to_review": to_review,
            **nav(request),
        },
        section="supervision",
    )


def _period(request, assignment, periods: list[dict]) -> dt.date | None:
    raw = request.POST.get("period_start") or request.GET.get("period") or ""
    try:
        start = dt.date.fromisoformat(raw)
    except ValueError:
        return periods[-1]["start"] if periods else None
    if not any(p["start"] == start for p in periods):
        raise Http404
    return start


@staff_view
@require_http_methods(["GET", "POST"])
def write(request, pk: int):
    """Write, revise and hand in the unit's report for one period of a task (``?period=YYYY-MM-DD``)."""
    user = request.user
    assignment = access.get_assignment_for_user(user, pk, write=True)
    periods = progress.begun_periods(assignment.task.plan, timezone.localdate())
    start = _period(request, assignment, periods)
    report = (
        access.reports_for(user).filter(assignment=assignment, period_start=start).first() if start else None
    )
    if report is not None and not access.may_edit_report(user, report):
        return redirect("workspace:supervision-report", report.pk)
    if assignment.completed_on and report is None:
        raise Http404
    initial = {"period_start": start.isoformat() if start else None}
    if report is not None:
        initial |= {"summary": report.summary, "evidence_links": report.evidence_links, "is_final": report.is_final,
                    "milestones": list(report.milestones.all())}  # fmt: skip
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data.setdefault("period_start", start.isoformat() if start else "")
    form = ReportForm(
        data, request.FILES or None, initial=initial, user=user, assignment=assignment,
        report=report, periods=periods,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_report(
                actor=user, assignment=assignment, period_start=data["period_start"], summary=data["summary"],
                evidence_links=data.get("evidence_links", ""), milestones=list(data.get("milestones") or []),
                is_final=data.get("is_final", False), submit=request.POST.get("action") == "submit",
                files=data.get("files") or [], remove_files=list(data.get("remove_files") or []),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, REPORT_DONE.get(saved.status, _("已保存。")))
            return redirect("workspace:supervision-report", saved.pk)
    return page(
        request,
        "workspace/supervision/write.html",
        {
            "title": _("填报工作要点进展"),
            "assignment": assignment,
            "report": report,
            "form": form,
            "period": next((p for p in periods if p["start"] == start), None),
            **nav(request),
        },
        section="supervision",
    )


@staff_view
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    """A report as handed in, with what the platform shows the unit published; the office reviews it here."""
    user = request.user
    found = access.get_report_for_user(user, pk)
    may_review = found.status == ReportStatus.SUBMITTED and access.may_review(user, found)
    form = ReviewForm(request.POST or None) if may_review else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.review_report(actor=user, report=found, accept=form.cleaned_data["decision"] == "accept",
                                       comment=form.cleaned_data.get("review_comment", ""))  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("已通过该进展报送。")
                    if form.cleaned_data["decision"] == "accept"
                    else _("已退回，单位修改后重新报送。"),
                )
                return redirect(reverse("workspace:supervision-reports") + "?review=1")
    found_evidence = evidence.for_unit(
        found.assignment.task, found.assignment.unit, found.period_start, found.period_end
    )
    return page(
        request,
        "workspace/supervision/report.html",
        {
            "title": str(found.assignment.task.title),
            "report": found,
            "form": form,
            "evidence": found_evidence,
            "may_edit": access.may_edit_report(user, found),
            "edit_url": write_url(found.assignment_id, found.period_start),
            **nav(request),
        },
        section="supervision",
    )


@staff_view
def attachment(request, pk: int):
    found = access.get_attachment_for_user(request.user, pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name or None)
