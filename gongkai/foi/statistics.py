"""Public statistics of applications per unit and year, from the records and with nothing about any
applicant (issue 21, item 6): received, concluded, answered on time, average working days to the answer, the
outcomes in the annual report's categories, reconsiderations and suits; and, apart from them (they are not
disclosure applications and stay out of table 3), the requests to correct records (Art. 41): received,
decided, and each outcome."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import calendar as cal
from gongkai.core import workdays

from . import rules
from .models import Appeal, Application, CorrectionOutcome, Outcome, RecordCorrection

HEADER = [
    "单位", "年度", "收到申请", "办结", "按时答复", "按时答复率（%）", "平均答复用时（工作日）",
    *[str(label) for _value, label in Outcome.choices], "行政复议", "行政诉讼", "被纠错",
    "更正申请收到", "更正申请办结", *[f"更正申请：{label}" for _value, label in CorrectionOutcome.choices],
]  # fmt: skip
CORRECTION_KEYS = ("received", "decided", *CorrectionOutcome.values)


def years() -> range:
    """The years an application can be from, newest first (the statistics' and the ledger's choices)."""
    return range(timezone.localdate().year, rules.FIRST_YEAR - 1, -1)


def checked_year(year: int | None) -> int | None:
    """``year`` if applications can be from it (None stays None), else ValidationError in Chinese."""
    if year is not None and year not in years():
        raise ValidationError(
            {"year": _("年度应在%(a)s至%(b)s之间。") % {"a": rules.FIRST_YEAR, "b": years()[0]}}
        )
    return year


def compute(*, year: int, scope: Q | None = None, unit=None) -> list[dict]:
    """One row per unit with applications received or concluded in ``year`` (``scope``: a filter on the
    applications, a site's ``unit_q("unit")``), plus the total as the last row when there are several."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    applications = Application.objects.filter(
        Q(received_on__gte=start, received_on__lte=end) | Q(answered_on__gte=start, answered_on__lte=end)
    )
    if scope is not None:
        applications = applications.filter(scope)
    if unit is not None:
        applications = applications.filter(unit=unit)
    rows: dict[int, dict] = {}
    days: dict[int, list[int]] = defaultdict(list)
    calendar = cal.load(start - dt.timedelta(days=400), end + dt.timedelta(days=1))
    fields = ("unit_id", "unit__name", "received_on", "answered_on", "due_on", "outcome")
    for unit_id, name, received_on, answered_on, due_on, outcome in applications.values_list(*fields):
        row = rows.setdefault(unit_id, _row(unit_id, name, year))
        if start <= received_on <= end:
            row["received"] += 1
        if answered_on and outcome and start <= answered_on <= end:
            row["concluded"] += 1
            row["outcomes"][outcome] += 1
            if due_on is None or answered_on <= due_on:
                row["on_time"] += 1
            days[unit_id].append(workdays.working_days_between(received_on, answered_on, calendar)[0])
    appeals = Appeal.objects.filter(
        application__unit_id__in=rows.keys(), filed_on__gte=start, filed_on__lte=end
    )
    for unit_id, kind, result in appeals.values_list("application__unit_id", "kind", "result"):
        row = rows[unit_id]
        row["reviews" if kind == Appeal.Kind.REVIEW else "suits"] += 1
        row["corrected"] += result == Appeal.Result.CORRECTED
    _count_corrections(rows, year=year, scope=scope, unit=unit)
    out = sorted(rows.values(), key=lambda r: r["unit"])
    if len(out) > 1:
        total = _row(None, "合计", year)
        for row in out:
            for key in ("received", "concluded", "on_time", "reviews", "suits", "corrected"):
                total[key] += row[key]
            total["outcomes"].update(row["outcomes"])
            for key in CORRECTION_KEYS:
                total["corrections"][key] += row["corrections"][key]
        days[None] = [d for ds in days.values() for d in ds]
        out.append(total)
    for row in out:
        _finish(row, days[row["unit_id"]])
    return out


def _row(unit_id, name: str, year: int) -> dict:
    return {
        "unit_id": unit_id, "unit": name, "year": year, "received": 0, "concluded": 0, "on_time": 0,
        "outcomes": Counter(), "reviews": 0, "suits": 0, "corrected": 0,
        "corrections": dict.fromkeys(CORRECTION_KEYS, 0),
    }  # fmt: skip


def _count_corrections(rows: dict, *, year: int, scope: Q | None, unit) -> None:
    """Requests to correct records (Art. 41) received or decided in ``year``, into each unit's row (a unit
    with corrections only gets a row too)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = RecordCorrection.objects.filter(
        Q(received_on__gte=start, received_on__lte=end) | Q(decided_on__gte=start, decided_on__lte=end)
    )
    if scope is not None:
        cases = cases.filter(scope)
    if unit is not None:
        cases = cases.filter(unit=unit)
    fields = ("unit_id", "unit__name", "received_on", "decided_on", "outcome")
    for unit_id, name, received_on, decided_on, outcome in cases.values_list(*fields):
        counts = rows.setdefault(unit_id, _row(unit_id, name, year))["corrections"]
        if start <= received_on <= end:
            counts["received"] += 1
        if decided_on and outcome and start <= decided_on <= end:
            counts["decided"] += 1
            counts[outcome] += 1


def _finish(row: dict, days: list[int]) -> None:
    row["on_time_percent"] = round(row["on_time"] / row["concluded"] * 100, 1) if row["concluded"] else None
    row["average_working_days"] = round(sum(days) / len(days), 1) if days else None
    row["outcomes"] = [
        {"outcome": value, "label": str(label), "count": row["outcomes"][value]}
        for value, label in Outcome.choices
        if row["outcomes"][value]
    ]


def table_rows(rows: list[dict]) -> list[list]:
    """The rows under ``HEADER`` (CSV, XLSX)."""
    out = []
    for row in rows:
        counts = {o["outcome"]: o["count"] for o in row["outcomes"]}
        out.append(
            [
                row["unit"], row["year"], row["received"], row["concluded"], row["on_time"],
                row["on_time_percent"] if row["on_time_percent"] is not None else "",
                row["average_working_days"] if row["average_working_days"] is not None else "",
                *[counts.get(value, 0) for value, _label in Outcome.choices],
                row["reviews"], row["suits"], row["corrected"],
                *[row["corrections"][key] for key in CORRECTION_KEYS],
            ]
        )  # fmt: skip
    return out
