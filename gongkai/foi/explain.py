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
        if data.get("party_kind") == clock.ORGAN:
            text = _("向%(p)s征求意见（其他机关，条例第三十四条），征求意见期间不计入答复期限")
        else:
            text = _("向%(p)s征求意见（第三方，条例第三十二条），征求意见期间不计入答复期限")
        text %= {"p": data.get("party", "")}
        if data.get("answer_due"):
            text += _("（对方应于%(d)s前提出意见）") % {"d": chinese_date(data["answer_due"])}
        return text
    if kind == EventKind.CONSULTATION_ENDED:
        text = _("收到%(p)s的意见") % {"p": data.get("party", "")}
        if data.get("late"):
            text += _("（已超过提出意见的期限，答复期限不再顺延）")
        return text
    if kind == EventKind.HELP_GIVEN:
        return _("为申请人提供帮助")
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


@dataclass(frozen=True)
class Lapse:
    """A consultation whose party let its deadline pass without answering (Arts. 32, 34): the clock runs
    again from ``resumes_on``, the first working day after ``answer_due`` (``clock.resumes_on``)."""

    party: str
    party_kind: str
    answer_due: dt.date
    resumes_on: dt.date


def lapse_of(consultation: clock.Consultation, calendar: workdays.Calendar) -> Lapse:
    return Lapse(
        consultation.party,
        consultation.party_kind,
        consultation.answer_due,
        clock.resumes_on(consultation, calendar),
    )


def _may_have_lapsed(rows: Sequence[Event], today: dt.date) -> bool:
    """Whether a consultation's recorded deadline passed before its answer, the reply or today: without it
    nothing lapsed and no calendar need be read. (The clock, run after, says which did.)"""
    end = next((e.on for e in rows if e.kind in (EventKind.ANSWERED, EventKind.CLOSED)), today)
    for started in (e for e in rows if e.kind == EventKind.CONSULTATION_STARTED):
        due = (started.data or {}).get("answer_due")
        if not due:
            return True  # recorded before deadlines were: the clock works it out
        party = (started.data or {}).get("party", "")
        answered = next(
            (
                e.on
                for e in rows
                if e.kind == EventKind.CONSULTATION_ENDED
                and e.on >= started.on
                and (e.data or {}).get("party", "") == party
            ),
            end,
        )
        if min(answered, end) > dt.date.fromisoformat(str(due)):
            return True
    return False


def consultation_lapses(
    events: Iterable[Event],
    today: dt.date,
    *,
    received_on: dt.date | None = None,
    calendar: workdays.Calendar | None = None,
) -> tuple[list[Lapse], set[int]]:
    """The consultations that lapsed by ``today`` as the clock counts them (``clock.compute``: the party's
    deadline passed before its answer and before the application was answered or closed), and the pks of
    the answers that came after their deadline. ``calendar`` covers the events and today (a list passes the
    one it read for all its rows); it is read here when not given, and only when there was a consultation.
    ``received_on`` does not change what the consultations are (the first event's day stands in for it)."""
    rows = sorted(events, key=lambda e: (e.on, e.pk))
    if not any(e.kind == EventKind.CONSULTATION_STARTED for e in rows):
        return [], set()
    received_on = received_on or rows[0].on
    if calendar is None and not _may_have_lapsed(rows, today):
        return [], set()  # no calendar read for nothing (a list's rows each come here)
    if calendar is None:
        from gongkai.core import calendar as cal

        calendar = cal.load(*calendar_for(received_on, today))
    state = clock.compute(received_on, clock_events(rows), calendar, today)
    lapsed = [c for c in state.consultations if c.lapsed]
    late = {rows[c.answered_by].pk for c in lapsed if c.answered_by is not None}
    lapses = [lapse_of(c, calendar) for c in lapsed]
    return sorted(lapses, key=lambda lapse: lapse.answer_due), late


def lapse_sentence(lapse: Lapse, *, name: bool = True) -> str:
    """What the timeline says of a lapsed consultation (``name``: the party's name, for staff only)."""
    values = {"p": lapse.party if name else "", "x": chinese_date(lapse.resumes_on)}
    if lapse.party_kind == clock.ORGAN:
        return (
            _(
                "被征求意见的机关%(p)s逾期未提出意见，视为同意公开（条例第三十四条），自%(x)s起恢复计算答复期限"
            )
            % values
        )
    return _("第三方%(p)s逾期未提出意见，自%(x)s起恢复计算答复期限") % values


def timeline(
    events: Iterable[Event],
    today: dt.date | None = None,
    *,
    received_on: dt.date | None = None,
    calendar: workdays.Calendar | None = None,
    help_visible: bool = False,
) -> list[TimelineRow]:
    """The events as sentences, in the order they happened (``events`` may come from a prefetch), with the
    day each lapsed consultation stopped pausing the clock. ``help_visible``: the viewer is in the handling
    unit, the only one to read what help the applicant was given (Art. 43; others see that it was)."""
    from django.utils import timezone

    events = list(events)
    lapses, late = consultation_lapses(
        events, today or timezone.localdate(), received_on=received_on, calendar=calendar
    )
    rows = [
        TimelineRow(
            on=lapse.resumes_on,
            text=lapse_sentence(lapse),
            note="",
            detail="",
            due_after=None,
            actor=_("系统"),
        )
        for lapse in lapses
    ]
    for event in sorted(events, key=lambda e: (e.on, e.pk)):
        data = event.data or {}
        if event.pk in late:
            data = {**data, "late": True}
        detail = ""
        if event.kind == EventKind.ANSWERED:
            detail = data.get("reply_text", "")
            if data.get("withheld_note"):
                detail += "\n" + _("不予公开部分及理由：%(w)s") % {"w": data["withheld_note"]}
        actor = event.actor.full_name or event.actor.username if event.actor_id else _("系统")
        hidden = event.kind in NOTE_IN_SENTENCE or (event.kind == EventKind.HELP_GIVEN and not help_visible)
        rows.append(
            TimelineRow(
                on=event.on,
                text=_sentence(event.kind, data, event.note),
                note="" if hidden else event.note,
                detail=detail,
                due_after=event.due_on_after,
                actor=actor,
            )
        )
    return sorted(rows, key=lambda row: row.on)


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
    # The days of a running pause are in ``not_counted`` up to today (clock.compute).
    for consultation in state.consultations:
        if consultation.lapsed and consultation.answered_on is None:
            lines.append(
                lapse_sentence(lapse_of(consultation, calendar))
                + _("（对方提出意见的期限为%(d)s）。") % {"d": chinese_date(consultation.answer_due)}
            )
        elif consultation.lapsed:
            lines.append(
                _("%(p)s于%(a)s提出意见，已超过%(d)s的期限，逾期期间计入答复期限。")
                % {
                    "p": consultation.party,
                    "a": chinese_date(consultation.answered_on),
                    "d": chinese_date(consultation.answer_due),
                }
            )
    if state.state == "paused" and state.paused_since:
        pausing = "fee" if state.fee_payment_due else "consultation"
        if pausing == "consultation":
            waiting = [c for c in state.consultations if c.open]
            lines.append(
                _(
                    "自%(d)s起征求意见，尚未收到意见；征求意见期间不计入答复期限（条例第三十三条第三款），答复期限随之顺延，最迟顺延至对方提出意见的期限%(due)s。"
                )
                % {
                    "d": chinese_date(state.paused_since),
                    "due": chinese_date(max((c.answer_due for c in waiting), default=None)),
                }
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
