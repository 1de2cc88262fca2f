"""Scoring an assessment scheme (考核方案): computed indicators from what the platform records, the office's
own scores for the rest, per-unit totals and ranking.

A computed indicator scores its points times a rate, rounded half up to 0.01:
- 依申请公开按时答复率: applications answered in the year on or before their due date, over those answered in
  the year plus those still open past their due date on the assessment day;
- 留言按时答复率: messages received in the year and due by the assessment day, answered by their due date;
- 政策解读率: policies published in the year that need an interpretation, with a published interpretation
  that was not late, or exempted by a reviewer;
- 栏目更新及时率: the unit's columns with an update requirement that are not stale on the assessment day;
- 工作要点进展按时报送率: report periods of the scheme's plan due by the assessment day whose report was first
  handed in by the due date;
- 信息报送采用率: the unit's submissions (信息报送) of the year adopted by its portal, over those the portal
  decided (adopted or declined; pending and withdrawn ones do not count).
A unit with no case to count scores the full points ("无此类事项"): nothing of it was late.

Writing the scores is the services' work (``services.compute_scores``, ``services.score_manually``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext as _

from gongkai.core.actors import require
from gongkai.core.models import Organization

from . import access, evidence, schedule
from .models import AssessmentScheme, Assignment, Indicator, Method, Score

CENT = Decimal("0.01")
TOTAL = Decimal("100")


@dataclass(frozen=True)
class Rate:
    hits: int
    cases: int
    basis: str

    def points(self, full: Decimal) -> Decimal:
        if not self.cases:
            return full
        return (full * self.hits / self.cases).quantize(CENT, rounding=ROUND_HALF_UP)


def _foi(unit: Organization, year: int, as_of: dt.date) -> Rate:
    from gongkai.foi.models import Application

    apps = Application.objects.filter(unit=unit)
    answered = apps.filter(answered_on__year=year, due_on__isnull=False)
    on_time = answered.filter(answered_on__lte=F("due_on")).count()
    open_late = apps.filter(answered_on__isnull=True, due_on__year=year, due_on__lt=as_of).exclude(
        status__in=["answered", "closed"]
    )
    cases = answered.count() + open_late.count()
    return Rate(on_time, cases, _("按时答复 %(h)d 件，应答复 %(c)d 件") % {"h": on_time, "c": cases})


def _messages(unit: Organization, year: int, as_of: dt.date) -> Rate:
    from gongkai.interaction.models import Message, Status

    due = Message.objects.filter(unit=unit, received_on__year=year, due_on__lte=as_of).exclude(
        status__in=[Status.MERGED, Status.REJECTED]
    )
    cases = due.count()
    on_time = due.filter(Q(status=Status.ANSWERED) & Q(replied_on__lte=F("due_on"))).count()
    return Rate(on_time, cases, _("按时答复 %(h)d 条，应答复 %(c)d 条") % {"h": on_time, "c": cases})


def _interpretation(unit: Organization, year: int, as_of: dt.date) -> Rate:
    from gongkai.policy import services as policy

    (row,) = policy.statistics([unit], year)
    hits = row["interpreted"] - row["late"] + row["exempted"]
    return Rate(
        hits,
        row["policies"],
        _("需解读 %(c)d 件，按时解读或经审核不解读 %(h)d 件") % {"c": row["policies"], "h": hits},
    )


def _freshness(unit: Organization, year: int, as_of: dt.date) -> Rate:
    fresh, required, stale = evidence.column_freshness(unit, as_of)
    basis = _("%(r)d 个栏目中 %(f)d 个按时更新") % {"r": required, "f": fresh}
    if stale:
        basis += _("；未按时更新：%(s)s") % {"s": "、".join(stale)}
    return Rate(fresh, required, basis[:300])


def _reports(unit: Organization, year: int, as_of: dt.date, plan) -> Rate:
    if plan is None:
        return Rate(0, 0, _("未关联工作要点"))
    periods = [p for p in schedule.plan_periods(plan) if p["due"] < as_of]
    cases = hits = 0
    for assignment in Assignment.objects.filter(task__plan=plan, unit=unit).prefetch_related("reports"):
        reports = {r.period_start: r for r in assignment.reports.all()}
        for period in periods:
            if assignment.completed_on and assignment.completed_on < period["start"]:
                continue
            cases += 1
            report = reports.get(period["start"])
            hits += bool(report and report.on_time)
    return Rate(hits, cases, _("按时报送 %(h)d 期次，应报送 %(c)d 期次") % {"h": hits, "c": cases})


def _submissions(unit: Organization, year: int, as_of: dt.date) -> Rate:
    from gongkai.publishing import services as publishing

    adopted, decided = publishing.adopted_count(unit, year)
    return Rate(adopted, decided, _("报送并经处理 %(c)d 条，采用 %(h)d 条") % {"c": decided, "h": adopted})


def rate(indicator: Indicator, unit: Organization, as_of: dt.date) -> Rate:
    scheme = indicator.scheme
    if indicator.method == Method.REPORTS_ON_TIME:
        return _reports(unit, scheme.year, as_of, scheme.plan)
    compute = {
        Method.FOI_ON_TIME: _foi,
        Method.MESSAGES_ON_TIME: _messages,
        Method.INTERPRETATION: _interpretation,
        Method.COLUMN_FRESHNESS: _freshness,
        Method.SUBMISSIONS_ADOPTED: _submissions,
    }[indicator.method]
    return compute(unit, scheme.year, as_of)


def check_scheme(scheme: AssessmentScheme) -> None:
    total = sum((i.points for i in scheme.indicators.all()), Decimal(0))
    if total != TOTAL:
        raise ValidationError(
            _("各项指标分值合计应为 100 分，现为 %(t)s 分。") % {"t": format(total.normalize(), "f")}
        )
    if scheme.openness_weight < 4:
        raise ValidationError(_("政务公开在绩效考核中的分值权重不得低于4%。"))


def check_score(*, actor, indicator: Indicator, unit: Organization, points: Decimal, basis: str) -> None:
    """What must hold for the office's own score: its right over the scheme, a manual indicator, points
    within the indicator's, a reason, an assessed unit. Raises the errors by field."""
    require(access.may_score(actor, indicator.scheme))
    errors = {}
    if indicator.method != Method.MANUAL:
        errors["indicator"] = _("该指标由平台数据自动计算。")
    if not (0 <= Decimal(points) <= indicator.points):
        errors["points"] = _("得分应在 0 至 %(p)s 分之间。") % {
            "p": format(indicator.points.normalize(), "f")
        }
    if not (basis or "").strip():
        errors["basis"] = _("请写明计分依据。")
    if not indicator.scheme.units.filter(pk=unit.pk).exists():
        errors["unit"] = _("该单位不在本方案的考核范围内。")
    if errors:
        raise ValidationError(errors)


def results(scheme: AssessmentScheme) -> list[dict]:
    """Per unit: each indicator's score (None where not yet scored), the total, and the rank (equal totals
    share a rank, the next rank skips: 1, 1, 3)."""
    indicators = list(scheme.indicators.all())
    scores = {(s.indicator_id, s.unit_id): s for s in Score.objects.filter(indicator__scheme=scheme)}
    rows = []
    for unit in scheme.units.order_by("path"):
        cells = [scores.get((i.pk, unit.pk)) for i in indicators]
        total = sum((c.points for c in cells if c is not None), Decimal(0))
        rows.append({"unit": unit, "cells": cells, "total": total, "complete": all(c is not None for c in cells),
                     "weighted": (total * scheme.openness_weight / TOTAL).quantize(CENT, rounding=ROUND_HALF_UP)})  # fmt: skip
    rows.sort(key=lambda r: (-r["total"], r["unit"].path))
    for index, row in enumerate(rows):
        same = index and rows[index - 1]["total"] == row["total"]
        row["rank"] = rows[index - 1]["rank"] if same else index + 1
    return rows
