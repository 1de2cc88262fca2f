"""Table 2 of the annual report from the registers (AR_FORMAT_2021, spec §3.2): 本年处理决定数量 of 行政许可,
行政处罚 and 行政强制, and 行政事业性收费 本年收费金额（万元）.

A row is computed only for units that keep its register: decisions of that kind recorded in any year (a unit
that keeps one and decided nothing this year reports 0), or the year's fee total recorded. Any other row
stays with the hand entry, and the report says which rows were entered by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from .models import Decision, DecisionKind, FeeCollection

ROWS = {
    DecisionKind.LICENSING: "licensing",
    DecisionKind.PENALTY: "penalty",
    DecisionKind.COERCION: "coercion",
}
COMPUTED_ROWS = (*ROWS.values(), "fees")


def report_figures(units, year: int) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = (
        Decision.objects.filter(unit__in=units)
        .values("kind")
        .annotate(decisions=Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)))
    )
    figures: dict[str, dict] = {ROWS[row["kind"]]: {"decisions": row["decisions"]} for row in counts}
    fees = FeeCollection.objects.filter(unit__in=units, year=year).aggregate(
        total=Sum("amount_10k_yuan"), n=Count("pk")
    )
    if fees["n"]:
        total = fees["total"].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # 四舍五入 to the 元 hundred
        figures["fees"] = {"amount_10k_yuan": str(total)}
    return figures
