"""Every permission-checked fetch of supervision records, on top of :mod:`gongkai.core.access`.

Reach follows the unit a record belongs to: a plan, its tasks and an assessment scheme belong to the
government that issued them (the office of that government supervises them); an assignment, its reports
and their evidence files belong to the responsible unit. A record outside the user's reach answers 404
(``Http404``); a record within reach that the user's role may not work on answers 403 (``PermissionDenied``).
``<nouns>_for(user)`` gives the querysets; ``get_<noun>_for_user(user, pk, *, write=False)`` one record.
A system actor (a scheduled job) reaches everything, ``None`` nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.roles import Capability

from .models import (
    AssessmentScheme,
    Assignment,
    Indicator,
    Method,
    Milestone,
    PlanTask,
    ProgressReport,
    ReportAttachment,
    ReportStatus,
    Score,
    WorkPlan,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# Rights on one record (the services ask these too) -------------------------------------------------


def may_supervise(user, plan: WorkPlan) -> bool:
    """The office of the government that issued the plan works on it (its tasks, names, reviews)."""
    return core_access.can(user, Capability.SUPERVISE, plan.government)


def may_report(user, assignment: Assignment) -> bool:
    """The responsible unit's own staff write its progress reports."""
    return core_access.can(user, Capability.EDIT_CONTENT, assignment.unit)


def may_edit_report(user, report: ProgressReport) -> bool:
    """A report is the unit's to change while it is a draft or returned."""
    return report.status in EDITABLE and may_report(user, report.assignment)


def may_review(user, report: ProgressReport) -> bool:
    """The office of the government that issued the plan reviews; a county's own office does not accept the
    county's report to the city."""
    return may_supervise(user, report.assignment.task.plan)


def may_score(user, scheme: AssessmentScheme) -> bool:
    return core_access.can(user, Capability.SUPERVISE, scheme.owner)


# Published plans (the public pages and the public API) --------------------------------------------


def published_plans() -> QuerySet[WorkPlan]:
    return WorkPlan.objects.public()


def get_published_plan(pk: int) -> WorkPlan:
    plan = published_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


# Plans and tasks --------------------------------------------------------------------------------------


def plans_for(user) -> QuerySet[WorkPlan]:
    """Plans issued by a government the user reaches."""
    return WorkPlan.objects.filter(government__in=core_access.units_for(user))


def get_plan_for_user(user, pk: int, *, write: bool = False) -> WorkPlan:
    """``write``: the office's own work on the plan (changing it, resolving names, its overview and
    progress table), which needs SUPERVISE over the issuing government."""
    plan = plans_for(user).select_related("government").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if write and not may_supervise(user, plan):
        raise PermissionDenied
    return plan


def tasks_for(user) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan__government__in=core_access.units_for(user))


def get_task_for_user(user, pk: int, *, write: bool = False) -> PlanTask:
    task = tasks_for(user).select_related("plan__government").filter(pk=pk).first()
    if task is None:
        raise Http404
    if write and not may_supervise(user, task.plan):
        raise PermissionDenied
    return task


def milestones_for(user) -> QuerySet[Milestone]:
    """Milestones of the tasks the user's units are assigned (what a report may tick)."""
    return Milestone.objects.filter(task__assignments__unit__in=core_access.units_for(user)).distinct()


# Assignments, reports, evidence files -------------------------------------------------------------------


def assignments_for(user, *, write: bool = False) -> QuerySet[Assignment]:
    """The assignments of the units the user reaches; with ``write``, only the open ones of units whose
    progress the user may report."""
    units = core_access.units_for(user)
    if write:
        units = [unit.pk for unit in units if core_access.can(user, Capability.EDIT_CONTENT, unit)]
        return Assignment.objects.filter(unit__in=units, completed_on__isnull=True)
    return Assignment.objects.filter(unit__in=units)


def get_assignment_for_user(user, pk: int, *, write: bool = False) -> Assignment:
    assignment = assignments_for(user).select_related("task__plan", "unit").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    if write and not may_report(user, assignment):
        raise PermissionDenied
    return assignment


def reports_for(user) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(assignment__unit__in=core_access.units_for(user))


def get_report_for_user(user, pk: int, *, write: bool = False) -> ProgressReport:
    """``write``: the unit changing its report (a draft or a returned one)."""
    report = (
        reports_for(user).select_related("assignment__task__plan", "assignment__unit").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    if write and not may_edit_report(user, report):
        raise PermissionDenied
    return report


def reports_to_review_for(user) -> QuerySet[ProgressReport]:
    """Handed-in reports of the plans whose issuing government the user supervises (its office's queue)."""
    if not may_supervise_any(user):
        return ProgressReport.objects.none()
    plans = [plan.pk for plan in plans_for(user).select_related("government") if may_supervise(user, plan)]
    return reports_for(user).filter(status=ReportStatus.SUBMITTED, assignment__task__plan__in=plans)


def attachments_for(user) -> QuerySet[ReportAttachment]:
    return ReportAttachment.objects.filter(report__assignment__unit__in=core_access.units_for(user))


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> ReportAttachment:
    attachment = attachments_for(user).select_related("report__assignment__unit").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    if write and not may_edit_report(user, attachment.report):
        raise PermissionDenied
    return attachment


# Assessment -----------------------------------------------------------------------------------------------


def schemes_for(user) -> QuerySet[AssessmentScheme]:
    return AssessmentScheme.objects.filter(owner__in=core_access.units_for(user))


def get_scheme_for_user(user, pk: int, *, write: bool = False) -> AssessmentScheme:
    """Scores are the office's until it publishes them elsewhere: reading a scheme's results needs the
    right to score it, as changing it does (``write`` is kept for the common signature)."""
    scheme = schemes_for(user).select_related("owner").filter(pk=pk).first()
    if scheme is None:
        raise Http404
    if not may_score(user, scheme):
        raise PermissionDenied
    return scheme


def manual_indicators_for(user) -> QuerySet[Indicator]:
    """The indicators the office scores by hand, of the schemes the user reaches."""
    return Indicator.objects.filter(method=Method.MANUAL, scheme__in=schemes_for(user))


def scores_for(user) -> QuerySet[Score]:
    return Score.objects.filter(indicator__scheme__in=schemes_for(user))


def get_score_for_user(user, pk: int, *, write: bool = False) -> Score:
    score = scores_for(user).select_related("indicator__scheme__owner", "unit").filter(pk=pk).first()
    if score is None:
        raise Http404
    if write and not may_score(user, score.indicator.scheme):
        raise PermissionDenied
    return score


# Rights on a kind of record (the screens ask these before any record is chosen) -----------------------


def may_supervise_any(user) -> bool:
    """The user is an office (公开办) that supervises some government: it imports plans, scores schemes."""
    return core_access.can(user, Capability.SUPERVISE)


def may_report_any(user) -> bool:
    """The user may write progress reports for its unit's tasks."""
    return core_access.can(user, Capability.EDIT_CONTENT)
