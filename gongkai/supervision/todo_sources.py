"""What the work points give staff to do: progress reports to write for the staff member's own unit (drafts,
returned ones, and periods ended with no report) and, for the office that issued a plan, reports to review.

A period's report is due ``plan.report_due_days`` working days after the period ends (``schedule``). As the
reminders do, reports never written are asked for the plans of this year and last year only; an older gap
is history the assessment has counted. A draft or a returned report is asked for whatever its year.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo

from . import access, schedule
from .models import ProgressReport, ReportStatus, WorkPlan

LIMIT = 200


def write_url(assignment_id: int, period_start: dt.date) -> str:
    return reverse("workspace:supervision-write", args=[assignment_id]) + f"?period={period_start:%Y-%m-%d}"


def own_assignments(user):
    """The open assignments of the user's own unit that the user may report on."""
    if not access.may_report_any(user) or not getattr(user, "unit_id", None):
        return access.assignments_for(None)
    return access.assignments_for(user, write=True).filter(unit_id=user.unit_id)


def _report_row(report: ProgressReport) -> todo.Todo:
    task = report.assignment.task
    returned = report.status == ReportStatus.RETURNED
    return todo.Todo(
        kind="supervision.write",
        title=f"{task.order}. {task.title}（{report.period_label}）",
        url=write_url(report.assignment_id, report.period_start),
        # a returned report's lateness was fixed when it was first handed in: no date to meet any more
        due_on=None if returned else report.due_on,
        unit=report.assignment.unit.name,
        note=(_("公开办退回：%(c)s") % {"c": report.review_comment}) if returned else _("草稿，尚未报送"),
    )


def _to_write(user, today: dt.date) -> list[todo.Todo]:
    own = own_assignments(user)
    waiting = (
        ProgressReport.objects.filter(assignment__in=own, status__in=access.EDITABLE)
        .select_related("assignment__task", "assignment__unit")
        .order_by("due_on", "pk")[:LIMIT]
    )
    rows = [_report_row(report) for report in waiting]
    recent = (
        own.filter(task__plan__year__gte=today.year - 1)
        .select_related("task__plan", "unit")
        .prefetch_related("reports")
        .order_by("task__plan", "task__order")
    )
    periods: dict[int, list[dict]] = {}
    for assignment in recent:
        plan: WorkPlan = assignment.task.plan
        if plan.pk not in periods:
            periods[plan.pk] = schedule.plan_periods(plan)
        written = {r.period_start for r in assignment.reports.all()}
        for period in periods[plan.pk]:
            if period["end"] >= today or period["start"] in written:
                continue  # not over yet, or written (its draft is listed above)
            rows.append(
                todo.Todo(
                    kind="supervision.write",
                    title=f"{assignment.task.order}. {assignment.task.title}（{period['label']}）",
                    url=write_url(assignment.pk, period["start"]),
                    due_on=period["due"],
                    unit=assignment.unit.name,
                    note=_("本期进展未报送"),
                    urgent=period["due"] < today,
                )
            )
    return rows[:LIMIT]


def _to_review(user, today: dt.date) -> list[todo.Todo]:
    reports = (
        access.reports_to_review_for(user)
        .select_related("assignment__task", "assignment__unit")
        .order_by("submitted_at", "pk")[:LIMIT]
    )
    return [
        todo.Todo(
            kind="supervision.review",
            title=f"{report.assignment.task.order}. {report.assignment.task.title}（{report.period_label}）",
            url=reverse("workspace:supervision-report", args=[report.pk]),
            unit=report.assignment.unit.name,
            note=_("%(d)s报送") % {"d": f"{timezone.localtime(report.submitted_at):%Y-%m-%d}"}
            if report.submitted_at
            else "",
        )
        for report in reports
    ]


todo.register("supervision.write", gettext_lazy("待填报的工作要点进展"), _to_write, order=80)
todo.register("supervision.review", gettext_lazy("待审核的工作要点进展"), _to_review, order=81)
