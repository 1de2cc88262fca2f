"""Every state change of supervision: assigning units, reporting progress, reviewing, reminding."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access as core_access
from gongkai.core import audit
from gongkai.core import calendar as cal
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from . import schedule
from .models import (
    Assignment,
    PlanTask,
    ProgressReport,
    Reminder,
    ReportAttachment,
    ReportStatus,
    WorkPlan,
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class PeriodState:
    """What a unit's report for one period stands at, as the ledger and the office's overview show it."""

    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    DRAFT = "draft"
    OVERDUE = "overdue"
    OPEN = "open"  # the period has ended or is running, the due date has not passed
    LABELS = {
        ACCEPTED: _("已通过"),
        SUBMITTED: _("待审核"),
        RETURNED: _("已退回，待修改"),
        DRAFT: _("草稿，未报送"),
        OVERDUE: _("逾期未报送"),
        OPEN: _("待报送"),
    }


def period_state(report: ProgressReport | None, due: dt.date, today: dt.date) -> str:
    if report is not None and report.status == ReportStatus.ACCEPTED:
        return PeriodState.ACCEPTED
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return PeriodState.SUBMITTED
    if report is not None and report.status == ReportStatus.RETURNED:
        return PeriodState.RETURNED  # handed in (lateness counts from then); now the unit's turn again
    if today > due:
        return PeriodState.OVERDUE
    return PeriodState.DRAFT if report is not None else PeriodState.OPEN


def _check_period(plan: WorkPlan, start: dt.date) -> dict:
    for period in schedule.plan_periods(plan):
        if period["start"] == start:
            return period
    raise ValidationError({"period_start": _("不是本工作要点的报送周期。")})


def _clean_links(text: str) -> str:
    links = [line.strip() for line in (text or "").splitlines() if line.strip()]
    check = URLValidator(schemes=["http", "https"])
    bad = []
    for link in links:
        try:
            check(link)
        except ValidationError:
            bad.append(link)
    if bad:
        raise ValidationError(
            {
                "evidence_links": _("以下不是有效网址（以 http:// 或 https:// 开头）：%(l)s")
                % {"l": "、".join(bad)}
            }
        )
    return "\n".join(links)


def check_report(*, actor, assignment: Assignment, period_start: dt.date, summary: str, evidence_links: str = "",
                 milestones=(), report: ProgressReport | None = None) -> tuple[dict, str]:  # fmt: skip
    """Everything that must hold before a unit's report is written: returns the period and the cleaned links,
    or raises the errors by field."""
    if not core_access.can(actor, Capability.EDIT_CONTENT, assignment.unit):
        raise PermissionDenied
    if report is not None and report.status not in EDITABLE:
        raise ValidationError(_("本期进展已报送（%(s)s），不能再修改。") % {"s": report.get_status_display()})
    errors = {}
    try:
        period = _check_period(assignment.task.plan, period_start)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not (summary or "").strip():
        errors["summary"] = _("请填写本期进展情况。")
    try:
        links = _clean_links(evidence_links)
    except ValidationError as error:
        errors.update(error.message_dict)
    if any(m.task_id != assignment.task_id for m in milestones):
        errors["milestones"] = _("只能选择本任务的节点。")
    if errors:
        raise ValidationError(errors)
    return period, links


@transaction.atomic
def save_report(*, actor, assignment: Assignment, period_start: dt.date, summary: str, evidence_links: str = "",
                milestones=(), is_final: bool = False, submit: bool = False, files=()) -> ProgressReport:  # fmt: skip
    """Write (and with ``submit`` hand in) the unit's report for one period; a returned report is revised
    the same way and goes back to the office."""
    report = (
        ProgressReport.objects.select_for_update()
        .filter(assignment=assignment, period_start=period_start)
        .first()
    )
    milestones = list(milestones)
    period, links = check_report(actor=actor, assignment=assignment, period_start=period_start, summary=summary,
                                 evidence_links=evidence_links, milestones=milestones, report=report)  # fmt: skip
    report = report or ProgressReport(assignment=assignment, period_start=period_start)
    report.period_end, report.due_on = period["end"], period["due"]
    report.summary, report.evidence_links, report.is_final = summary.strip(), links, is_final
    now = timezone.now()
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by = now, actor
        report.first_submitted_on = report.first_submitted_on or timezone.localdate(now)
    elif report.pk is None:
        report.status = ReportStatus.DRAFT
    report.save()
    report.milestones.set(milestones)
    for upload in files:
        add_attachment(report=report, upload=upload)
    audit.record(actor=actor, action="supervision.report_submitted" if submit else "supervision.report_saved",
                 obj=report, unit=assignment.unit, changes={"period": report.period_label})  # fmt: skip
    return report


def may_review(actor, report: ProgressReport) -> bool:
    """The office of the government that issued the plan reviews; a county's own office does not accept the
    county's report to the city."""
    return core_access.can(actor, Capability.SUPERVISE, report.assignment.task.plan.government)


def check_attachment(upload):
    """An evidence file passes the same checks as a published item's attachment (kind, parser, size). Returns
    the file to store: the checked bytes under the uploaded name (a picture re-encoded without EXIF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import services as publishing

    upload.seek(0)
    kind, data = publishing.check_file(upload.read(), upload.name or "")
    return SimpleUploadedFile(upload.name or f"附件.{kind.extension}", data, content_type=kind.mime)


def add_attachment(*, report: ProgressReport, upload) -> ReportAttachment:
    checked = check_attachment(upload)
    return ReportAttachment.objects.create(report=report, file=checked, name=(upload.name or "")[:200])


@transaction.atomic
def review_report(*, actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    """The office accepts a submitted report, or returns it with what to change."""
    report = ProgressReport.objects.select_for_update().select_related("assignment__unit").get(pk=report.pk)
    if not may_review(actor, report):
        raise PermissionDenied
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("只能审核待审核的进展报送。"))
    if not accept and not (comment or "").strip():
        raise ValidationError({"review_comment": _("退回时请写明需要修改或补充的内容。")})
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_comment = (comment or "").strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), actor
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by"])
    if accept and report.is_final:
        Assignment.objects.filter(pk=report.assignment_id).update(completed_on=timezone.localdate())
    audit.record(actor=actor, action="supervision.report_accepted" if accept else "supervision.report_returned",
                 obj=report, unit=report.assignment.unit, changes={"comment": report.review_comment})  # fmt: skip
    return report


def _supervises(actor, plan: WorkPlan) -> None:
    if not core_access.can(actor, Capability.SUPERVISE, plan.government):
        raise PermissionDenied


@transaction.atomic
def assign(*, actor, task: PlanTask, unit: Organization, role: str = "lead") -> Assignment:
    """Add a unit to a task (for "等有关部门", or a name the import could not match)."""
    _supervises(actor, task.plan)
    if not unit.is_within(task.plan.government):
        raise ValidationError({"unit": _("该单位不属于本工作要点的范围。")})
    assignment, created = Assignment.objects.get_or_create(task=task, unit=unit, defaults={"role": role})
    if created:
        audit.record(actor=actor, action="supervision.assigned", obj=assignment, unit=unit)
    return assignment


@transaction.atomic
def resolve_name(*, actor, plan: WorkPlan, name: str, unit: Organization, remember: bool = True) -> int:
    """A name the import did not match is this unit: assign it wherever the name was written, and (by
    default) keep the name as the unit's alias so the next import matches it. Returns the tasks changed."""
    _supervises(actor, plan)
    changed = 0
    for task in plan.tasks.select_for_update():
        if name in task.unmatched:
            assign(actor=actor, task=task, unit=unit)
            task.unmatched = [n for n in task.unmatched if n != name]
            task.save(update_fields=["unmatched"])
            changed += 1
    if not changed:
        raise ValidationError({"name": _("本工作要点没有待确认的单位“%(n)s”。") % {"n": name}})
    if remember and name not in (unit.aliases or []) and name not in (unit.name, unit.short_name):
        unit.aliases = [*(unit.aliases or []), name]
        unit.save(update_fields=["aliases"])
    audit.record(actor=actor, action="supervision.name_resolved", obj=plan, unit=unit,
                 changes={"name": name, "unit": unit.name, "tasks": changed})  # fmt: skip
    return changed


def task_state(task: PlanTask) -> str:
    """Public status of a task: done when every unit's final report is accepted, under way once any report
    is accepted, not started otherwise."""
    assignments = list(task.assignments.all())
    if assignments and all(a.completed_on for a in assignments):
        return "done"
    accepted = any(r.status == ReportStatus.ACCEPTED for a in assignments for r in a.reports.all())
    return "active" if accepted else "pending"


def latest_accepted(assignment: Assignment) -> ProgressReport | None:
    """The unit's most recent report the office accepted: what the public sees of its progress (reads the
    prefetched reports)."""
    accepted = [r for r in assignment.reports.all() if r.status == ReportStatus.ACCEPTED]
    return max(accepted, key=lambda r: r.period_start, default=None)


TASK_STATE_LABELS = {"done": _("已完成"), "active": _("推进中"), "pending": _("未报送进展")}


def ledger(plan: WorkPlan, units, today: dt.date | None = None) -> list[dict]:
    """Every (task, unit, period) of ``plan`` for ``units`` up to today, with the report and its state: the
    unit's ledger (台账), and the office's overview when ``units`` is every unit."""
    today = today or timezone.localdate()
    periods = [p for p in schedule.plan_periods(plan) if p["start"] <= today]
    assignments = (
        Assignment.objects.filter(task__plan=plan, unit__in=units)
        .select_related("task", "unit")
        .prefetch_related("reports__milestones", "reports__attachments")
        .order_by("unit__path", "task__order")
    )
    rows = []
    for assignment in assignments:
        reports = {r.period_start: r for r in assignment.reports.all()}
        for period in periods:
            report = reports.get(period["start"])
            state = period_state(report, period["due"], today)
            rows.append({"assignment": assignment, "task": assignment.task, "unit": assignment.unit,
                         "period": period, "report": report, "state": state,
                         "state_label": PeriodState.LABELS[state]})  # fmt: skip
    return rows


def send_reminders(*, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """E-mail each unit's staff a few working days before a report is due and once when it is overdue,
    once each per period (the reminders table records what was sent)."""
    from gongkai.core.tasks import send_mail  # queued for the worker

    today = today or timezone.localdate()
    sent = []
    for plan in WorkPlan.objects.filter(year__gte=today.year - 1):
        for period in schedule.plan_periods(plan):
            if period["start"] > today:
                continue
            left, _provisional = cal.working_days_between(today, period["due"])
            stage = "overdue" if today > period["due"] else "due_soon" if left <= plan.remind_days else None
            if stage is None or (stage == "overdue" and (today - period["due"]).days > 31):
                continue
            done = ProgressReport.objects.filter(
                period_start=period["start"], status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
            ).values("assignment")
            waiting = (
                Assignment.objects.filter(task__plan=plan, completed_on__isnull=True)
                .exclude(pk__in=done)
                .exclude(reminders__period_start=period["start"], reminders__stage=stage)
                .select_related("unit", "task")
            )
            for assignment in waiting:
                recipients = list(
                    assignment.unit.staff.filter(is_active=True)
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
                Reminder.objects.create(assignment=assignment, period_start=period["start"], stage=stage,
                                        recipients=len(recipients))  # fmt: skip
                if recipients:
                    what = _("即将到期") if stage == "due_soon" else _("已逾期")
                    send_mail(
                        subject=_("【督查考核】%(p)s进展报送%(w)s") % {"p": period["label"], "w": what},
                        message=_("“%(t)s”%(p)s的进展应于%(d)s前报送，请登录后台“本单位任务”填报。")
                        % {
                            "t": assignment.task.title,
                            "p": period["label"],
                            "d": f"{period['due']:%Y年%m月%d日}",
                        },
                        from_email=None,
                        recipient_list=recipients,
                    )
                sent.append((assignment.unit.name, assignment.task.title, stage))
    return sent
