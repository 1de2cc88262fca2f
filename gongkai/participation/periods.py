"""Kinds of draft and their shortest public-comment periods (征求意见期限).

The minimums are rows of :class:`~gongkai.participation.models.ConsultationKind`, seeded from the law and kept by
the openness office:

- 重大行政决策: not less than 30 days (《重大行政决策程序暂行条例》（2019年）第十四条);
- 规章: not less than 30 days (《规章制定程序条例》第十五条);
- 涉企政策: not less than 30 days (《优化营商环境条例》（2019年）第六十二条);
- 行政规范性文件: not less than 7 working days (国办发〔2018〕37号);
- 其他: no minimum.

How a period is counted: the day the consultation opens does not count; counting starts the next day, as
《民法典》第二百零一条 reads a period "in days" (按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算). The
period runs through the last day on which comments are still received: the local date of the closing time
(a closing time of exactly midnight ends with the day before). A 30-day minimum therefore means the last day
of comments is at least 30 calendar days after the opening day; a 7-working-day minimum, that at least 7
working days on the holiday calendar (:mod:`gongkai.core.calendar`, with its make-up workdays) lie after the
opening day up to and including the last day.

Several kinds may apply to one draft: the one whose earliest allowed last day is the latest binds (a 30-day
minimum usually beats 7 working days, but not always across a long holiday, hence the comparison by dates).
A shorter period is allowed when a reason is recorded (``shortened_reason``); the reason is published with the
dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, calendar, workdays
from gongkai.core.access import can
from gongkai.core.actors import is_system
from gongkai.core.roles import Capability

from .models import ConsultationKind

CALENDAR = ConsultationKind.DayCount.CALENDAR
WORKING = ConsultationKind.DayCount.WORKING


@dataclass(frozen=True)
class Rule:
    """The binding minimum of a set of kinds: ``kind`` is the kind that sets it (``None``: no minimum)."""

    kinds: tuple = ()
    kind: ConsultationKind | None = None
    minimum: int = 0
    day_count: str = CALENDAR
    basis: str = ""
    names: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """「30日」, 「7个工作日」 or 「不设最短期限」."""
        if not self.minimum:
            return _("不设最短期限")
        return f"{self.minimum}{ConsultationKind.DayCount(self.day_count).label}"

    @property
    def unit_label(self) -> str:
        return str(ConsultationKind.DayCount(self.day_count).label)


def first_day(starts_at: dt.datetime) -> dt.date:
    """The opening day (not counted)."""
    return timezone.localtime(starts_at).date()


def last_day(ends_at: dt.datetime) -> dt.date:
    """The last day on which comments are received: a closing time of exactly midnight ends the day before."""
    return timezone.localtime(ends_at - dt.timedelta(microseconds=1)).date()


def _earliest_last_day(
    start: dt.date, kind: ConsultationKind, cal: workdays.Calendar | None = None
) -> dt.date:
    if not kind.minimum:
        return start
    if kind.day_count == WORKING:
        if cal is not None:
            return workdays.add_working_days(start, kind.minimum, cal).due
        return calendar.add_working_days(start, kind.minimum).due
    return start + dt.timedelta(days=kind.minimum)


def _kinds(kinds: Iterable | None) -> list[ConsultationKind]:
    """The kinds as rows (codes are looked up); none at all counts as 其他."""
    rows, codes = [], []
    for kind in kinds or ():
        (rows if isinstance(kind, ConsultationKind) else codes).append(kind)
    if codes:
        rows += list(ConsultationKind.objects.filter(code__in=codes))
    if not rows:
        rows = list(ConsultationKind.objects.filter(code="other"))
    return rows


def rule_for(starts_at: dt.datetime, kinds: Iterable | None, cal: workdays.Calendar | None = None) -> Rule:
    """The binding rule of ``kinds`` for a consultation opening at ``starts_at`` (kind rows or codes); ``cal``:
    the holiday calendar already read over the dates concerned (else it is read here)."""
    rows = _kinds(kinds)
    start = first_day(starts_at)
    binding, latest = None, start
    for kind in rows:
        if not kind.minimum:
            continue
        end = _earliest_last_day(start, kind, cal)
        if binding is None or end > latest:
            binding, latest = kind, end
    names = tuple(k.name for k in rows)
    if binding is None:
        return Rule(kinds=tuple(rows), names=names)
    return Rule(
        kinds=tuple(rows), kind=binding, minimum=binding.minimum, day_count=binding.day_count,
        basis=binding.basis, names=names,
    )  # fmt: skip


def earliest_end(starts_at: dt.datetime, kinds: Iterable | None) -> dt.date:
    """The earliest last day of comments ``kinds`` allow for a consultation opening at ``starts_at``."""
    rule = rule_for(starts_at, kinds)
    if rule.kind is None:
        return first_day(starts_at)
    return _earliest_last_day(first_day(starts_at), rule.kind)


def length(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    day_count: str = CALENDAR,
    cal: workdays.Calendar | None = None,
) -> int:
    """How long a consultation runs: days (or working days) after the opening day through the last day."""
    start, end = first_day(starts_at), last_day(ends_at)
    if day_count == WORKING:
        if cal is not None:
            return workdays.working_days_between(start, end, cal)[0]
        return calendar.working_days_between(start, end)[0]
    return (end - start).days


def period_of(consultation, kinds: Iterable | None = None) -> tuple[int, Rule]:
    """(how long ``consultation`` runs in its binding kind's unit, the binding rule)."""
    if kinds is None:
        kinds = list(consultation.kinds.all()) if consultation.pk else []
    rule = rule_for(consultation.starts_at, kinds)
    return length(consultation.starts_at, consultation.ends_at, rule.day_count), rule


def periods_of(consultations) -> dict[int, tuple[int, Rule]]:
    """:func:`period_of` of each of ``consultations`` (by pk), their kinds prefetched
    (``prefetch_related("kinds")``): the 其他 row and the holiday calendar are read once for all of them, so a
    list costs the same queries however many rows it shows."""
    consultations = list(consultations)
    chosen = {c.pk: list(c.kinds.all()) for c in consultations}
    if not all(chosen.values()):
        other = _kinds(None)
        chosen = {pk: rows or other for pk, rows in chosen.items()}
    dates, working = [], False
    for c in consultations:
        start = first_day(c.starts_at)
        dates += [start, last_day(c.ends_at)]
        for kind in chosen[c.pk]:
            if kind.minimum and kind.day_count == WORKING:
                working = True
                dates += workdays.span_for(start, kind.minimum)
    cal = calendar.load(min(dates), max(dates)) if working else None
    result = {}
    for c in consultations:
        rule = rule_for(c.starts_at, chosen[c.pk], cal)
        result[c.pk] = length(c.starts_at, c.ends_at, rule.day_count, cal), rule
    return result


def label(days: int, rule: Rule) -> str:
    """「32日（不少于30日）」 from :func:`period_of`'s answer."""
    text = _("%(n)d%(unit)s") % {"n": days, "unit": rule.unit_label}
    if rule.minimum:
        text += _("（不少于%(minimum)s）") % {"minimum": rule.label}
    return text


def period_label(consultation, kinds: Iterable | None = None) -> str:
    """「征求意见期限：32日（不少于30日）」."""
    return label(*period_of(consultation, kinds))


def check(consultation, kinds) -> None:
    """Raise ``ValidationError`` when ``consultation``'s period is shorter than the longest minimum of
    ``kinds`` and no ``shortened_reason`` is given, naming the minimum and its basis. A closing time not after
    the opening time is refused first."""
    starts_at, ends_at = consultation.starts_at, consultation.ends_at
    if starts_at is None or ends_at is None:
        return  # the form or the schema reports the missing date
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("截止时间须晚于开始时间。")})
    days, rule = period_of(consultation, kinds)
    if not rule.minimum or days >= rule.minimum:
        return
    if (consultation.shortened_reason or "").strip():
        return
    raise ValidationError({"ends_at": refusal(rule, days)})


def refusal(rule: Rule, days: int) -> str:
    """「依据《重大行政决策程序暂行条例》（2019年）第十四条，重大行政决策草案征求意见的期限一般不少于30日，本次仅10日；
    确需缩短的……」: the basis cited by its title and article (what follows its colon restates the minimum)."""
    citation = rule.basis.split("：")[0].strip() if rule.basis else ""
    message = _("%(kind)s草案征求意见的期限一般不少于%(minimum)s") % {
        "kind": rule.kind.name, "minimum": rule.label,
    }  # fmt: skip
    if citation:
        message = _("依据%(basis)s，") % {"basis": citation} + message
    message += _("，本次仅%(n)d%(unit)s；确需缩短的，请填写缩短理由，理由将与起止时间一并公开。") % {
        "n": days, "unit": rule.unit_label,
    }  # fmt: skip
    return message


# The office keeps the minimums ------------------------------------------------------------------------


def may_edit_kinds(user) -> bool:
    """The openness office at the root of the tree keeps the minimums (SUPERVISE over the root)."""
    if not can(user, Capability.SUPERVISE):
        return False
    if is_system(user) or user.is_superuser:
        return True
    return user.unit is not None and user.unit.parent_id is None


@transaction.atomic
def save_kind(*, actor, kind: ConsultationKind, minimum: int, day_count: str, basis: str) -> ConsultationKind:
    """Change a kind's minimum period and its basis (the openness office only), audited."""
    if not may_edit_kinds(actor):
        raise PermissionDenied
    if day_count not in ConsultationKind.DayCount.values:
        raise ValidationError({"day_count": _("期限计算方式须为“日”或“工作日”。")})
    if minimum and not basis.strip():
        raise ValidationError({"basis": _("设定最短期限的，请写明依据。")})
    fields = ["minimum", "day_count", "basis"]
    before = audit.snapshot(kind, fields)
    kind.minimum, kind.day_count, kind.basis = minimum, day_count, basis.strip()
    kind.full_clean()
    kind.save()
    audit.record(actor=actor, action="participation.kind_saved", obj=kind, unit=None,
                 changes=audit.diff(before, audit.snapshot(kind, fields)))  # fmt: skip
    return kind
