"""Public pages: home, organizations, the working-day calendar, visitor preferences."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from gongkai.core import calendar as cal
from gongkai.core.models import Organization
from gongkai.sites.blocks import render_blocks

from .forms import DeadlineForm
from .preferences import remember_elder_mode


def _request_context(request) -> dict:
    """What the context processors give a template for this request, computed once: rendering each block with
    ``request=`` ran every processor again per block (the navigation menu's URLs ten times a page)."""
    from django.template import engines

    found = {}
    for processor in engines["django"].engine.template_context_processors:
        found.update(processor(request))
    return found


def home(request):
    """The site's home page: its blocks in the order its office arranged them (a default set until it has)."""
    blocks = render_blocks(request, request.site)
    shared = _request_context(request) if blocks else {}
    for block in blocks:
        block["html"] = render_to_string(block["template"], {**shared, **block})
    return render(request, "site/home.html", {"blocks": blocks})


def organizations(request):
    tree = list(request.site.units())
    return render(request, "site/organizations.html", {"tree": tree, "crumbs": [{"label": _("机构设置")}]})


def _other_site_url(request, organization: Organization) -> str | None:
    """The same page on the portal whose scope holds ``organization`` (its primary host, this port)."""
    from gongkai.sites.resolve import primary_host, site_of

    site = site_of(organization)
    host = primary_host(site) if site is not None else None
    if not host:
        return None
    # The port the visitor used (the Host header's): the demo portals share one development server.
    current = request.get_host()
    port = current.rpartition(":")[2] if ":" in current else ""
    netloc = f"{host}:{port}" if port.isdigit() else host
    return f"{request.scheme}://{netloc}{request.get_full_path()}"


def organization_detail(request, pk: int):
    organization = get_object_or_404(Organization.objects.active().select_related("parent"), pk=pk)
    if not request.site.covers(organization):
        target = _other_site_url(request, organization)
        if target is None:
            raise Http404
        return HttpResponseRedirect(target)
    children = organization.children.filter(is_active=True).order_by("sort_order", "pk")
    leaders = organization.leaders.filter(is_active=True).order_by("sort_order", "pk")
    crumbs = [{"label": _("机构设置"), "url": reverse("site:organizations")}]
    crumbs += [
        {"label": a.display_name, "url": reverse("site:organization-detail", args=[a.pk])}
        for a in organization.ancestors()
        if request.site.covers(a)
    ]
    crumbs.append({"label": organization.name})
    return render(
        request,
        "site/organization_detail.html",
        {"organization": organization, "children": children, "leaders": leaders, "crumbs": crumbs},
    )


def calendar_page(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2004), today.year + 5)
    form = DeadlineForm(request.GET if "start" in request.GET or "days" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = cal.add_working_days(form.cleaned_data["start"], form.cleaned_data["days"])
    context = {
        "form": form,
        "result": result,
        "arrangement": cal.arrangement(year),
        "year": year,
        "years": range(today.year + 1, 2018, -1),
        "crumbs": [{"label": _("工作日计算")}],
    }
    return render(request, "site/calendar.html", context)


@csrf_exempt  # display cookie only, like site:preferences (see conventions.preferences)
@require_POST
def elder_mode(request):
    """Switch elder-friendly mode on or off and go back to the page the visitor was on."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    remember_elder_mode(response, request.POST.get("on") == "1")
    return response
