"""信息报送's state machine, as a table (style.md): action -> (states it may start from, state it ends in).

A unit submits one of its published items to a column of its portal; while pending it may withdraw it; the
portal's openness office adopts or declines it (declining needs a reason). Adopted, declined and withdrawn
are final: a declined item may be submitted again as a new submission.
"""

from __future__ import annotations

from .models import SubmissionStatus

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "withdraw": (frozenset({SubmissionStatus.SUBMITTED}), SubmissionStatus.WITHDRAWN),
    "adopt": (frozenset({SubmissionStatus.SUBMITTED}), SubmissionStatus.ADOPTED),
    "decline": (frozenset({SubmissionStatus.SUBMITTED}), SubmissionStatus.DECLINED),
}

# Submissions that block another submission of the same item to the same column.
ACTIVE = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.ADOPTED})


class TransitionError(Exception):
    def __init__(self, action: str, status: str):
        super().__init__(f"cannot {action} a submission that is {status}")
        self.action, self.status = action, status


def allowed(action: str, status: str) -> bool:
    sources, _ = TRANSITIONS[action]
    return status in sources


def target(action: str, status: str) -> str:
    if not allowed(action, status):
        raise TransitionError(action, status)
    return TRANSITIONS[action][1]
