"""Reminders to the units whose progress report is not handed in: a few working days before it is due and
once when it is overdue, each once per period. Reminders are queued as rows and each is claimed by a
conditional update (:mod:`gongkai.core.claims`) before its e-mail goes out, so two runs at once never send
the same reminder twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import access as core_access
from gongkai.core import audit
from gongkai.core import calendar as cal
from gongkai.core.actors import require
from gongkai.core.claims import claim_each
from gongkai.core.roles import Capability
from gongkai.core.tasks import send_mail  # queued for the worker

from .. import schedule
from ..models import Assignment, ProgressReport, Reminder, ReportStatus, WorkPlan

OVERDUE_FOR_DAYS = 31  # an overdue reminder is sent within a month of the due date, not for older periods


def _stage(plan: WorkPlan, period: dict, today: dt.date) -> str | None:
    if period["start"] > today:
        return None
    left, _provisional = cal.working_days_between(today, period["due"])
    stage = "overdue" if today > period["due"] else "due_soon" if left <= plan.remind_days else None
    if stage == "overdue" and (today - period["due"]).days > OVERDUE_FOR_DAYS:
        return None
    return stage


def due_reminders(today: dt.date) -> list[tuple[Assignment, dict, str]]:
    """Each (assignment, period, stage) that should be reminded today and has not been."""
    due = []
    for plan in WorkPlan.objects.filter(year__gte=today.year - 1):
        for period in schedule.plan_periods(plan):
            stage = _stage(plan, period, today)
            if stage is None:
                continue
            done = ProgressReport.objects.filter(
                period_start=period["start"], status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
            ).values("assignment")
            sent = Reminder.objects.filter(
                period_start=period["start"], stage=stage, sent_at__isnull=False
            ).values("assignment")
            waiting = (
                Assignment.objects.filter(task__plan=plan, completed_on__isnull=True)
                .exclude(pk__in=done)
                .exclude(pk__in=sent)
                .select_related("unit", "task")
            )
            due += [(assignment, period, stage) for assignment in waiting]
    return due


def _send(reminder: Reminder, period: dict) -> int:
    assignment = reminder.assignment
    recipients = assignment.unit.staff_emails()
    if recipients:
        what = _("即将到期") if reminder.stage == "due_soon" else _("已逾期")
        send_mail(
            subject=_("【督查考核】%(p)s进展报送%(w)s") % {"p": period["label"], "w": what},
            message=_("“%(t)s”%(p)s的进展应于%(d)s前报送，请登录后台“本单位任务”填报。")
            % {"t": assignment.task.title, "p": period["label"], "d": f"{period['due']:%Y年%m月%d日}"},
            from_email=None,
            recipient_list=recipients,
        )
    return len(recipients)


def iter_reminders(
    *, actor, today: dt.date | None = None, dry_run: bool = False
) -> Iterator[tuple[str, str, str]]:
    """Send each due reminder this run claims, yielding (unit, task, stage) as it goes; with ``dry_run``
    yield what would be sent and write nothing. A scanner runs as ``system("send_supervision_reminders")``."""
    require(core_access.can(actor, Capability.SUPERVISE))
    today = today or timezone.localdate()
    due = due_reminders(today)
    if dry_run:
        for assignment, _period, stage in due:
            yield assignment.unit.name, assignment.task.title, stage
        return
    if not due:
        return
    Reminder.objects.bulk_create(
        [Reminder(assignment=a, period_start=p["start"], stage=s, sent_at=None) for a, p, s in due],
        ignore_conflicts=True,  # queued by a run at the same time: one row, claimed once
    )
    periods = {(a.pk, p["start"], s): p for a, p, s in due}
    groups: dict[tuple, list[int]] = {}
    for assignment_id, start, stage in periods:
        groups.setdefault((start, stage), []).append(assignment_id)
    wanted = reduce(
        or_, (Q(period_start=d, stage=s, assignment_id__in=ids) for (d, s), ids in groups.items())
    )
    candidates = Reminder.objects.filter(wanted, sent_at__isnull=True).select_related(
        "assignment__unit", "assignment__task"
    )
    for reminder in claim_each(candidates, sent_at=timezone.now()):
        period = periods[(reminder.assignment_id, reminder.period_start, reminder.stage)]
        recipients = _send(reminder, period)
        Reminder.objects.filter(pk=reminder.pk).update(recipients=recipients)
        audit.record(actor=actor, action="supervision.reminder_sent", obj=reminder, unit=reminder.assignment.unit,
                     changes={"period": period["label"], "stage": reminder.stage, "recipients": recipients})  # fmt: skip
        yield reminder.assignment.unit.name, reminder.assignment.task.title, reminder.stage


def send_reminders(
    *, actor, today: dt.date | None = None, dry_run: bool = False
) -> list[tuple[str, str, str]]:
    """E-mail each unit's staff a few working days before a report is due and once when it is overdue,
    once each per period. Returns (unit, task, stage) of each reminder sent (or, with ``dry_run``, due)."""
    return list(iter_reminders(actor=actor, today=today, dry_run=dry_run))
