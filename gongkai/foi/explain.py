"""An application's procedure told in words for staff: each event of the timeline as a sentence, and the
due date with the reasons it is what it is (the days not counted and why, an extension).

Nothing here writes; the clock itself is ``clock.py`` (the rules, with their articles) and the events are
the ones ``transitions.py`` recorded. Every code (channel, outcome, party kind) is turned into its Chinese
label here, so no page shows ``channel=online`` or ``outcome=granted``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import workdays

from . import clock, rules
from .models import OUTCOME_BASIS, Channel, Event, EventKind, Outcome
from .transitions import clock_events


def chinese_date(day: dt.date | str | None) -> str:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if day is None:
        return ""
    return _("%(y)s年%(m)s月%(d)s日") % {"y": day.year, "m": day.month, "d": day.day}


def _label(choices, code: str | None) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


RECEIVED_WORDS = {
    Channel.ONLINE: gettext_lazy("经网上申请提交"),
    Channel.IN_PERSON: gettext_lazy("申请人当面提交申请"),
    Channel.MAIL_SIGNED: gettext_lazy("收到邮寄的申请（已签收）"),
    Channel.MAIL_UNSIGNED: gettext_lazy("收到平常信函申请，已与申请人确认"),
    Channel.FAX: gettext_lazy("收到传真申请，已与申请人确认"),
    Channel.ORAL: gettext_lazy("申请人口头提出申请，由工作人员代为填写"),
}

FEE_BASIS_WORDS = {"per_piece": gettext_lazy("按件计收"), "per_page": gettext_lazy("按量计收")}


def _sentence(kind: str, data: dict, note: str) -> str:
    """What happened, in one sentence of plain Chinese (the event's note follows where it says more)."""
    if kind == EventKind.RECEIVED:
        return str(RECEIVED_WORDS.get(data.get("channel")) or _("收到申请"))
    if kind == EventKind.CORRECTION_REQUESTED:
        text = _("要求补正：%(what)s") % {"what": note or _("请补正申请内容")}
        if data.get("deadline"):
            text += _("（请于%(d)s前补正）") % {"d": chinese_date(data["deadline"])}
        return text
    if kind == EventKind.CORRECTION_RECEIVED:
        return _("收到补正后的申请，答复期限自该日重新计算")
    if kind == EventKind.CONSULTATION_STARTED:
        text = _("向%(p)s征求意见，征求意见期间不计入答复期限") % {"p": data.get("party", "")}
        if data.get("answer_due"):
            text += _("（对方应于%(d)s前提出意见）") % {"d": chinese_date(data["answer_due"])}
        return text
    if kind == EventKind.CONSULTATION_ENDED:
        return _("收到%(p)s的意见") % {"p": data.get("party", "")}
    if kind == EventKind.FEE_NOTICE_SENT:
        return _("发出收费通知：%(amount)s元（%(basis)s，数量%(q)s）") % {
            "amount": data.get("amount", ""),
            "basis": FEE_BASIS_WORDS.get(data.get("basis"), FEE_BASIS_WORDS["per_page"]),
            "q": data.get("quantity", ""),
        }
    if kind == EventKind.FEE_PAID:
        return _("申请人缴纳信息处理费")
    if kind == EventKind.EXTENDED:
        text = _("经批准延长答复期限%(n)s个工作日") % {"n": data.get("days", "")}
        details = []
        if data.get("approver"):
            details.append(_("批准人：%(a)s") % {"a": data["approver"]})
        if data.get("reason"):
            details.append(_("理由：%(r)s") % {"r": data["reason"]})
        return text + (_("（%(d)s）") % {"d": "；".join(details)} if details else "")
    if kind == EventKind.DELAYED_EXCESSIVE:
        return _("按条例第三十五条确定答复期限为%(d)s（理由：%(r)s）") % {
            "d": chinese_date(data.get("new_due")),
            "r": data.get("reason", ""),
        }
    if kind == EventKind.TRANSFERRED:
        return _("由%(a)s转至%(b)s办理") % {"a": data.get("from_unit", ""), "b": data.get("to_unit", "")}
    if kind == EventKind.ANSWERED:
        outcome = data.get("outcome", "")
        basis = data.get("legal_basis") or OUTCOME_BASIS.get(outcome, "")
        text = _("作出答复：%(o)s") % {"o": _label(Outcome, outcome)}
        return text + (_("（依据%(b)s）") % {"b": basis} if basis else "")
    if kind == EventKind.DELIVERED:
        text = _("答复已送达")
        if data.get("method"):
            text += _("（送达方式：%(m)s）") % {"m": data["method"]}
        return text
    if kind == EventKind.CLOSED:
        outcome = _label(Outcome, data.get("outcome"))
        return _("办结：%(o)s") % {"o": outcome} if outcome else _("办结")
    if kind == EventKind.NOTE:
        return _("办理记录")
    return _label(EventKind, kind)


# Events whose note the sentence already tells (a correction request's note is what to correct).
NOTE_IN_SENTENCE = {EventKind.CORRECTION_REQUESTED}


@dataclass(frozen=True)
class TimelineRow:
    on: dt.date
    text: str
    note: str
    detail: str  # what else the event carries (a reply's text, a withheld part)
    due_after: dt.date | None
    actor: str


def timeline(events: Iterable[Event]) -> list[TimelineRow]:
    """The events as sentences, in the order they happened (``events`` may come from a prefetch)."""
    rows = []
    for event in sorted(events, key=lambda e: (e.on, e.pk)):
        data = event.data or {}
        detail = ""
        if event.kind == EventKind.ANSWERED:
            detail = data.get("reply_text", "")
            if data.get("withheld_note"):
                detail += "\n" + _("不予公开部分及理由：%(w)s") % {"w": data["withheld_note"]}
        actor = event.actor.full_name or event.actor.username if event.actor_id else _("系统")
        rows.append(
            TimelineRow(
                on=event.on,
                text=_sentence(event.kind, data, event.note),
                note="" if event.kind in NOTE_IN_SENTENCE else event.note,
                detail=detail,
                due_after=event.due_on_after,
                actor=actor,
            )
        )
    return rows


# The due date and why ---------------------------------------------------------------------------------


@dataclass
class DueExplanation:
    due: dt.date | None
    start: dt.date
    provisional: bool
    state: str  # running, correction, paused, finished (clock.Clock.state)
    correction_due: dt.date | None
    lines: list[str] = field(default_factory=list)  # every reason, one sentence each
    not_counted: str = (
        ""  # the short form for the to-do list: "补正期间 3 个工作日、征求意见 15 个工作日不计入"
    )
    days_not_counted: int = (
        0  # the working days of the correction, consultations and fee payment (the ledger)
    )


def _correction_days(
    events: Sequence[clock.Event], calendar: workdays.Calendar
) -> tuple[int, dt.date | None]:
    requested = next((e.on for e in events if e.kind == EventKind.CORRECTION_REQUESTED), None)
    received = next((e.on for e in reversed(events) if e.kind == EventKind.CORRECTION_RECEIVED), None)
    if requested is None or received is None:
        return 0, None
    days, _provisional = workdays.working_days_between(requested, received, calendar)
    return max(days, 0), received


def explain(
    received_on: dt.date, events: Sequence[Event], calendar: workdays.Calendar, today: dt.date
) -> DueExplanation:
    """The due date of an application from its events, with the reasons in words (pure: no queries, the
    events and a calendar covering them and today are passed in)."""
    steps = clock_events(events)
    state = clock.compute(received_on, steps, calendar, today)
    result = DueExplanation(
        due=state.due,
        start=state.start,
        provisional=state.provisional,
        state=state.state,
        correction_due=state.correction_due,
    )
    lines, short = result.lines, []
    if state.state == "correction":
        lines.append(
            _(
                "等待申请人补正，补正期限为%(d)s；收到补正后的申请之日起重新计算%(n)s个工作日（条例第三十条）。"
            )
            % {"d": chinese_date(state.correction_due), "n": rules.T_REPLY}
        )
        result.not_counted = _("等待申请人补正")
        return result
    corrected, corrected_on = _correction_days(steps, calendar)
    if corrected_on:
        lines.append(
            _(
                "答复期限自%(d)s收到补正后的申请起算%(n)s个工作日（条例第三十条、第三十三条）；此前的补正期间%(k)s个工作日不计入。"
            )
            % {"d": chinese_date(corrected_on), "n": rules.T_REPLY, "k": corrected}
        )
        short.append(_("补正期间 %(n)s 个工作日") % {"n": corrected})
    else:
        lines.append(
            _("答复期限自%(d)s收到申请起算%(n)s个工作日，收到申请之日不计入（条例第三十三条）。")
            % {"d": chinese_date(state.start), "n": rules.T_REPLY}
        )
    counted = Counter(
        "fee" if reason == clock.PAUSE_REASONS["fee"] else "consultation"
        for _day, reason in state.not_counted
    )
    if state.state == "paused" and state.paused_since:
        elapsed, _provisional = workdays.working_days_between(
            state.paused_since, max(today, state.paused_since), calendar
        )
        pausing = "fee" if state.fee_payment_due else "consultation"
        counted[pausing] += elapsed
        if pausing == "consultation":
            lines.append(
                _(
                    "自%(d)s起征求意见，尚未收到意见；征求意见期间不计入答复期限（条例第三十三条第三款），答复期限随之顺延。"
                )
                % {"d": chinese_date(state.paused_since)}
            )
        else:
            lines.append(
                _("自%(d)s发出收费通知，申请人尚未缴费；缴费期间不计入答复期限，缴费期限为%(p)s。")
                % {"d": chinese_date(state.paused_since), "p": chinese_date(state.fee_payment_due)}
            )
    if counted["consultation"]:
        short.append(_("征求意见 %(n)s 个工作日") % {"n": counted["consultation"]})
        lines.append(
            _("征求第三方或其他机关意见期间%(n)s个工作日不计入（条例第三十三条第三款）。")
            % {"n": counted["consultation"]}
        )
    if counted["fee"]:
        short.append(_("缴费期间 %(n)s 个工作日") % {"n": counted["fee"]})
        lines.append(_("缴纳信息处理费期间%(n)s个工作日不计入。") % {"n": counted["fee"]})
    if state.extended_days:
        lines.append(
            _("经政府信息公开工作机构负责人同意，延长%(n)s个工作日（条例第三十三条第二款）。")
            % {"n": state.extended_days}
        )
    overridden = next((e for e in reversed(steps) if e.kind == EventKind.DELAYED_EXCESSIVE), None)
    if overridden is not None:
        lines.append(
            _("按条例第三十五条确定的答复期限为%(d)s。") % {"d": chinese_date(overridden.data.get("new_due"))}
        )
    if state.provisional:
        lines.append(_("答复期限涉及尚未公布节假日安排的年度，为暂定日期。"))
    result.days_not_counted = corrected + counted["consultation"] + counted["fee"]
    parts = []
    if short:
        parts.append(_("%(list)s不计入") % {"list": "、".join(short)})
    if state.extended_days:
        parts.append(_("已延长 %(n)s 个工作日") % {"n": state.extended_days})
    result.not_counted = "；".join(parts)
    return result


def calendar_for(received_on: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The span of calendar an application's clock reads (as ``transitions.recompute`` loads it)."""
    return min(received_on, today), max(today, received_on) + dt.timedelta(days=400)
