"""Assessment: the office's scheme and its indicators, the scores computed from the platform's records and
those the office gives by hand, and the columns' update requirements the freshness indicator reads. Each
checks the office's right over the scheme's owner and leaves one audit record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, records
from gongkai.core.actors import as_user, require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .. import access
from ..assessment import CENT, check_scheme, check_score, rate
from ..models import AssessmentScheme, FreshnessRule, Indicator, Method, Score, UpdateCategory

OTHER_DEFAULT_DAYS = 30  # a column of the "other" kind with no days set must be updated monthly


@transaction.atomic
def compute_scores(*, actor, scheme: AssessmentScheme, as_of: dt.date | None = None) -> int:
    """Score every computed indicator for every assessed unit (the office's own scores are kept). Returns
    the scores written."""
    require(access.may_score(actor, scheme))
    check_scheme(scheme)
    as_of = as_of or min(timezone.localdate(), dt.date(scheme.year, 12, 31))
    written = 0
    for indicator in scheme.indicators.exclude(method=Method.MANUAL):
        for unit in scheme.units.all():
            result = rate(indicator, unit, as_of)
            Score.objects.update_or_create(
                indicator=indicator, unit=unit,
                defaults={"points": result.points(indicator.points), "basis": result.basis or _("无此类事项"),
                          "scored_by": None, "scored_at": timezone.now()},
            )  # fmt: skip
            written += 1
    scheme.computed_at = timezone.now()
    scheme.save(update_fields=["computed_at"])
    audit.record(actor=actor, action="supervision.assessment_computed", obj=scheme, unit=scheme.owner,
                 changes={"as_of": as_of.isoformat(), "scores": written})  # fmt: skip
    return written


@transaction.atomic
def score_manually(*, actor, indicator: Indicator, unit: Organization, points: Decimal, basis: str) -> Score:
    """The office's own score of a unit on a manual indicator (a second score replaces the first)."""
    check_score(actor=actor, indicator=indicator, unit=unit, points=points, basis=basis)
    score, _created = Score.objects.update_or_create(
        indicator=indicator, unit=unit,
        defaults={"points": Decimal(points).quantize(CENT), "basis": basis.strip(), "scored_by": as_user(actor),
                  "scored_at": timezone.now()},
    )  # fmt: skip
    audit.record(actor=actor, action="supervision.scored", obj=score, unit=unit,
                 changes={"indicator": indicator.name, "points": str(score.points)})  # fmt: skip
    return score


@transaction.atomic
def save_scheme(*, actor, scheme: AssessmentScheme, units=None) -> AssessmentScheme:
    """The office adds or changes a scheme (and, with ``units``, who is assessed). A scheme stays with the
    office that owns it: changing the owner needs the right over both."""
    if scheme.pk:
        before = AssessmentScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        if before is not None:
            require(access.may_score(actor, before))
    require(access.may_score(actor, scheme))
    return records.save_record(
        actor=actor, obj=scheme, capability=Capability.SUPERVISE, unit=scheme.owner,
        m2m={"units": units} if units is not None else None,
    )  # fmt: skip


@transaction.atomic
def save_indicator(*, actor, indicator: Indicator) -> Indicator:
    require(access.may_score(actor, indicator.scheme))
    return records.save_record(
        actor=actor, obj=indicator, capability=Capability.SUPERVISE, unit=indicator.scheme.owner
    )


@transaction.atomic
def delete_indicator(*, actor, indicator: Indicator) -> None:
    """Take an indicator off a scheme (its scores go with it)."""
    require(access.may_score(actor, indicator.scheme))
    records.delete_record(
        actor=actor, obj=indicator, capability=Capability.SUPERVISE, unit=indicator.scheme.owner
    )


@transaction.atomic
def save_freshness_rule(*, actor, rule: FreshnessRule) -> FreshnessRule:
    """The office sets how often a standard column must be updated; an "other" column without days must
    be updated every 30 days."""
    if rule.category == UpdateCategory.OTHER and not rule.days:
        rule.days = OTHER_DEFAULT_DAYS
    return records.save_record(actor=actor, obj=rule, capability=Capability.SUPERVISE, unit=None)
