"""The unit's 双随机、一公开 plans and results fill its key-area column “双随机、一公开”监管 (ka-random-inspection)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing import column_sources

from .models import Plan, PlanState


def plans(unit, request) -> column_sources.QueryRows:
    found = Plan.objects.public().filter(unit=unit).order_by("-committed_at", "-pk")

    def row(plan: Plan) -> column_sources.Row:
        published = plan.state == PlanState.PUBLISHED
        when = plan.results_published_at if published else plan.committed_at
        return column_sources.Row(
            title=str(_("%(t)s（抽查结果）") % {"t": plan.title}) if published else plan.title,
            url=plan.get_absolute_url(),
            date=timezone.localdate(when) if when else None,
            note=plan.get_state_display(),
        )

    return column_sources.QueryRows(found, row)


column_sources.register(
    "ka-random-inspection",
    plans,
    label=_("双随机抽查计划和结果"),
    more=lambda unit: reverse("spotchecks:index") + f"?unit={unit.pk}",
)
