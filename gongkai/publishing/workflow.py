"""The editorial state machine, as a table (style.md): action -> (states it may start from, state it ends in).

``approve`` ends in SUBMITTED while review levels remain, then in SCHEDULED when a future publication time
is set, else in PUBLISHED (see :func:`approval_target`).
"""

from __future__ import annotations

import datetime as dt

from .models import Status

APPROVAL = "approval"  # marker: the target depends on the remaining levels and the schedule

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({Status.DRAFT}), Status.SUBMITTED),
    "recall": (frozenset({Status.SUBMITTED}), Status.DRAFT),
    "approve": (frozenset({Status.SUBMITTED}), APPROVAL),
    "reject": (frozenset({Status.SUBMITTED}), Status.DRAFT),
    "publish_scheduled": (frozenset({Status.SCHEDULED}), Status.PUBLISHED),
    "withdraw": (frozenset({Status.PUBLISHED, Status.SCHEDULED}), Status.WITHDRAWN),
    "restore": (frozenset({Status.WITHDRAWN}), Status.DRAFT),
}

# Statuses whose content an editor may change; a published item is corrected by a reviewer.
EDITABLE_BY_EDITOR = frozenset({Status.DRAFT})
EDITABLE_BY_REVIEWER = frozenset({Status.DRAFT, Status.PUBLISHED})


class TransitionError(Exception):
    def __init__(self, action: str, status: str):
        super().__init__(f"cannot {action} an item that is {status}")
        self.action, self.status = action, status


def allowed(action: str, status: str) -> bool:
    sources, _ = TRANSITIONS[action]
    return status in sources


def approval_target(levels_done: int, levels: int, scheduled_at: dt.datetime | None, now: dt.datetime) -> str:
    if levels_done < levels:
        return Status.SUBMITTED
    if scheduled_at is not None and scheduled_at > now:
        return Status.SCHEDULED
    return Status.PUBLISHED


def target(action: str, status: str, **approval) -> str:
    if not allowed(action, status):
        raise TransitionError(action, status)
    _, to = TRANSITIONS[action]
    return approval_target(**approval) if to == APPROVAL else to
