"""The statutory clock of an application, recomputed from its events (spec §1.1, §1.4, §2).

Pure: no database. Given the receipt date, the events so far and the calendar, it says when the reply is
due, whether the clock is running, stopped for a correction or paused for a consultation or a fee, and
which working days were not counted and why.

Rules (《政府信息公开条例》 2019):
* reply within 20 working days of receipt, the receipt day not counted (Art. 33 ¶2);
* a correction request (Art. 30) stops the clock; when the corrected application arrives the 20 days start
  again in full from that day;
* time spent consulting a third party (Art. 32) or another organ (Art. 34) is not counted (Art. 33 ¶3):
  working days in (letter sent, end] are skipped, overlapping consultations counted once. The end is the
  answer or the consulted party's deadline, whichever comes first: a third party has 15 working days from
  receiving the letter (Art. 32), another organ the limit the openness office sets (Art. 34, 15 by
  default); once the deadline has passed the clock runs again even with no answer, and a late answer is
  recorded for the file without moving the due date;
* so is the time between a fee notice and payment (FEE_MEASURES_2020);
* an approved extension adds at most 20 working days (Art. 33 ¶2);
* for clearly unreasonable volume the organ sets its own later date (Art. 35).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from gongkai.core import workdays

from . import rules

ONE_DAY = dt.timedelta(days=1)

THIRD_PARTY, ORGAN = "third_party", "organ"  # whom a consultation asks (the event's ``party_kind``)

PAUSE_REASONS = {
    "consultation": "征求第三方或其他机关意见期间不计算在答复期限内（条例第三十三条第三款）",
    "fee": "缴纳信息处理费期间不计算在答复期限内",
}


@dataclass(frozen=True)
class Event:
    kind: str
    on: dt.date
    data: Mapping = field(default_factory=dict)


@dataclass
class Consultation:
    """One consultation as the clock counts it: until the answer or the party's deadline, the earlier."""

    party: str
    party_kind: str  # THIRD_PARTY or ORGAN
    started: dt.date  # the letter's date
    answer_due: dt.date  # the consulted party's deadline
    answered_on: dt.date | None = None
    lapsed: bool = False  # the deadline passed before an answer (none yet, or a late one) or the reply
    answered_by: int | None = None  # the index in ``compute``'s ``events`` of the answer that ended it

    @property
    def open(self) -> bool:
        return self.answered_on is None and not self.lapsed

    @property
    def ends_on(self) -> dt.date | None:
        """The last day not counted for it (None while it is still running)."""
        if self.lapsed:
            return self.answer_due
        return min(self.answered_on, self.answer_due) if self.answered_on else None


@dataclass
class Clock:
    start: dt.date  # the day the 20 working days run from (receipt, or receipt of the correction)
    due: dt.date | None  # None while stopped for a correction
    provisional: bool = False
    state: str = "running"  # running, correction, paused, finished
    correction_due: dt.date | None = None  # by when the applicant must return the correction
    paused_since: dt.date | None = None
    fee_payment_due: dt.date | None = None
    extended_days: int = 0
    not_counted: list[tuple[dt.date, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)

    def working_days_left(self, today: dt.date, calendar: workdays.Calendar) -> int | None:
        if self.due is None:
            return None
        count, _ = workdays.working_days_between(today, self.due, calendar)
        return count


def correction_request_deadline(receipt: dt.date, calendar: workdays.Calendar) -> dt.date:
    """The last day a correction may be requested: 7 working days after receipt (Art. 30)."""
    return workdays.add_working_days(receipt, rules.T_CORRECTION_NOTICE, calendar).due


def _merge(intervals: list[tuple[dt.date, dt.date, str]]) -> list[tuple[dt.date, dt.date, str]]:
    merged: list[tuple[dt.date, dt.date, str]] = []
    for start, end, kind in sorted(intervals):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def answer_days(data: Mapping, organ_days: int = rules.T_CONSULTATION) -> int:
    """The working days a consulted party has: recorded with the consultation, or else 15 for a third party
    (Art. 32) and the office's limit for another organ (Art. 34)."""
    if data.get("answer_days"):
        return int(data["answer_days"])
    return organ_days if data.get("party_kind") == ORGAN else rules.T_CONSULTATION


def compute(
    receipt: dt.date,
    events: Sequence[Event],
    calendar: workdays.Calendar,
    today: dt.date,
    organ_days: int = rules.T_CONSULTATION,
) -> Clock:
    """The clock on ``today``. ``organ_days``: the office's limit for another organ's answer (Art. 34), for
    consultations that did not record their own."""
    start = receipt
    pauses: list[tuple[dt.date, dt.date, str]] = []
    open_pauses: dict[str, tuple[dt.date, str]] = {}  # the fee notice awaiting payment
    consulting: dict[str, Consultation] = {}  # open consultations by party
    extension = 0
    override: dt.date | None = None
    clock = Clock(start=receipt, due=None)
    finished, finished_on = False, None
    for index, event in enumerate(events):
        kind, data = event.kind, event.data
        if kind == "correction_requested":
            clock.state = "correction"
            clock.correction_due = (
                data.get("deadline")
                or workdays.add_working_days(event.on, rules.T_CORRECTION_DEFAULT, calendar).due
            )
        elif kind == "correction_received":
            start, pauses, open_pauses, consulting, extension, override = event.on, [], {}, {}, 0, None
            clock.state, clock.correction_due = "running", None
            clock.notes.append(f"{event.on:%Y-%m-%d}收到补正后的申请，答复期限自该日重新计算。")
        elif kind == "consultation_started":
            received = data.get("party_received_on") or event.on
            consultation = Consultation(
                party=data.get("party", ""),
                party_kind=ORGAN if data.get("party_kind") == ORGAN else THIRD_PARTY,
                started=event.on,
                answer_due=workdays.add_working_days(received, answer_days(data, organ_days), calendar).due,
            )
            consulting[consultation.party] = consultation
            clock.consultations.append(consultation)
        elif kind == "consultation_ended":
            consultation = consulting.pop(data.get("party", ""), None) or next(
                (consulting.pop(k) for k in list(consulting)), None
            )
            if consultation is not None:
                consultation.answered_on, consultation.answered_by = event.on, index
                consultation.lapsed = event.on > consultation.answer_due
                pauses.append((consultation.started, consultation.ends_on, "consultation"))
        elif kind == "fee_notice_sent":
            open_pauses["fee"] = (event.on, "fee")
            received = data.get("received_on") or event.on
            clock.fee_payment_due = workdays.add_working_days(received, rules.T_FEE_PAYMENT, calendar).due
        elif kind == "fee_paid":
            opened = open_pauses.pop("fee", None)
            if opened:
                pauses.append((opened[0], event.on, "fee"))
            clock.fee_payment_due = None
        elif kind == "extended":
            extension += int(data.get("days", rules.T_EXTENSION_MAX))
        elif kind == "delayed_excessive":
            override = data["new_due"]
        elif kind in ("answered", "closed"):
            finished = True
            finished_on = finished_on or event.on

    # A consultation whose party let its deadline pass without answering ends at the deadline (Arts. 32, 34).
    # One still unanswered when the application was answered or closed counts until then at the latest, and
    # lapsed only if its deadline passed before that day.
    running: list[dt.date] = []
    for consultation in consulting.values():
        consultation.lapsed = min(today, finished_on or today) > consultation.answer_due
        if finished_on is not None:
            pauses.append((consultation.started, min(consultation.answer_due, finished_on), "consultation"))
        elif consultation.lapsed:
            pauses.append((consultation.started, consultation.answer_due, "consultation"))
        else:
            running.append(consultation.started)
            pauses.append((consultation.started, max(today, consultation.started), "consultation"))
    if not finished:
        for opened, kind in open_pauses.values():
            running.append(opened)
            pauses.append((opened, max(today, opened), kind))

    clock.start, clock.extended_days = start, extension
    if clock.state == "correction":
        return clock

    result = workdays.add_working_days(start, rules.T_REPLY, calendar)
    due, provisional = result.due, result.provisional
    if extension:
        shifted = workdays.add_working_days(due, extension, calendar)
        due, provisional = shifted.due, provisional or shifted.provisional
    for pause_start, pause_end, kind in _merge([p for p in pauses if p[1] > start]):
        pause_start = max(pause_start, start)
        if pause_start >= due:
            clock.notes.append(f"{pause_start:%Y-%m-%d}开始的暂停晚于当时的答复期限，未顺延。")
            continue
        day = pause_start
        skipped = 0
        while day < pause_end:
            day += ONE_DAY
            if calendar.is_workday(day):
                clock.not_counted.append((day, PAUSE_REASONS[kind]))
                skipped += 1
        shifted = workdays.add_working_days(due, skipped, calendar)
        due, provisional = shifted.due, provisional or shifted.provisional
    if override is not None:
        due = override
    if running:
        clock.state, clock.paused_since = "paused", min(running)
    if finished:
        clock.state = "finished"
    clock.due, clock.provisional = due, provisional
    return clock


def resumes_on(consultation: Consultation, calendar: workdays.Calendar) -> dt.date:
    """The first working day counted again after a consultation whose party let the deadline pass."""
    return workdays.add_working_days(consultation.answer_due, 1, calendar).due


def consultation_deadline(
    party_received_on: dt.date, calendar: workdays.Calendar, days: int = rules.T_CONSULTATION
) -> dt.date:
    """By when the consulted party must answer: 15 working days (or ``days``) after it received the letter."""
    return workdays.add_working_days(party_received_on, days, calendar).due
