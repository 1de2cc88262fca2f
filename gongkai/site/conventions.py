"""Pages every Chinese government website has (网站地图, 联系我们), the favicon, the site's own colour and the
visitor's reading preferences (text size, high contrast, large cursor), all scoped to ``request.site``."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gongkai.publishing.models import Column
from gongkai.sites.scope import site_of_request

from .navigation import convention_links, main_menu, more_links
from .preferences import remember_preferences

FAVICON = Path(__file__).resolve().parent / "static" / "site" / "favicon.ico"


@require_GET
def sitemap_page(request):
    """The HTML site map: the menu, the pages linked from the footer, and each unit of this site with its
    政府信息公开 columns (the top level of its catalog)."""
    site = site_of_request(request)
    units = list(site.units().only("pk", "name", "path", "parent_id"))
    base = units[0].depth if units else 0
    columns: dict[int, list] = {}
    for column in (
        Column.objects.active()
        .filter(parent__isnull=True, unit__in=[u.pk for u in units])
        .only("pk", "name", "unit_id")
        .order_by("unit", "sort_order", "pk")
    ):
        columns.setdefault(column.unit_id, []).append(column)
    context = {
        "menu": [item for item in main_menu("", site) if item["url"] != "/"],
        "more": more_links() + convention_links(),
        "units": [
            {"unit": u, "depth": min(u.depth - base + 1, 4), "columns": columns.get(u.pk, [])} for u in units
        ],
        "crumbs": [{"label": _("网站地图")}],
    }
    return render(request, "site/sitemap.html", context)


@require_GET
def contact(request):
    """联系我们 from the site's contact fields; a field left empty falls back to the site's root organization
    (its address, phone, hours and e-mail are kept for the 政府信息公开指南 anyway)."""
    site = site_of_request(request)
    root = getattr(site, "root", None)
    facts = [
        (_("主办单位"), site.organizer_name),
        (_("联系地址"), site.contact_address or getattr(root, "address", "")),
        (_("邮政编码"), site.contact_postcode or getattr(root, "postcode", "")),
        (_("联系电话"), site.contact_phone or getattr(root, "phone", "")),
        (_("办公时间"), getattr(root, "office_hours", "")),
        (_("电子邮箱"), site.contact_email or getattr(root, "email", "")),
    ]
    context = {
        "facts": [(label, value) for label, value in facts if value],
        "crumbs": [{"label": _("联系我们")}],
    }
    return render(request, "site/contact.html", context)


@require_GET
def favicon(request):
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


@csrf_exempt
@require_POST
def preferences(request):
    """Set text size, high contrast, large cursor or elder mode and go back to the page (no JavaScript).

    Exempt from CSRF on purpose: the form sits on every reading page, and a token there would set the
    ``csrftoken`` cookie on every anonymous visit, which keeps shared caches from storing any page. All this
    view can do is set the four display cookies to values from a fixed list (anything else is ignored) and
    redirect on the same host, so a forged post can at worst change another person's text size. It stays a
    POST (not links) so that crawlers, link prefetching and caches never follow it.
    """
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("site:home")
    response = HttpResponseRedirect(target)
    remember_preferences(response, request.POST)
    return response
