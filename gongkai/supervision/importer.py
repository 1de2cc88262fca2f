"""Turning a read task table into a work plan: sections, tasks, the units assigned, key areas guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.models import Organization, OrgType
from gongkai.publishing.models import ColumnTemplate, KeyArea

from . import units as unit_cells
from .annex import Table
from .models import Assignment, PlanSection, PlanTask, WorkPlan


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _share(area: KeyArea, text: str) -> float:
    wanted = _bigrams(area.name)
    return len(wanted & _bigrams(text)) / len(wanted) if wanted else 0.0


def guess_key_areas(areas: list[KeyArea], section: str, subtask: str, requirement: str) -> list[KeyArea]:
    """The key areas a row is about: those of its section whose name the sub-task and requirement share at
    least half of (by character pairs); when several qualify, those the requirement itself shares at least
    half of ("推进教育和医疗健康领域信息公开" is about 教育 in one row, 医疗卫生 in the next), then the best
    sharing; when none qualifies, the best-sharing area of the section (a row naming no sub-task)."""
    candidates = [a for a in areas if a.group == section] or areas
    both = f"{subtask} {requirement}"
    chosen = [a for a in candidates if _share(a, both) >= 0.5]
    if len(chosen) > 1:
        chosen = [a for a in chosen if _share(a, requirement) >= 0.5] or chosen
        top = max(_share(a, both) for a in chosen)
        chosen = [a for a in chosen if _share(a, both) == top]
    if not chosen:
        best = max(candidates, key=lambda a: _share(a, both), default=None)
        chosen = [best] if best is not None and _share(best, both) > 0 else []
    return chosen


@dataclass
class ImportReport:
    plan: WorkPlan
    tasks: int = 0
    assignments: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (task order, name as written)
    open_ended: list[int] = field(default_factory=list)


def government_of(name: str) -> Organization | None:
    """The government a plan belongs to, from its issuer ("临沂市人民政府办公室" issues for the city)."""
    unit = (
        Organization.objects.filter(name=name).first() or Organization.objects.filter(short_name=name).first()
    )
    if unit is not None and unit.org_type == OrgType.GENERAL_OFFICE and unit.parent_id:
        return unit.parent
    return unit


@transaction.atomic
def import_plan(*, actor, table: Table, government: Organization | None = None, title: str = "",
                year: int | None = None, doc_number: str = "", issued_on: dt.date | None = None,
                schedule: str = "") -> ImportReport:  # fmt: skip
    """Create the plan and every task of ``table``; all or nothing."""
    government = government or (government_of(table.issuer_name) if table.issuer_name else None)
    title = title or table.title
    issued_on = issued_on or table.issued_on
    year = year or table.year or (issued_on.year if issued_on else None)
    doc_number = doc_number or table.doc_number
    problems = {}
    if government is None:
        problems["government"] = _("请指定印发政府（机构名称）。")
    if not title:
        problems["title"] = _("请填写工作要点名称。")
    if issued_on is None or year is None:
        problems["issued_on"] = _("请填写印发日期。")
    if problems:
        raise ValidationError(problems)
    if doc_number and WorkPlan.objects.filter(government=government, doc_number=doc_number).exists():
        raise ValidationError({"doc_number": _("文号为 %(n)s 的工作要点已经导入。") % {"n": doc_number}})
    plan = WorkPlan.objects.create(
        title=title, year=year, government=government, issuer_name=table.issuer_name or government.name,
        doc_number=doc_number, issued_on=issued_on, **({"schedule": schedule} if schedule else {}),
    )  # fmt: skip
    report = ImportReport(plan)
    directory = unit_cells.Directory(government)
    areas = list(KeyArea.objects.all())
    templates = {t.code: t for t in ColumnTemplate.objects.filter(code__startswith="ka-")}
    sections: dict[str, PlanSection] = {}
    for order, row in enumerate(table.rows, start=1):
        if row.section not in sections:
            sections[row.section] = PlanSection.objects.create(
                plan=plan, order=len(sections) + 1, title=row.section
            )
        resolved = unit_cells.resolve(row.units, directory)
        task = PlanTask.objects.create(
            plan=plan, section=sections[row.section], order=order, subtask=row.subtask,
            requirement=row.requirement, units_text=row.units, open_ended=resolved.open_ended,
            open_groups=resolved.open_groups, unmatched=resolved.unmatched,
        )  # fmt: skip
        found = guess_key_areas(areas, row.section, row.subtask, row.requirement)
        task.key_areas.set(found)
        task.columns.set([templates[f"ka-{a.code}"] for a in found if f"ka-{a.code}" in templates])
        Assignment.objects.bulk_create(
            Assignment(task=task, unit=unit, role=role) for unit, role in resolved.units
        )
        report.tasks += 1
        report.assignments += len(resolved.units)
        report.unmatched += [(order, name) for name in resolved.unmatched]
        if resolved.open_ended:
            report.open_ended.append(order)
    audit.record(actor=actor, action="supervision.plan_imported", obj=plan, unit=government,
                 changes={"tasks": report.tasks, "assignments": report.assignments,
                          "unmatched": [name for _, name in report.unmatched]})  # fmt: skip
    return report
