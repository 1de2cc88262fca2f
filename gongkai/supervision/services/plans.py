"""Work plans and their tasks: importing a plan's task table, the office's changes to a plan (publishing its
progress), to a task, its milestones and the units assigned, and resolving names the import did not match.
Each checks the office's right over the issuing government and leaves one audit record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import access as core_access
from gongkai.core import audit, records
from gongkai.core.actors import require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability
from gongkai.publishing.models import ColumnTemplate, KeyArea

from .. import access
from .. import units as unit_cells
from ..annex import Table
from ..importer import ImportReport, government_of, guess_key_areas
from ..models import Assignment, Milestone, PlanSection, PlanTask, WorkPlan


@transaction.atomic
def import_plan(*, actor, table: Table, government: Organization | None = None, title: str = "",
                year: int | None = None, doc_number: str = "", issued_on: dt.date | None = None,
                schedule: str = "") -> ImportReport:  # fmt: skip
    """Create the plan and every task of ``table``; all or nothing. The office of the issuing government
    imports (a command line import acts as ``system("import_workplan")``)."""
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
    require(core_access.can(actor, Capability.SUPERVISE, government))
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


@transaction.atomic
def save_plan(*, actor, plan: WorkPlan) -> WorkPlan:
    """The office adds or changes a plan. Turning ``is_published`` on makes the plan's progress public and
    is recorded as ``supervision.plan_published`` (off: ``supervision.plan_unpublished``); any other change
    as ``supervision.workplan.created|changed``. A plan stays with the government that issued it."""
    before = WorkPlan.objects.select_for_update().filter(pk=plan.pk).first() if plan.pk else None
    if before is not None:
        require(access.may_supervise(actor, before))
        if before.government_id != plan.government_id:
            raise ValidationError({"government": _("工作要点的印发政府不能更改。")})
    action = None
    if plan.is_published != (before.is_published if before is not None else False):
        action = "supervision.plan_published" if plan.is_published else "supervision.plan_unpublished"
    return records.save_record(
        actor=actor, obj=plan, capability=Capability.SUPERVISE, unit=plan.government, action=action
    )


def set_plan_published(*, actor, plan: WorkPlan, published: bool = True) -> WorkPlan:
    """Make the plan's progress public (or take it back): :func:`save_plan` with only that changed."""
    plan.is_published = published
    return save_plan(actor=actor, plan=plan)


@transaction.atomic
def save_task(*, actor, task: PlanTask, key_areas=None, columns=None) -> PlanTask:
    """The office changes a task (its key areas, evidence columns, update cycle, deadline)."""
    require(access.may_supervise(actor, task.plan))
    m2m = {
        name: values
        for name, values in (("key_areas", key_areas), ("columns", columns))
        if values is not None
    }
    return records.save_record(
        actor=actor, obj=task, capability=Capability.SUPERVISE, unit=task.plan.government, m2m=m2m
    )


@transaction.atomic
def save_milestone(*, actor, milestone: Milestone) -> Milestone:
    """Add or change a step of a task the office wants reported."""
    require(access.may_supervise(actor, milestone.task.plan))
    return records.save_record(
        actor=actor, obj=milestone, capability=Capability.SUPERVISE, unit=milestone.task.plan.government
    )


@transaction.atomic
def delete_milestone(*, actor, milestone: Milestone) -> None:
    require(access.may_supervise(actor, milestone.task.plan))
    records.delete_record(
        actor=actor, obj=milestone, capability=Capability.SUPERVISE, unit=milestone.task.plan.government
    )


def _check_unit(task: PlanTask, unit: Organization) -> None:
    if not unit.is_within(task.plan.government):
        raise ValidationError({"unit": _("该单位不属于本工作要点的范围。")})


@transaction.atomic
def assign(*, actor, task: PlanTask, unit: Organization, role: str = "lead") -> Assignment:
    """Add a unit to a task (for "等有关部门", or a name the import could not match); a unit already
    assigned stays as it is."""
    require(access.may_supervise(actor, task.plan))
    _check_unit(task, unit)
    assignment, created = Assignment.objects.get_or_create(task=task, unit=unit, defaults={"role": role})
    if created:
        audit.record(actor=actor, action="supervision.assigned", obj=assignment, unit=unit)
    return assignment


@transaction.atomic
def save_assignment(*, actor, assignment: Assignment) -> Assignment:
    """The office assigns a unit to a task or changes its part (leading, co-operating), as the task's
    screen does row by row: ``supervision.assigned`` when added, ``supervision.assignment.changed``."""
    require(access.may_supervise(actor, assignment.task.plan))
    _check_unit(assignment.task, assignment.unit)
    adding = assignment._state.adding or assignment.pk is None
    return records.save_record(
        actor=actor, obj=assignment, capability=Capability.SUPERVISE, unit=assignment.unit,
        action="supervision.assigned" if adding else None,
    )  # fmt: skip


@transaction.atomic
def unassign(*, actor, assignment: Assignment) -> None:
    """Take a unit off a task (its reports for the task go with it)."""
    require(access.may_supervise(actor, assignment.task.plan))
    records.delete_record(
        actor=actor, obj=assignment, capability=Capability.SUPERVISE, unit=assignment.unit,
        action="supervision.unassigned",
    )  # fmt: skip


@transaction.atomic
def resolve_name(*, actor, plan: WorkPlan, name: str, unit: Organization, remember: bool = True) -> int:
    """A name the import did not match is this unit: assign it wherever the name was written, and (by
    default) keep the name as the unit's alias so the next import matches it. Returns the tasks changed."""
    require(access.may_supervise(actor, plan))
    changed = 0
    for task in plan.tasks.select_for_update():
        if name in task.unmatched:
            _check_unit(task, unit)
            Assignment.objects.get_or_create(task=task, unit=unit, defaults={"role": "lead"})
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
