"""The report's figures, aggregated in the database from the platform's own records (spec §3).

Counting rules (AR_FORMAT_2021, and [D] where the template is silent):
* new_received: applications received in the year;
* carried_over: received before the year and not concluded before it;
* result rows: applications concluded in the year (answered, or closed with an 其他处理 outcome), by their
  single outcome, so a partly disclosed one counts only under 部分公开;
* carried_forward: received by the end of the year and not concluded by then;
* an application counts for the unit handling it now (after a transfer, the receiving unit);
* table 4: reconsiderations and lawsuits about the unit's applications that were filed by the end of the year
  and not decided before it; decided in the year by their result, otherwise 尚未审结.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from gongkai.core.models import Organization
from gongkai.foi.models import Appeal, Application, Event, EventKind

from .layout import APPLICANT_COLUMNS, OUTCOME_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS


def _empty_t3() -> dict[str, dict[str, int]]:
    return {code: dict.fromkeys([*APPLICANT_COLUMNS, "total"], 0) for code, *_ in T3_ROWS}


def table3(units, year: int) -> dict[str, dict[str, int]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    applications = Application.objects.filter(unit__in=units)
    concluded_in_year = Q(answered_on__gte=start, answered_on__lte=end) & ~Q(outcome="")
    table = _empty_t3()

    by_type = applications.values("applicant_type").annotate(
        new_received=Count("pk", filter=Q(received_on__gte=start, received_on__lte=end)),
        carried_over=Count(
            "pk", filter=Q(received_on__lt=start) & (Q(answered_on__isnull=True) | Q(answered_on__gte=start))
        ),
        carried_forward=Count(
            "pk", filter=Q(received_on__lte=end) & (Q(answered_on__isnull=True) | Q(answered_on__gt=end))
        ),
    )
    for row in by_type:
        for code in ("new_received", "carried_over", "carried_forward"):
            table[code][row["applicant_type"]] += row[code]

    outcomes = (
        applications.filter(concluded_in_year).values("applicant_type", "outcome").annotate(n=Count("pk"))
    )
    for row in outcomes:
        if row["outcome"] in table:
            table[row["outcome"]][row["applicant_type"]] += row["n"]

    for column in APPLICANT_COLUMNS:
        table["total_processed"][column] = sum(table[code][column] for code in OUTCOME_ROWS)
    for values in table.values():
        values["total"] = sum(values[column] for column in APPLICANT_COLUMNS)
    return table


def table4(units, year: int) -> dict[str, dict[str, int]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    appeals = Appeal.objects.filter(application__unit__in=units, filed_on__lte=end).exclude(
        decided_on__lt=start
    )
    decided = Q(decided_on__isnull=False, decided_on__lte=end)
    rows = appeals.values("kind").annotate(
        upheld=Count("pk", filter=decided & Q(result=Appeal.Result.UPHELD)),
        corrected=Count("pk", filter=decided & Q(result=Appeal.Result.CORRECTED)),
        other=Count("pk", filter=decided & Q(result=Appeal.Result.OTHER)),
        pending=Count("pk", filter=~decided | Q(result=Appeal.Result.PENDING)),
    )
    table = {group: dict.fromkeys([c for c, _ in T4_COLUMNS], 0) for group, _ in T4_GROUPS}
    for row in rows:
        for column in ("upheld", "corrected", "other", "pending"):
            table[row["kind"]][column] = row[column]
        table[row["kind"]]["total"] = sum(row[c] for c in ("upheld", "corrected", "other", "pending"))
    return table


def fees(units, year: int) -> dict[str, Decimal | int]:
    """Section 六: fee notices issued in the year, the amount billed and the amount collected (yuan)."""
    events = Event.objects.filter(application__unit__in=units, on__year=year)
    amount = Cast(KT("data__amount"), DecimalField(max_digits=14, decimal_places=2))
    notices = events.filter(kind=EventKind.FEE_NOTICE_SENT).aggregate(n=Count("pk"), billed=Sum(amount))
    paid_apps = events.filter(kind=EventKind.FEE_PAID).values("application")
    collected = Event.objects.filter(kind=EventKind.FEE_NOTICE_SENT, application__in=paid_apps).aggregate(
        total=Sum(amount)
    )
    return {
        "fee_notices_count": notices["n"],
        "fee_billed_total_yuan": notices["billed"] or Decimal(0),
        "fee_collected_total_yuan": collected["total"] or Decimal(0),
    }


def proposals(units, year: int) -> dict:
    """Section 六: the NPC suggestions and CPPCC proposals the units handled as lead unit, the replies by
    category (A/B/C) and the satisfaction returned, with the sentence that states them (empty when none)."""
    from gongkai.participation.proposals import report_figures

    return report_figures(units, year)


def units_of(unit: Organization, *, subtree: bool = False):
    return Organization.objects.subtree(unit) if subtree else Organization.objects.filter(pk=unit.pk)
