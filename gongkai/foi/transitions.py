"""The procedure of an application as a table (style.md, DESIGN.md): each event kind names the statuses it
may be recorded in, the validator of what it carries, and the status it leaves the application in.

A result of ``DERIVED`` means the status follows from the clock (``clock.py``) once the event is counted:
待补正 while a correction is awaited, 征求意见中 or 待缴费 while the clock is paused, otherwise 办理中; an
application already answered or closed keeps its status (a late note or a consultation's answer does not
reopen it).

:func:`apply` is the one place an application's status is written: it locks the row, checks the table and
the validator, records the event, recomputes the due dates, writes the status and the audit record, in one
transaction. A refused event leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, workdays
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import PUBLIC, as_user, require
from gongkai.core.roles import Capability

from . import clock, rules
from .models import (
    FINISHED_STATUSES,
    OUTCOME_BASIS,
    Application,
    Event,
    EventKind,
    Outcome,
    Status,
)

DERIVED = "derived"  # marker: the resulting status is computed from the clock (see derived_status)

# Registered and being worked on (the applicant owes nothing): the statuses most steps start from.
WORKING = frozenset({Status.IN_PROGRESS, Status.PAUSED, Status.FEE_PENDING})
# Every status an application can be found in once its receipt is recorded.
REGISTERED = frozenset(Status.values) - {Status.RECEIVED}

# Outcomes that end an application without a reply on the merits.
CLOSING_OUTCOMES = frozenset(
    {Outcome.OTHER_OVERDUE_CORRECTION, Outcome.OTHER_OVERDUE_FEE, Outcome.OTHER_MISC}
)


@dataclass
class Step:
    """One event being recorded: the locked application, what the event says, the clock before it."""

    application: Application
    kind: str
    on: dt.date
    data: dict
    calendar: workdays.Calendar
    clock: clock.Clock
    events: list[Event]
    changes: dict = field(default_factory=dict)  # what the audit record adds for this kind
    note: str = ""

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]


# Validators: raise ValidationError (a clear Chinese message, on the field where there is one) -----------


def _correction_requested(step: Step) -> None:
    if EventKind.CORRECTION_REQUESTED in step.kinds():
        raise ValidationError(_("补正应一次性告知（条例第三十条），本申请已要求过补正。"))
    last = clock.correction_request_deadline(step.application.received_on, step.calendar)
    if step.on > last:
        raise ValidationError(
            {
                "on": _("应在收到申请之日起7个工作日内（%(last)s前）一次性告知补正（条例第三十条）。")
                % {"last": last}
            }
        )


def _correction_received(step: Step) -> None:
    requested = max(e.on for e in step.events if e.kind == EventKind.CORRECTION_REQUESTED)
    if step.on < requested:
        raise ValidationError({"on": _("收到补正的日期不能早于要求补正的日期。")})


def _consultation_started(step: Step) -> None:
    if not step.data.get("party"):
        raise ValidationError({"party": _("请填写被征求意见的第三方或机关。")})
    step.data["party_kind"] = step.data.get("party_kind") or clock.THIRD_PARTY
    if step.data["party_kind"] not in (clock.THIRD_PARTY, clock.ORGAN):
        raise ValidationError({"party_kind": _("请选择征求第三方意见还是征求其他机关意见。")})
    received = step.data.get("party_received_on")
    if received and received < step.on:
        raise ValidationError({"party_received_on": _("对方收到征求意见书的日期不能早于发出日期。")})
    if received and received > timezone.localdate():
        raise ValidationError({"party_received_on": _("对方收到征求意见书的日期不能晚于今天。")})


def _no_open_consultation(step: Step) -> str:
    return _("没有正在征求“%(p)s”意见的记录。") % {"p": step.data.get("party", "")}


def _consultation_ended(step: Step) -> None:
    party = step.data.get("party")
    started = [e.data.get("party") for e in step.events if e.kind == EventKind.CONSULTATION_STARTED]
    ended = [e.data.get("party") for e in step.events if e.kind == EventKind.CONSULTATION_ENDED]
    if party not in started or started.count(party) <= ended.count(party):
        raise ValidationError({"party": _no_open_consultation(step)})


def _help_given(step: Step) -> None:
    if not step.note.strip():
        raise ValidationError(
            {"note": _("请写明为申请人提供了什么帮助，例如电话读给申请人听、提供大字版告知书。")}
        )


def _fee_notice_sent(step: Step) -> None:
    if not step.data.get("amount"):
        raise ValidationError({"amount": _("请填写收费金额。")})


def _extended(step: Step) -> None:
    if EventKind.EXTENDED in step.kinds():
        raise ValidationError(_("答复期限只能延长一次，最长20个工作日（条例第三十三条）。"))
    try:
        days = int(step.data.get("days") or 0)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= rules.T_EXTENSION_MAX:
        raise ValidationError({"days": _("延长期限应为1至20个工作日。")})
    if not step.data.get("approver") or not step.data.get("reason"):
        raise ValidationError(
            {"approver": _("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人和理由。")}
        )
    due = step.application.due_on
    if due and step.on > due:
        raise ValidationError({"on": _("答复期限已过，不能再延长。")})


def _delayed_excessive(step: Step) -> None:
    new_due = step.data.get("new_due")
    if not new_due or not step.data.get("reason"):
        raise ValidationError({"new_due": _("请填写确定的答复期限和理由（条例第三十五条）。")})
    if step.application.due_on and new_due <= step.application.due_on:
        raise ValidationError({"new_due": _("延迟答复的期限应晚于原答复期限。")})


def _transferred(step: Step) -> None:
    if step.data.get("to_unit") is None:
        raise ValidationError({"to_unit": _("请选择转至单位。")})


def _answered(step: Step) -> None:
    outcome = step.data.get("outcome")
    if outcome not in Outcome.values or outcome in CLOSING_OUTCOMES:
        raise ValidationError({"outcome": _("请选择办理结果。")})
    if not (step.data.get("reply_text") or "").strip():
        raise ValidationError({"reply_text": _("请填写答复内容。")})
    if outcome == Outcome.PARTIAL and not (step.data.get("withheld_note") or "").strip():
        raise ValidationError(
            {"withheld_note": _("部分公开的，应写明不予公开的部分及理由（条例第三十七条）。")}
        )


def _delivered(step: Step) -> None:
    if not step.data.get("method"):
        raise ValidationError({"method": _("请填写送达方式。")})


def _closed(step: Step) -> None:
    application, outcome = step.application, step.data.get("outcome")
    if application.status != Status.ANSWERED and outcome not in CLOSING_OUTCOMES:
        raise ValidationError({"outcome": _("未作出答复而办结的，请选择“其他处理”中的一项。")})
    if outcome == Outcome.OTHER_OVERDUE_CORRECTION and (
        application.status != Status.CORRECTION
        or not application.correction_due_on
        or step.on <= application.correction_due_on
    ):
        raise ValidationError({"outcome": _("补正期限届满后，才能按逾期不补正处理。")})
    if outcome == Outcome.OTHER_OVERDUE_FEE:
        payment_due = step.clock.fee_payment_due if application.status == Status.FEE_PENDING else None
        if payment_due is None or step.on <= payment_due:
            raise ValidationError({"outcome": _("缴费期限届满后，才能按逾期未缴费处理。")})


# Effects: what an event changes on the application besides its clock and status ------------------------


def _received(step: Step) -> None:
    step.changes["channel"] = [None, step.data.get("channel")]
    if step.data.get("oral_read_back"):
        step.changes["oral_read_back"] = [None, True]
    step.changes["received_on"] = [None, step.application.received_on.isoformat()]


def _default_correction_deadline(step: Step) -> None:
    if not step.data.get("deadline"):
        step.data["deadline"] = cal.add_working_days(step.on, rules.T_CORRECTION_DEFAULT).due


def _consultation_answer_due(step: Step) -> None:
    """The consulted party's deadline: 15 working days for a third party (Art. 32), the office's limit for
    another organ (Art. 34), from its receipt of the letter (or the letter's date). The limit is kept with
    the event, so a later change of the office's setting does not move a consultation already running."""
    from .models import ProcedureSettings

    days = (
        ProcedureSettings.current().organ_consultation_days
        if step.data["party_kind"] == clock.ORGAN
        else rules.T_CONSULTATION
    )
    step.data["answer_days"] = days
    received = step.data.get("party_received_on") or step.on
    step.data["answer_due"] = clock.consultation_deadline(received, step.calendar, days)
    step.changes["party_kind"] = [None, step.data["party_kind"]]


def _move_to_unit(step: Step) -> None:
    application, target = step.application, step.data.pop("to_unit")
    step.data.update(from_unit=application.unit.name, to_unit=target.name, to_unit_id=target.pk)
    step.changes["unit"] = [application.unit.name, target.name]
    application.unit = target


def _set_outcome(application: Application, data: dict) -> None:
    application.outcome = data["outcome"]
    application.legal_basis = data.get("legal_basis") or OUTCOME_BASIS.get(data["outcome"], "")


def _answer(step: Step) -> None:
    application, data = step.application, step.data
    _set_outcome(application, data)
    application.reply_text = data["reply_text"].strip()
    application.withheld_note = (data.get("withheld_note") or "").strip()
    application.answered_on = step.on
    step.changes["outcome"] = [None, application.outcome]


def _close(step: Step) -> None:
    application, data = step.application, step.data
    if data.get("outcome") and not application.outcome:
        _set_outcome(application, data)
        application.answered_on = application.answered_on or step.on
        step.changes["outcome"] = [None, application.outcome]
    application.closed_on = step.on


# The table ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    allowed: frozenset[str]  # the statuses the event may be recorded in
    result: str  # the status it leaves, or DERIVED
    validate: Callable[[Step], None] | None = None
    effect: Callable[[Step], None] | None = None
    # Why the event is refused in a status it is not allowed in (a message, or made from the step).
    refusal: str | Callable[[Step], str] | None = None
    # What the actor must hold over the application's unit; None only for the receipt, which the
    # registering service (public submission or staff intake) has already admitted.
    capability: str | None = Capability.EDIT_CONTENT
    # The applicant may record it (``apply(by_applicant=True)``), once the calling service has proved them
    # by the tracking code and secret, or by a link signed for the application: a correction sent through
    # the tracking page, the first download of the answer (its service).
    by_applicant: bool = False


def _correction_refusal(step: Step) -> str:
    if EventKind.CORRECTION_REQUESTED in step.kinds():
        return _("补正应一次性告知（条例第三十条），本申请已要求过补正。")
    return _("当前状态不能要求补正。")


TRANSITIONS: dict[str, Transition] = {
    EventKind.RECEIVED: Transition(
        frozenset({Status.RECEIVED}), DERIVED, effect=_received, capability=None,
        refusal=_("本申请已登记受理。"),
    ),
    EventKind.CORRECTION_REQUESTED: Transition(
        WORKING, Status.CORRECTION, _correction_requested, _default_correction_deadline,
        refusal=_correction_refusal,
    ),
    EventKind.CORRECTION_RECEIVED: Transition(
        frozenset({Status.CORRECTION}), DERIVED, _correction_received, refusal=_("本申请没有待补正的事项。"),
        by_applicant=True,
    ),
    EventKind.CONSULTATION_STARTED: Transition(
        WORKING, DERIVED, _consultation_started, _consultation_answer_due, refusal=_("当前状态不能征求意见。"),
    ),
    # The answer of a consulted party may arrive after the reply, while a correction is awaited, or after
    # its deadline (the clock already runs again, 办理中); it is recorded for the file.
    EventKind.CONSULTATION_ENDED: Transition(
        REGISTERED, DERIVED, _consultation_ended, refusal=_no_open_consultation,
    ),
    EventKind.FEE_NOTICE_SENT: Transition(
        WORKING, DERIVED, _fee_notice_sent, refusal=_("当前状态不能发出收费通知。"),
    ),
    EventKind.FEE_PAID: Transition(
        frozenset({Status.FEE_PENDING}), DERIVED, refusal=_("本申请没有待缴的费用。"),
    ),
    EventKind.EXTENDED: Transition(
        WORKING, DERIVED, _extended, refusal=_("当前状态不能延长答复期限。"),
    ),
    EventKind.DELAYED_EXCESSIVE: Transition(
        WORKING, DERIVED, _delayed_excessive, refusal=_("当前状态不能确定延迟答复期限。"),
    ),
    EventKind.TRANSFERRED: Transition(
        WORKING | {Status.CORRECTION}, DERIVED, _transferred, _move_to_unit,
        refusal=_("已答复的申请不能转办。"),
    ),
    EventKind.ANSWERED: Transition(
        WORKING, Status.ANSWERED, _answered, _answer, refusal=_("当前状态不能作出答复。"),
    ),
    EventKind.DELIVERED: Transition(
        frozenset({Status.ANSWERED}), Status.CLOSED, _delivered, _close,
        refusal=_("作出答复后才能登记送达。"), by_applicant=True,
    ),
    EventKind.CLOSED: Transition(
        REGISTERED - {Status.CLOSED}, Status.CLOSED, _closed, _close, refusal=_("本申请已办结。"),
    ),
    # Art. 43: what help the applicant was given; the applicant's tracking page shows only that help was given.
    EventKind.HELP_GIVEN: Transition(REGISTERED, DERIVED, _help_given),
    EventKind.NOTE: Transition(REGISTERED, DERIVED),
}  # fmt: skip


def allowed(kind: str, status: str) -> bool:
    return status in TRANSITIONS[kind].allowed


def refusal_message(transition: Transition, step: Step) -> str:
    if callable(transition.refusal):
        return transition.refusal(step)
    if transition.refusal:
        return str(transition.refusal)
    return _("申请当前为“%(status)s”，不能登记“%(kind)s”。") % {
        "status": Status(step.application.status).label,
        "kind": EventKind(step.kind).label,
    }


# The clock and the status -----------------------------------------------------------------------------


def _typed(data: dict) -> dict:
    """Dates are stored in events' JSON as ISO strings; the clock wants dates."""
    out = dict(data)
    for key in ("deadline", "new_due", "received_on", "party_received_on"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def clock_events(events) -> list[clock.Event]:
    """Recorded events as the clock reads them, in order (``events``: Event rows, any order)."""
    return [
        clock.Event(e.kind, e.on, _typed(e.data or {})) for e in sorted(events, key=lambda e: (e.on, e.pk))
    ]


def _jsonable(data: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if v not in (None, "")
    }


def recompute(application: Application, today: dt.date | None = None) -> clock.Clock:
    """Set the application's due dates from its events (not saved) and return the clock as it stands."""
    events = clock_events(application.events.all())
    today = today or timezone.localdate()
    first = min([application.received_on, *[e.on for e in events]])
    calendar = cal.load(first, max(today, first) + dt.timedelta(days=400))
    state = clock.compute(application.received_on, events, calendar, today)
    application.due_on, application.due_provisional = state.due, state.provisional
    application.correction_due_on = state.correction_due
    return state


def derived_status(current: str, state: clock.Clock) -> str:
    """The status the clock implies; an answered or closed application keeps its own."""
    if current in FINISHED_STATUSES:
        return current
    if state.state == "correction":
        return Status.CORRECTION
    if state.state == "paused":
        return Status.FEE_PENDING if state.fee_payment_due else Status.PAUSED
    return Status.IN_PROGRESS


@transaction.atomic
def apply(
    *, actor, application: Application, kind: str, on: dt.date | None = None, note: str = "", data: dict,
    by_applicant: bool = False,
) -> Event:  # fmt: skip
    """Record the event ``kind`` on ``application`` as the table allows, or refuse it leaving nothing.
    ``by_applicant``: the applicant records it (``actor`` is PUBLIC), proved by the calling service."""
    transition = TRANSITIONS.get(kind)
    if transition is None:
        raise ValidationError({"kind": _("不认识的办理事项。")})
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("unit").get(pk=application.pk)
    )
    if by_applicant:
        require(transition.by_applicant and actor is PUBLIC)
    elif transition.capability is not None:
        require(can(actor, transition.capability, application.unit))
    today = timezone.localdate()
    on = on or today
    if on < application.received_on:
        raise ValidationError({"on": _("日期不能早于收到申请的日期。")})
    if on > today:
        raise ValidationError({"on": _("不能登记今天以后才发生的事项。")})
    step = Step(
        application=application,
        kind=kind,
        on=on,
        data=dict(data),
        calendar=cal.load(application.received_on, max(on, today) + dt.timedelta(days=400)),
        clock=recompute(application),
        events=list(application.events.order_by("on", "pk")),
        note=note or "",
    )
    if application.status not in transition.allowed:
        raise ValidationError(refusal_message(transition, step))
    if transition.validate is not None:
        transition.validate(step)
    if transition.effect is not None:
        transition.effect(step)

    status_before = application.status
    event = Event.objects.create(
        application=application, kind=kind, on=on, note=note, data=_jsonable(step.data), actor=as_user(actor)
    )
    state = recompute(application)
    application.status = (
        derived_status(status_before, state) if transition.result == DERIVED else transition.result
    )
    application.version += 1
    application.save()
    event.due_on_after = application.due_on
    event.save(update_fields=["due_on_after"])
    changes = {
        "on": [None, on.isoformat()],
        "due_on": [None, application.due_on.isoformat() if application.due_on else None],
        **step.changes,
    }
    if application.status != status_before:
        changes["status"] = [status_before, application.status]
    audit.record(
        actor=actor,
        action=f"foi.application.{kind}",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes=changes,
    )
    return event
