"""Public pages of 办事服务 under /services/: the published guides of the request's site by unit and category
with a search box, and a page per guide with its key elements in the conventional table. Nothing public says
what a guide lacks: that is for its unit (workspace, to-do, inspection)."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from gongkai.core.models import Organization
from gongkai.core.paging import BoundedPaginator
from gongkai.core.params import int_param
from gongkai.sites.scope import elsewhere, scoped

from .models import Category, OnlineLevel, ServiceGuide

PAGE_SIZE = 50
HOME = {"label": gettext_lazy("办事服务"), "url": "/services/"}


def _filters(request) -> dict:
    category = request.GET.get("category", "")
    online = request.GET.get("online", "")
    return {
        "unit": int_param(request.GET.get("unit")),
        "category": category if category in Category.values else "",
        "online": online if online in OnlineLevel.values else "",
        "q": (request.GET.get("q") or "").strip()[:50],
    }


def index(request):
    found = scoped(request, ServiceGuide.objects.published()).select_related("unit")
    filters = _filters(request)
    unit_ids = found.order_by().values_list("unit", flat=True).distinct()
    units = list(Organization.objects.filter(pk__in=unit_ids).order_by("path"))
    if filters["unit"]:
        found = found.filter(unit_id=filters["unit"])
    if filters["category"]:
        found = found.filter(category=filters["category"])
    if filters["online"]:
        found = found.filter(online_level=filters["online"])
    if filters["q"]:
        text = filters["q"]
        found = found.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(unit__name__icontains=text)
        )
    page = BoundedPaginator(found.order_by("unit__path", "category", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "guides/index.html", {
        "page": page, "filters": filters, "units": units, "categories": Category.choices,
        "levels": OnlineLevel.choices, "crumbs": [{**HOME, "url": None}],
    })  # fmt: skip


def detail(request, pk: int):
    guide = get_object_or_404(ServiceGuide.objects.published().select_related("unit"), pk=pk)
    if moved := elsewhere(request, guide.unit):
        return moved
    rows = [(label, text) for label, text in guide.elements()[1:] if text]
    return render(request, "guides/detail.html", {
        "guide": guide, "rows": rows, "crumbs": [HOME, {"label": guide.name, "url": None}],
    })  # fmt: skip
