"""Each role's to-do list (待办): what is waiting for a staff member, from every app, in one shape.

An app that gives staff work registers a source in its own ``todo_sources.py`` (found when the workspace
app is ready): ``register(kind, label, source)`` where ``source(user, today)`` returns the :class:`Todo`
rows ``user`` may act on, built from that app's ``access.py`` and services. The list is the same on the
workspace's home page (``/manage/``) and at ``GET /api/v1/staff/todo``.

Deadlines are in working days (``gongkai.core.calendar``): a row with ``due_on`` gets
``working_days_left`` (negative once late) from one read of the calendar for the whole list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import calendar as cal


@dataclass(frozen=True)
class Todo:
    """One thing waiting for the user. ``url`` opens the page where it is done (one click to act)."""

    kind: str  # the source's kind, e.g. "item.review", "foi.due"
    title: str
    url: str
    due_on: dt.date | None = None
    working_days_left: int | None = None
    unit: str = ""
    # Why the deadline is what it is, in plain Chinese (e.g. "补正期间 3 个工作日不计入").
    note: str = ""
    # A veto indicator or a statutory deadline missed: shown first and marked.
    urgent: bool = False
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class TodoKind:
    kind: str
    label: str  # the group heading on the home page, e.g. "待我审核"
    source: Callable[[object, dt.date], list[Todo]]
    order: int = 100


_kinds: dict[str, TodoKind] = {}


def register(kind: str, label, source: Callable[[object, dt.date], list[Todo]], *, order: int = 100) -> None:
    _kinds[kind] = TodoKind(kind, label, source, order)


def kinds() -> list[TodoKind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.kind))


def autodiscover() -> None:
    autodiscover_modules("todo_sources")


def _sort_key(todo: Todo):
    left = todo.working_days_left
    return (
        not todo.urgent,
        left is None,
        left if left is not None else 0,
        todo.due_on or dt.date.max,
        todo.title,
    )


def _days_left(due_on: dt.date, counted: int, today: dt.date) -> int:
    """A date already past is late even when no working day lies between (due Friday, seen on Sunday)."""
    if due_on < today:
        return min(counted, -1)
    return counted


def todo_for(user, today: dt.date | None = None) -> list[tuple[TodoKind, list[Todo]]]:
    """The user's to-do list, grouped by kind (groups in registration order, rows most pressing first).
    Empty groups are left out."""
    today = today or timezone.localdate()
    gathered = [(kind, list(kind.source(user, today))) for kind in kinds()]
    dues = {t.due_on for _, rows in gathered for t in rows if t.due_on and t.working_days_left is None}
    left = cal.working_days_left(today, dues) if dues else {}
    groups = []
    for kind, rows in gathered:
        if not rows:
            continue
        rows = [
            replace(t, working_days_left=_days_left(t.due_on, left[t.due_on], today))
            if t.due_on and t.working_days_left is None
            else t
            for t in rows
        ]
        groups.append((kind, sorted(rows, key=_sort_key)))
    return groups


def flat_todo_for(user, today: dt.date | None = None) -> list[Todo]:
    """The same list, one row after another, most pressing first (for the API)."""
    return sorted((t for _, rows in todo_for(user, today) for t in rows), key=_sort_key)
