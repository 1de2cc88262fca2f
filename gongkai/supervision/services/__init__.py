"""Every state change of supervision, one function per use case: importing and changing work plans and their
tasks (:mod:`.plans`), reporting progress and reviewing it (:mod:`.reports`), reminding units
(:mod:`.reminders`), and the assessment (:mod:`.assessment`). Each takes ``actor=``, checks its permission
with ``require`` and leaves an audit record."""

from .assessment import (
    compute_scores,
    delete_indicator,
    save_freshness_rule,
    save_indicator,
    save_scheme,
    score_manually,
)
from .plans import (
    assign,
    delete_milestone,
    import_plan,
    resolve_name,
    save_assignment,
    save_milestone,
    save_plan,
    save_task,
    set_plan_published,
    unassign,
)
from .reminders import due_reminders, iter_reminders, send_reminders
from .reports import (
    EDITABLE,
    TASK_STATE_LABELS,
    PeriodState,
    check_attachment,
    check_report,
    latest_accepted,
    ledger,
    period_state,
    review_report,
    save_report,
    task_state,
)

__all__ = [
    "EDITABLE",
    "TASK_STATE_LABELS",
    "PeriodState",
    "assign",
    "check_attachment",
    "check_report",
    "compute_scores",
    "delete_indicator",
    "delete_milestone",
    "due_reminders",
    "import_plan",
    "iter_reminders",
    "latest_accepted",
    "ledger",
    "period_state",
    "resolve_name",
    "review_report",
    "save_assignment",
    "save_freshness_rule",
    "save_indicator",
    "save_milestone",
    "save_plan",
    "save_report",
    "save_scheme",
    "save_task",
    "score_manually",
    "send_reminders",
    "set_plan_published",
    "task_state",
    "unassign",
]
