"""What the back office shows of progress, worked out apart from the screens: the periods begun so far, the
state a unit's task stands at now, the office's overview of every unit by period, the periods a report may
be written for. Reads only; every write is in ``services``."""

from __future__ import annotations

import datetime as dt

from . import schedule
from .models import Assignment, WorkPlan
from .services.reports import PeriodState, period_state


def begun_periods(plan: WorkPlan, today: dt.date) -> list[dict]:
    """The periods of ``plan`` that have begun by ``today``."""
    return [p for p in schedule.plan_periods(plan) if p["start"] <= today]


def assignment_now(assignment: Assignment, periods: list[dict], today: dt.date) -> dict | None:
    """Where the unit's task stands: the earliest begun period still overdue (the one that matters), else
    the current period; ``None`` before the first period begins. Reads the prefetched reports."""
    if not periods:
        return None
    reports = {r.period_start: r for r in assignment.reports.all()}
    for period in periods:
        state = period_state(reports.get(period["start"]), period["due"], today)
        if state == PeriodState.OVERDUE:
            return {"period": period, "state": state, "label": PeriodState.LABELS[state], "overdue": True}
    current = periods[-1]
    state = period_state(reports.get(current["start"]), current["due"], today)
    return {"period": current, "state": state, "label": PeriodState.LABELS[state], "overdue": False,
            "report": reports.get(current["start"])}  # fmt: skip


def overview(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The office's overview from the ledger's rows: the periods, and per unit the count of each state in
    each period, its tasks and how many are overdue; units with the most overdue first."""
    periods = list({row["period"]["start"]: row["period"] for row in rows}.values())
    by_unit: dict[int, dict] = {}
    for row in rows:
        entry = by_unit.setdefault(row["unit"].pk, {"unit": row["unit"], "states": {}, "task_ids": set()})
        entry["task_ids"].add(row["task"].pk)
        counts = entry["states"].setdefault(row["period"]["start"], {})
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    for entry in by_unit.values():
        entry["tasks"] = len(entry["task_ids"])
        entry["cells"] = [entry["states"].get(p["start"], {}) for p in periods]
        entry["overdue"] = sum(c.get("overdue", 0) for c in entry["cells"])
    units = sorted(by_unit.values(), key=lambda e: (-e["overdue"], e["unit"].path))
    return periods, units


def period_choices(plans, today: dt.date) -> dict[str, str]:
    """The periods begun by ``today`` of ``plans``, as a report form offers them (ISO start → label)."""
    choices = {}
    for plan in plans:
        for p in begun_periods(plan, today):
            choices[p["start"].isoformat()] = f"{p['label']}（{p['due']:%Y-%m-%d}前报送）"
    return choices


def next_to_write(assignment: Assignment, periods: list[dict], today: dt.date) -> dict | None:
    """The period the unit should write next: the earliest ended period whose report is not handed in (or
    came back), else the running one; as :func:`assignment_now` shapes it. Reads the prefetched reports."""
    if not periods:
        return None
    reports = {r.period_start: r for r in assignment.reports.all()}
    waiting = (PeriodState.OVERDUE, PeriodState.OPEN, PeriodState.DRAFT, PeriodState.RETURNED)
    for period in periods:
        state = period_state(reports.get(period["start"]), period["due"], today)
        if period["end"] < today and state in waiting:
            return {"period": period, "state": state, "label": PeriodState.LABELS[state],
                    "overdue": state == PeriodState.OVERDUE, "report": reports.get(period["start"])}  # fmt: skip
    return assignment_now(assignment, periods, today)
