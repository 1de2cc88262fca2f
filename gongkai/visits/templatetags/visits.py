"""``{% visits_beacon %}``: the beacon image of the page being rendered (used by ``visits/beacon.html``, which
the public base template includes once, at the end of the body).

What the page is comes from the URL it answers (``request.resolver_match``), not from the view's context, so
any page built on the base template is counted: the home page, a column, an item, and every other page as
"other". A page may name itself instead with a ``visit_page`` context value ``(kind, object_id)``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..models import PageKind

register = template.Library()

# URL name -> (page kind, the URL keyword argument holding the object's id)
PAGES = {
    "site:home": (PageKind.HOME, None),
    "publishing:column": (PageKind.COLUMN, "column_id"),
    "publishing:item": (PageKind.ITEM, "pk"),
}


def beacon_params(request, site, visit_page=None) -> dict | None:
    """The beacon's query parameters for this page, or None when nothing is to be counted (no site yet)."""
    if getattr(site, "pk", None) is None:
        return None
    if visit_page:
        kind, object_id = visit_page
    else:
        match = getattr(request, "resolver_match", None)
        kind, argument = PAGES.get(match.view_name if match else "", (PageKind.OTHER, None))
        object_id = match.kwargs.get(argument) if argument and match else None
    params = {"s": site.pk, "k": str(kind)}
    if kind in (PageKind.COLUMN, PageKind.ITEM):
        if not object_id:
            return None
        params["i"] = int(object_id)
    return params


@register.simple_tag(takes_context=True)
def visits_beacon(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    site = context.get("site") or getattr(request, "site", None)
    params = beacon_params(request, site, context.get("visit_page"))
    if params is None:
        return ""
    src = f"{reverse('visits:beacon')}?{urlencode(params)}"
    # hidden: not shown, not read out; browsers still load an image that is not displayed.
    return format_html('<img src="{}" alt="" width="1" height="1" hidden referrerpolicy="no-referrer">', src)
