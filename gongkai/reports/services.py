"""Preparing, checking and publishing annual reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import as_user, require, system
from gongkai.core.claims import claim
from gongkai.core.models import Organization, OrgType
from gongkai.core.roles import Capability

from . import checks, compute
from .layout import T2_ROWS
from .models import AnnualReport, ReportReminder, ReportStatus

GOVERNMENT_TYPES = (OrgType.GOVERNMENT, OrgType.COUNTY, OrgType.DEVELOPMENT_ZONE, OrgType.TOWNSHIP)


def deadline(unit: Organization, year: int) -> dt.date:
    """Arts. 49-50: departments publish by 31 January, people's governments by 31 March of the next year."""
    return dt.date(year + 1, 3, 31) if unit.org_type in GOVERNMENT_TYPES else dt.date(year + 1, 1, 31)


def _jsonable(tables: dict) -> dict:
    def convert(value):
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, Decimal):
            return str(value)
        return value

    return convert(tables)


def tables_for(report: AnnualReport) -> dict:
    """The frozen tables of a published report, or today's figures for a draft."""
    if report.status == ReportStatus.PUBLISHED and report.tables:
        return report.tables
    units = compute.units_of(report.unit)
    t2, note = table2(report, units)
    return _jsonable(
        {
            "t2": t2,
            "t2_note": note,
            "t3": compute.table3(units, report.year),
            "t4": compute.table4(units, report.year),
            "fees": compute.fees(units, report.year),
            "proposals": compute.proposals(units, report.year),
        }
    )


def table2(report: AnnualReport, units) -> tuple[dict, str]:
    """Table 2: the decision and fee rows from the registers where the unit keeps them (gongkai.registers),
    the rest as entered by hand; and the note under the table saying which is which."""
    from gongkai.registers.figures import COMPUTED_ROWS, report_figures

    computed = report_figures(units, report.year)
    t2 = {**report.table2_manual, **computed}
    labels = {row: label for _block, row, label, _columns in T2_ROWS}
    from_registers = [labels[row] for row in COMPUTED_ROWS if row in computed]
    by_hand = [labels[row] for row in COMPUTED_ROWS if row not in computed]
    parts = []
    if from_registers:
        parts.append(_("%(rows)s的数据由本平台的台账统计生成") % {"rows": "、".join(from_registers)})
    if by_hand:
        parts.append(
            _("%(rows)s的数据为手工填报（本单位未在平台建立相应台账）") % {"rows": "、".join(by_hand)}
        )
    return t2, _("注：") + "；".join(parts) + "。"


def problems_for(report: AnnualReport) -> list[checks.Problem]:
    from gongkai.policy.services import report_figures
    from gongkai.registers.figures import report_figures as register_figures

    last = AnnualReport.objects.filter(unit=report.unit, year=report.year - 1).first()
    tables = tables_for(report)
    problems = checks.run(tables, tables_for(last) if last else None)
    if report.status != ReportStatus.PUBLISHED:
        units = compute.units_of(report.unit)
        problems += checks.against_register(
            tables["t2"], report_figures(units, report.year), explanation=report.check_explanation
        )
        problems += checks.against_registers(report.table2_manual, register_figures(units, report.year))
    return problems


@transaction.atomic
def start_report(*, actor, unit: Organization, year: int) -> AnnualReport:
    """Open the report of ``year``; last year's narrative is offered as the starting text. A report already
    open is returned as it is (nothing recorded)."""
    require(can(actor, Capability.EDIT_CONTENT, unit))
    existing = AnnualReport.objects.filter(unit=unit, year=year).first()
    if existing:
        return existing
    last = AnnualReport.objects.filter(unit=unit, year=year - 1).first()
    report = AnnualReport.objects.create(
        unit=unit,
        year=year,
        overview=last.overview if last else "",
        problems=last.problems if last else "",
        other_matters=last.other_matters if last else "",
        table2_manual={**(last.table2_manual if last else {}), **_register_rows(unit, year)},
        updated_by=as_user(actor),
    )
    audit.record(actor=actor, action="reports.report.started", obj=report, unit=unit)
    return report


def _register_rows(unit: Organization, year: int) -> dict:
    """Table 2's regulation and normative-document rows as the register counts them, to start from."""
    from gongkai.policy.services import report_figures

    return report_figures(compute.units_of(unit), year)


def _clean_table2(values: dict) -> dict:
    cleaned: dict[str, dict] = {}
    for _block, row, label, columns in T2_ROWS:
        for column, column_label in columns:
            raw = (values.get(row) or {}).get(column)
            if raw in (None, ""):
                continue
            try:
                number = Decimal(str(raw)) if column == "amount_10k_yuan" else int(raw)
            except (ArithmeticError, ValueError) as exc:
                raise ValidationError(
                    {f"{row}.{column}": _("“%(l)s”应填写数字。") % {"l": f"{label}·{column_label}"}}
                ) from exc
            if number < 0:
                raise ValidationError(
                    {f"{row}.{column}": _("“%(l)s”不能为负数。") % {"l": f"{label}·{column_label}"}}
                )
            cleaned.setdefault(row, {})[column] = str(number) if isinstance(number, Decimal) else number
    return cleaned


@transaction.atomic
def update_report(*, actor, report: AnnualReport, **changes) -> AnnualReport:
    """Change a draft's narrative (``overview``, ``problems``, ``other_matters``, ``check_explanation``) and
    its hand-entered table 2 (``table2_manual``); the audit record lists the fields that changed."""
    report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    require(can(actor, Capability.EDIT_CONTENT, report.unit))
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError(_("报告已发布，不能修改。"))
    fields = ["overview", "problems", "other_matters", "check_explanation", "table2_manual"]
    before = audit.snapshot(report, fields)
    for key in fields[:4]:
        if key in changes:
            setattr(report, key, (changes[key] or "").strip())
    if "table2_manual" in changes:
        report.table2_manual = _clean_table2(changes["table2_manual"] or {})
    report.updated_by = as_user(actor)
    report.save()
    audit.record(
        actor=actor,
        action="reports.report.changed",
        obj=report,
        unit=report.unit,
        changes=audit.diff(before, audit.snapshot(report, fields)),
    )
    return report


@transaction.atomic
def publish_report(*, actor, report: AnnualReport, now: dt.datetime | None = None) -> AnnualReport:
    """Freeze the tables and publish the report under the unit's 政府信息公开年报 column."""
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column

    report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    require(can(actor, Capability.REVIEW_CONTENT, report.unit))
    if report.status == ReportStatus.PUBLISHED:
        raise ValidationError(_("报告已发布。"))
    problems = problems_for(report)
    if problems and not report.check_explanation.strip():
        raise ValidationError(
            [_("报告未通过校验，须填写说明后才能发布：")] + [p.message for p in problems], code="checks"
        )
    if not report.overview.strip():
        raise ValidationError({"overview": _("请填写“一、总体情况”。")})
    now = now or timezone.now()
    report.tables = tables_for(report)
    report.status, report.published_at, report.updated_by = ReportStatus.PUBLISHED, now, as_user(actor)
    # The report's column is part of the standard catalog the platform keeps, not the reviewer's to add.
    publishing.ensure_catalog(actor=system("publish_report"), unit=report.unit)
    column = Column.objects.get(unit=report.unit, code="xxgk-annual")
    body = render_to_string(
        "reports/report_body.html", {"report": report, "tables": report.tables, "problems": problems}
    )
    report.item = publishing.import_item(
        actor=actor,
        unit=report.unit,
        published_at=now,
        columns=[column],
        title=report.title,
        summary=_("%(unit)s%(year)s年政府信息公开工作情况，含主动公开、依申请公开、复议诉讼等。")
        % {"unit": report.unit.name, "year": report.year},
        written_on=timezone.localdate(now),
        topic="综合政务",
        genre="报告",
        keywords=f"政府信息公开 年度报告 {report.year}",
        body=body,
    )
    report.save()
    audit.record(
        actor=actor,
        action="reports.report.published",
        obj=report,
        unit=report.unit,
        changes={"problems": [None, [p.code for p in problems]]},
    )
    return report


def reminder_stage(unit: Organization, year: int, today: dt.date) -> str | None:
    """Which reminder is due today for ``year``'s report: from the first working day of January ("start"),
    then 10, 5 and 1 working days before the statutory date, and "overdue" from the day after it."""
    from gongkai.core import calendar as cal

    due = deadline(unit, year)
    if today < dt.date(year + 1, 1, 1):
        return None
    if today > due:
        return "overdue"
    left, _provisional = cal.working_days_between(today, due)
    for stage, threshold in (("1wd", 1), ("5wd", 5), ("10wd", 10)):
        if left <= threshold:
            return stage
    return "start"


def due_report_reminders(*, today: dt.date) -> list[tuple[Organization, int, str]]:
    """(unit, year, stage) of every reminder due today and not sent yet: units (but townships) whose report
    for last year is not published (reads only; see :func:`send_report_reminder`)."""
    year = today.year - 1
    published = AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values("unit")
    sent = set(
        ReportReminder.objects.filter(year=year, sent_at__isnull=False).values_list("unit_id", "stage")
    )
    due = []
    for unit in (
        Organization.objects.active()
        .exclude(org_type=OrgType.TOWNSHIP)
        .exclude(pk__in=published)
        .order_by("path")
    ):
        stage = reminder_stage(unit, year, today)
        if stage is not None and (unit.pk, stage) not in sent:
            due.append((unit, year, stage))
    return due


def send_report_reminder(*, actor, unit: Organization, year: int, stage: str) -> bool:
    """Claim the reminder (its row is written when due and taken by a conditional update of ``sent_at``),
    record it and e-mail the unit's staff. False if another run took it first."""
    require(can(actor, Capability.SUPERVISE, unit))
    with transaction.atomic():
        ReportReminder.objects.bulk_create(
            [ReportReminder(unit=unit, year=year, stage=stage)], ignore_conflicts=True
        )
        row = ReportReminder.objects.get(unit=unit, year=year, stage=stage)
        if not claim(ReportReminder.objects.filter(sent_at=None), row.pk, sent_at=timezone.now()):
            return False
        audit.record(
            actor=actor,
            action="reports.reminder.sent",
            obj=row,
            unit=unit,
            object_repr=f"{unit.name}{year}年度报告提醒（{stage}）",
            changes={"stage": [None, stage]},
        )
    recipients = unit.staff_emails()
    if recipients:
        from gongkai.core.tasks import send_mail  # queued for the worker

        due = deadline(unit, year)
        overdue = stage == "overdue"
        send_mail(
            subject=f"【年度报告】{unit.name}{year}年政府信息公开工作年度报告"
            + ("已逾期" if overdue else f"应于{due:%Y年%m月%d日}前发布"),
            message=(
                f"依照《中华人民共和国政府信息公开条例》第四十九条、第五十条，{unit.name}应于{due:%Y年%m月%d日}前"
                f"公布{year}年政府信息公开工作年度报告。" + ("该期限已过，请尽快发布。" if overdue else "")
            ),
            from_email=None,
            recipient_list=recipients,
        )
    return True


def send_report_reminders(
    *, actor, today: dt.date | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """E-mail the staff of every unit whose report for last year is not published yet, each stage once,
    even when two runs overlap. Returns (unit name, stage) of each reminder sent, or with ``dry_run`` of
    each that would be sent (nothing is written)."""
    require(can(actor, Capability.SUPERVISE))
    sent = []
    for unit, year, stage in due_report_reminders(today=today or timezone.localdate()):
        if dry_run or send_report_reminder(actor=actor, unit=unit, year=year, stage=stage):
            sent.append((unit.name, stage))
    return sent
