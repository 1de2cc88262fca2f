"""Progress reports: the unit writes and hands in its report for a period (with its evidence files), the
office accepts or returns it; the ledger and the public task states read from them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.actors import as_user, require

from .. import access, schedule
from ..access import EDITABLE
from ..models import Assignment, PlanTask, ProgressReport, ReportAttachment, ReportStatus, WorkPlan


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
    require(access.may_report(actor, assignment))
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
                milestones=(), is_final: bool = False, submit: bool = False, files=(),
                remove_files=()) -> ProgressReport:  # fmt: skip
    """Write (and with ``submit`` hand in) the unit's report for one period; a returned report is revised
    the same way and goes back to the office. ``files`` are evidence files to add (each checked as a
    published attachment is), ``remove_files`` the report's own evidence files to take away; the audit
    record names both."""
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
        report.submitted_at, report.submitted_by = now, as_user(actor)
        report.first_submitted_on = report.first_submitted_on or timezone.localdate(now)
    elif report.pk is None:
        report.status = ReportStatus.DRAFT
    report.save()
    report.milestones.set(milestones)
    changes: dict = {"period": report.period_label}
    removed = [a for a in remove_files if a.report_id == report.pk]
    if removed:
        changes["files_removed"] = [str(a) for a in removed]
        ReportAttachment.objects.filter(pk__in=[a.pk for a in removed]).delete()
    added = [_store_attachment(report=report, upload=upload) for upload in files]
    if added:
        changes["files_added"] = [str(a) for a in added]
    audit.record(actor=actor, action="supervision.report_submitted" if submit else "supervision.report_saved",
                 obj=report, unit=assignment.unit, changes=changes)  # fmt: skip
    return report


def check_attachment(upload):
    """An evidence file passes the same checks as a published item's attachment (kind, parser, size). Returns
    the file to store: the checked bytes under the uploaded name (a picture re-encoded without EXIF)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import services as publishing

    upload.seek(0)
    kind, data = publishing.check_file(upload.read(), upload.name or "")
    return SimpleUploadedFile(upload.name or f"附件.{kind.extension}", data, content_type=kind.mime)


def _store_attachment(*, report: ProgressReport, upload) -> ReportAttachment:
    checked = check_attachment(upload)
    return ReportAttachment.objects.create(report=report, file=checked, name=(upload.name or "")[:200])


@transaction.atomic
def review_report(*, actor, report: ProgressReport, accept: bool, comment: str = "") -> ProgressReport:
    """The office accepts a submitted report, or returns it with what to change."""
    report = ProgressReport.objects.select_for_update().select_related("assignment__unit").get(pk=report.pk)
    require(access.may_review(actor, report))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("只能审核待审核的进展报送。"))
    if not accept and not (comment or "").strip():
        raise ValidationError({"review_comment": _("退回时请写明需要修改或补充的内容。")})
    report.status = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    report.review_comment = (comment or "").strip()
    report.reviewed_at, report.reviewed_by = timezone.now(), as_user(actor)
    report.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by"])
    if accept and report.is_final:
        Assignment.objects.filter(pk=report.assignment_id).update(completed_on=timezone.localdate())
    audit.record(actor=actor, action="supervision.report_accepted" if accept else "supervision.report_returned",
                 obj=report, unit=report.assignment.unit, changes={"comment": report.review_comment})  # fmt: skip
    return report


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
