"""The public policy library and the interpretation links on item pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gongkai.core.models import Organization
from gongkai.publishing.models import InformationItem

from . import queries
from .models import Interpretation

PAGE_SIZE = 20


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def index(request):
    policies = queries.public_policies()
    unit, year = _int(request.GET.get("unit")), _int(request.GET.get("year"))
    if unit:
        policies = policies.filter(unit_id=unit)
    if year:
        policies = policies.filter(published_at__year=year)
    if request.GET.get("interpreted") == "1":
        policies = policies.filter(interpretations__item__status="published").distinct()
    all_ids = queries.public_policies().values("pk")
    units = Organization.objects.filter(
        pk__in=InformationItem.objects.filter(pk__in=all_ids).values("unit_id")
    )
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/index.html",
        {
            "page": page,
            "units": units,
            "years": [
                d.year
                for d in InformationItem.objects.filter(pk__in=all_ids).dates(
                    "published_at", "year", order="DESC"
                )
            ],
            "selected": {"unit": unit, "year": year, "interpreted": request.GET.get("interpreted") == "1"},
            "crumbs": [{"label": _("政策文件"), "url": None}],
        },
    )


def item_panel(item) -> str:
    """On a policy's page its interpretations; on an interpretation's page the policy it explains."""
    interpretations = list(Interpretation.objects.public().filter(policy=item).select_related("item"))
    explains = (
        Interpretation.objects.filter(item=item, policy__status="published").select_related("policy").first()
    )
    if not interpretations and not explains:
        return ""
    return render_to_string(
        "policy/includes/related.html", {"interpretations": interpretations, "explains": explains}
    )
