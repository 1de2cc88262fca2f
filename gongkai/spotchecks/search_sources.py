"""Plans whose results are public, as search finds them: the matters, the entities inspected and the results."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from .models import Plan

PLAN_SOURCE = "spotchecks.plan"


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.with_results().select_related("unit").prefetch_related("matters", "results__pick")


def plan_fields(plan: Plan) -> dict:
    matters = "、".join(m.name for m in plan.matters.all())
    results = "\n".join(
        f"{r.pick.entity_name} {r.pick.entity_key} {r.get_outcome_display()} {r.handling}"
        for r in plan.results.all()
    )
    return {
        "kind": Kind.REGISTER,
        "url": plan.get_absolute_url(),
        "title": str(_("%(t)s（抽查结果）") % {"t": plan.title}),
        "keywords": "双随机、一公开 随机抽查 抽查结果",
        "body": f"{plan.unit.name} {matters}\n{results}"[: BODY_LIMIT * 2],
        "unit": plan.unit,
        "validity": "valid",
        "key_areas": ["random-inspection"],
        "published_at": plan.results_published_at,
        "year": plan.year,
    }


registry.register(registry.Source(name=PLAN_SOURCE, public=public_plans, render=plan_fields))
