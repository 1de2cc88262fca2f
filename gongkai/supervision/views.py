"""The public progress page of a work plan: each task with its status and what the units reported and the
office accepted (the seed asks units to make their implementation public)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.params import int_param
from gongkai.sites.scope import elsewhere, scoped

from . import access, exports, services
from .models import Assignment, ProgressReport, ReportStatus


def index(request):
    plans = scoped(request, access.published_plans(), "government").select_related("government")
    return render(request, "supervision/index.html",
                  {"plans": plans, "crumbs": [{"label": _("工作要点落实"), "url": None}]})  # fmt: skip


def plan(request, pk: int):
    found = access.get_published_plan(pk)
    if moved := elsewhere(request, found.government):
        return moved
    accepted = ProgressReport.objects.filter(status=ReportStatus.ACCEPTED)  # the public sees no other
    tasks = list(
        found.tasks.select_related("section").prefetch_related(
            Prefetch(
                "assignments", queryset=Assignment.objects.select_related("unit").order_by("unit__path")
            ),
            Prefetch("assignments__reports", queryset=accepted),
        )
    )
    unit_id = int_param(request.GET.get("unit"))
    units = {a.unit.pk: a.unit for t in tasks for a in t.assignments.all()}
    state = request.GET.get("state") or ""
    rows = []
    for task in tasks:
        assignments = list(task.assignments.all())
        if unit_id and not any(a.unit_id == unit_id for a in assignments):
            continue
        task_state = services.task_state(task)
        if state and task_state != state:
            continue
        progress = [
            {"unit": a.unit, "report": report, "done": a.completed_on}
            for a in assignments
            if (not unit_id or a.unit_id == unit_id) and (report := services.latest_accepted(a))
        ]
        rows.append({"task": task, "state": task_state, "label": services.TASK_STATE_LABELS[task_state],
                     "units": len(assignments), "done": sum(1 for a in assignments if a.completed_on),
                     "progress": progress})  # fmt: skip
    sections = []
    for row in rows:
        if not sections or sections[-1]["section"] != row["task"].section:
            sections.append({"section": row["task"].section, "rows": []})
        sections[-1]["rows"].append(row)
    return render(request, "supervision/plan.html", {
        "plan": found, "sections": sections, "total": len(tasks), "shown": len(rows),
        "units": sorted(units.values(), key=lambda u: u.path), "unit_id": unit_id, "state": state,
        "states": list(services.TASK_STATE_LABELS.items()),
        "crumbs": [{"label": _("工作要点落实"), "url": reverse("supervision:index")}, {"label": found.title, "url": None}],
    })  # fmt: skip


def plan_xlsx(request, pk: int):
    found = access.get_published_plan(pk)
    if moved := elsewhere(request, found.government):
        return moved
    return exports.download(exports.plan_xlsx(found), f"workplan-{found.year}-progress.xlsx")
