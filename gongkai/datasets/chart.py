"""A release as a ranked horizontal bar chart (server-rendered SVG: no script, readable at 390 px).

The chart is a picture of the table, never its only source: the SVG has ``role="img"`` with a title and a
description naming the first and last ranked, and the table below it stays what assistive technology reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

BAR_SPAN = 260
VALUE_WIDTH = 56
FONT = 14
BAR_HEIGHT = 22
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    rank: int
    label: str
    value: Decimal
    text: str
    y: int
    width: str  # SVG numbers as text: never localised by the template
    text_y: int
    value_x: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    width: int
    label_width: int
    bar_x: int
    value_column: str
    unit: str
    lower_is_better: bool

    @property
    def first(self) -> Bar:
        return self.bars[0]

    @property
    def last(self) -> Bar:
        return self.bars[-1]


def ranked(columns: list[dict], rows: list[list[str]], label_column: str, value_column: str,
           lower_is_better: bool) -> list[tuple[int, str, Decimal, str]]:  # fmt: skip
    """(rank, label, value, value as written) best first; rows without a value are left out; equal values
    share a rank (1, 2, 2, 4)."""
    names = [c["name"] for c in columns]
    if label_column not in names or value_column not in names:
        return []
    li, vi = names.index(label_column), names.index(value_column)
    points = []
    for row in rows:
        try:
            points.append((row[li], Decimal(row[vi]), row[vi]))
        except (InvalidOperation, IndexError):
            continue
    points.sort(key=lambda p: p[1], reverse=not lower_is_better)
    result, previous, rank = [], None, 0
    for position, (label, value, text) in enumerate(points, start=1):
        if value != previous:
            rank, previous = position, value
        result.append((rank, label, value, text))
    return result


def build(columns: list[dict], rows: list[list[str]], label_column: str, value_column: str,
          lower_is_better: bool) -> Chart | None:  # fmt: skip
    points = ranked(columns, rows, label_column, value_column, lower_is_better)
    if not points:
        return None
    top = max((p[2] for p in points), default=Decimal(0))
    # Wide enough for the longest "15. 名称" (a CJK character is about one em), at most 220 units.
    label_width = min(max(len(f"{p[0]}. {p[1]}") for p in points) * FONT + 8, 220)
    span = BAR_SPAN
    bars = []
    for index, (rank, label, value, text) in enumerate(points):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = float(value / top * span) if top > 0 and value > 0 else 0.0
        x = label_width + 6
        bars.append(
            Bar(rank, label, value, text, y, f"{width:.1f}", y + BAR_HEIGHT - 6, f"{x + width + 4:.1f}")
        )
    unit = next((c.get("unit", "") for c in columns if c["name"] == value_column), "")
    return Chart(bars, TOP * 2 + len(bars) * (BAR_HEIGHT + GAP), label_width + 6 + span + VALUE_WIDTH, label_width,
                 label_width + 6,
                 value_column, unit, lower_is_better)  # fmt: skip
