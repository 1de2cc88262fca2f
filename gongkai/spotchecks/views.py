"""Public pages of 双随机、一公开: plans (with their commitment, pool, draw and verification), the list of
inspection matters per unit and the published results; each list keeps to the request's site."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.paging import BoundedPaginator
from gongkai.core.params import int_param
from gongkai.sites.scope import elsewhere, scoped

from . import draw, services
from .models import InspectionMatter, Plan, PlanState, Result

PAGE_SIZE = 20


def _crumbs(*rest):
    return [{"label": _("双随机、一公开"), "url": reverse("spotchecks:index")}, *rest]


def _units(request, queryset, field: str = "unit"):
    ids = set(queryset.values_list(f"{field}_id", flat=True))
    return scoped(request, Organization.objects.filter(pk__in=ids), field="").order_by("sort_order", "pk")


def index(request):
    plans = scoped(request, Plan.objects.public()).select_related("unit")
    unit, year = int_param(request.GET.get("unit")), int_param(request.GET.get("year"))
    everything = scoped(request, Plan.objects.public())
    if unit:
        plans = plans.filter(unit_id=unit)
    if year:
        plans = plans.filter(year=year)
    page = BoundedPaginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "spotchecks/index.html", {
        "page": page, "units": _units(request, everything),
        "years": sorted(set(everything.values_list("year", flat=True)), reverse=True),
        "selected": {"unit": unit, "year": year},
        "crumbs": [{"label": _("双随机、一公开"), "url": None}],
    })  # fmt: skip


def matters(request):
    found = scoped(request, InspectionMatter.objects.filter(is_active=True)).select_related("unit")
    unit = int_param(request.GET.get("unit"))
    everything = scoped(request, InspectionMatter.objects.filter(is_active=True))
    if unit:
        found = found.filter(unit_id=unit)
    page = BoundedPaginator(found, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    return render(request, "spotchecks/matters.html", {
        "page": page, "units": _units(request, everything), "selected": {"unit": unit},
        "crumbs": _crumbs({"label": _("随机抽查事项清单"), "url": None}),
    })  # fmt: skip


def results(request):
    found = (
        scoped(request, Result.objects.public(), "plan__unit")
        .select_related("plan__unit", "pick")
        .prefetch_related("plan__matters")
    )
    unit, year = int_param(request.GET.get("unit")), int_param(request.GET.get("year"))
    everything = scoped(request, Plan.objects.with_results())
    if unit:
        found = found.filter(plan__unit_id=unit)
    if year:
        found = found.filter(plan__year=year)
    found = found.order_by("-plan__results_published_at", "plan_id", "pick__order")
    page = BoundedPaginator(found, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    rows = [_result_row(r, r.plan, link=True) for r in page.object_list]
    return render(request, "spotchecks/results.html", {
        "page": page, "rows": rows, "units": _units(request, everything),
        "years": sorted(set(everything.values_list("year", flat=True)), reverse=True),
        "selected": {"unit": unit, "year": year},
        "crumbs": _crumbs({"label": _("抽查结果"), "url": None}),
    })  # fmt: skip


def _result_row(result: Result, plan: Plan, *, link: bool = False) -> dict:
    return {"result": result, "plan": plan, "plan_link": link, "name": result.pick.entity_name,
            "code": result.pick.entity_key, "matters": "、".join(m.name for m in plan.matters.all())}  # fmt: skip


def _public_plan(request, pk: int):
    plan = get_object_or_404(Plan.objects.public().select_related("unit"), pk=pk)
    return plan, elsewhere(request, plan.unit)


def plan(request, pk: int):
    found, moved = _public_plan(request, pk)
    if moved:
        return moved
    picks = (
        list(found.picks.prefetch_related("inspectors").select_related("result")) if found.is_drawn else []
    )
    names = dict(map(tuple, found.pool_inspectors))
    rows = [{"pick": p, "inspectors": [(k, names.get(k, "")) for k in p.inspector_keys],
             "result": getattr(p, "result", None)} for p in picks]  # fmt: skip
    results = [_result_row(r["result"], found) for r in rows if r["result"]]
    return render(request, "spotchecks/plan.html", {
        "plan": found, "matters": list(found.matters.all()), "rows": rows, "results": results,
        "show_results": found.state == PlanState.PUBLISHED,
        "crumbs": _crumbs({"label": found.title, "url": None}),
    })  # fmt: skip


def pool(request, pk: int):
    """The frozen pool as CSV, the file :mod:`gongkai.spotchecks.draw` reads."""
    found, moved = _public_plan(request, pk)
    if moved:
        return moved
    rows = draw.pool_rows(found.pool_entities, found.pool_inspectors, found.conflicts)
    return tables.download(draw.POOL_COLUMNS, rows, fmt="csv", filename=f"spotcheck-{found.pk}-pool")


def verify(request, pk: int):
    """Re-run the draw from a seed typed in (the published one by default), without JavaScript."""
    found, moved = _public_plan(request, pk)
    if moved:
        return moved
    seed = request.GET.get("seed")
    outcome, error, expected = None, "", []
    if seed is not None:
        try:
            outcome = services.verify_plan(found, seed[:200])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            names = dict(map(tuple, found.pool_entities))
            expected = [(p, names.get(p.entity, "")) for p in outcome.picks]
    return render(request, "spotchecks/verify.html", {
        "plan": found, "seed": seed if seed is not None else (found.public_seed or ""), "outcome": outcome,
        "error": error, "expected": expected,
        "crumbs": _crumbs({"label": found.title, "url": found.get_absolute_url()}, {"label": _("核验抽取结果"), "url": None}),
    }, status=400 if error else 200)  # fmt: skip


def draw_source(request):
    """The draw module itself, to run on one's own computer."""
    text = Path(draw.__file__).read_text(encoding="utf-8")
    response = HttpResponse(text, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="draw.py"'
    return response
