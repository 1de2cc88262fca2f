"""The public policy library and the interpretation links on item pages."""

from __future__ import annotations

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gongkai.core.models import Organization
from gongkai.core.paging import BoundedPaginator
from gongkai.core.params import int_param
from gongkai.publishing.models import Validity
from gongkai.sites.scope import elsewhere, scoped

from . import queries
from .models import Interpretation

PAGE_SIZE = 20


def index(request):
    policies = scoped(request, queries.public_policies())
    unit, year = int_param(request.GET.get("unit")), int_param(request.GET.get("year"))
    if unit:
        policies = policies.filter(unit_id=unit)
    if year:
        policies = policies.filter(published_at__year=year)
    if request.GET.get("interpreted") == "1":
        policies = queries.interpreted(policies)
    everything = scoped(request, queries.public_policies()).prefetch_related(None)
    units = queries.policy_units(scoped(request, Organization.objects.all(), field=""))
    page = BoundedPaginator(policies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "policy/index.html",
        {
            "page": page,
            "units": units,
            "years": queries.years_with(everything),
            "selected": {"unit": unit, "year": year, "interpreted": request.GET.get("interpreted") == "1"},
            "crumbs": [{"label": _("政策文件"), "url": None}],
        },
    )


def item_panel(item) -> str:
    """On a policy's page its interpretations and its register entry (history, versions); on an
    interpretation's page the policy it explains."""
    from .models import RegisterEntry

    interpretations = list(Interpretation.objects.public().filter(policy=item).select_related("item"))
    explains = (
        Interpretation.objects.filter(item=item, policy__status="published").select_related("policy").first()
    )
    entry = RegisterEntry.objects.filter(item=item).first()
    if not interpretations and not explains and not entry:
        return ""
    context = {"interpretations": interpretations, "explains": explains, "entry": entry}
    context["versions"] = entry.versions.count() if entry else 0
    return render_to_string("policy/includes/related.html", context)


def register_index(request):
    from .models import RegisterEntry

    entries = scoped(
        request, RegisterEntry.objects.filter(item__status="published"), "item__unit"
    ).select_related("item", "item__replaced_by", "issuing_body__organization")
    kind = request.GET.get("kind")
    if kind in RegisterEntry.Kind.values:
        entries = entries.filter(kind=kind)
    state = request.GET.get("state")
    if state:
        entries = entries.filter(queries.in_state(state, prefix="item__"))
    page = BoundedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(e, e.item.current_validity()) for e in page.object_list]
    return render(
        request,
        "policy/register.html",
        {
            "page": page,
            "rows": rows,
            "kinds": RegisterEntry.Kind.choices,
            "states": Validity.choices,
            "selected": {"kind": kind, "state": state},
            "crumbs": [
                {"label": _("政策文件"), "url": "/policy/"},
                {"label": _("规范性文件和规章台账"), "url": None},
            ],
        },
    )


def register_entry(request, pk: int):
    from django.shortcuts import get_object_or_404

    from . import services
    from .models import RegisterEntry

    entry = get_object_or_404(
        RegisterEntry.objects.filter(item__status="published").select_related(
            "item__unit", "issuing_body__organization"
        ),
        pk=pk,
    )
    if moved := elsewhere(request, entry.item.unit):
        return moved
    versions = list(entry.versions.all())
    by_number = {v.number: v for v in versions}
    diff = None
    a, b = int_param(request.GET.get("a")), int_param(request.GET.get("b"))
    if a in by_number and b in by_number and a != b:
        older, newer = sorted([by_number[a], by_number[b]], key=lambda v: v.number)
        diff = {"older": older, "newer": newer, "rows": services.compare(older, newer)}
    return render(
        request,
        "policy/register_entry.html",
        {
            "entry": entry,
            "state": entry.item.current_validity(),
            "history": entry.history.select_related("by_item", "cleanup"),
            "versions": versions,
            "diff": diff,
            "crumbs": [
                {"label": _("规范性文件和规章台账"), "url": "/policy/register/"},
                {"label": entry.registration_number, "url": None},
            ],
        },
    )


def issuers(request):
    from .models import IssuingBody

    return render(
        request,
        "policy/issuers.html",
        {
            "bodies": scoped(
                request, IssuingBody.objects.filter(is_active=True), "organization"
            ).select_related("organization"),
            "crumbs": [
                {"label": _("政策文件"), "url": "/policy/"},
                {"label": _("制发主体清单"), "url": None},
            ],
        },
    )


def cleanups(request):
    from .models import Cleanup

    return render(
        request,
        "policy/cleanups.html",
        {
            "cleanups": scoped(request, Cleanup.objects.filter(published_at__isnull=False)).select_related(
                "unit"
            ),
            "crumbs": [
                {"label": _("政策文件"), "url": "/policy/"},
                {"label": _("规范性文件清理"), "url": None},
            ],
        },
    )


def cleanup(request, pk: int):
    from django.db.models import Count
    from django.shortcuts import get_object_or_404

    from .models import Cleanup

    found = get_object_or_404(
        Cleanup.objects.filter(published_at__isnull=False).select_related("unit"), pk=pk
    )
    if moved := elsewhere(request, found.unit):
        return moved
    decisions = found.decisions.select_related("entry__item", "replacement").order_by(
        "decision", "entry__registration_number"
    )
    counts = dict(found.decisions.values_list("decision").annotate(n=Count("pk")))
    return render(
        request,
        "policy/cleanup.html",
        {
            "cleanup": found,
            "decisions": decisions,
            "counts": counts,
            "crumbs": [
                {"label": _("规范性文件清理"), "url": "/policy/cleanups/"},
                {"label": found.title, "url": None},
            ],
        },
    )
