"""Public side of 访问统计: the beacon (``/visits/p.gif``) that counts a page view, and the notice
(``/visits/``) saying what is counted and what is not, with the site's monthly figures.

The beacon is an image, so it counts without JavaScript and whether or not the page itself came from the
page cache: the page's HTML (cached or not) carries the ``<img>``, the image is never cached. It always
answers the same transparent gif (a bad or uncounted request too), sets no cookie and keeps nothing of the
request but the salted daily hash (see ``counting``).
"""

from __future__ import annotations

import base64
import logging

from django.db import DatabaseError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.context import ip_from_request
from gongkai.sites.scope import site_of_request

from . import counting, queries, services

logger = logging.getLogger("gongkai.visits")

GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_USER_AGENT = 512  # characters hashed; a longer header is cut, never stored either way
PREFETCH = {"prefetch", "prerender"}


def _gif():
    from django.http import HttpResponse

    response = HttpResponse(GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_prefetch(request) -> bool:
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return any(word in purpose for word in PREFETCH)


@require_http_methods(["GET", "HEAD"])
def beacon(request):
    """Count the page view the beacon describes (GET only), answer the gif."""
    if request.method != "GET" or _is_prefetch(request):
        return _gif()
    parsed = counting.parse(request.META.get("QUERY_STRING", ""), request.GET)
    if parsed is not None:
        try:
            services.record_hit(
                site=site_of_request(request),
                beacon=parsed,
                ip=ip_from_request(request) or "",
                user_agent=request.headers.get("User-Agent", "")[:MAX_USER_AGENT],
            )
        except DatabaseError:  # the view must be lost, not the page's picture
            logger.warning("visit not counted: database unavailable", exc_info=True)
    return _gif()


def index(request):
    """访问统计说明, with the site's page views and visitors per month."""
    site = site_of_request(request)
    rows = queries.months(site) if getattr(site, "pk", None) is not None else []
    rows.reverse()  # newest month first
    return render(
        request,
        "visits/index.html",
        {
            "rows": rows[:24],
            "totals": queries.totals(rows[:24]),
            "crumbs": [{"label": _("访问统计说明"), "url": None}],
        },
    )
