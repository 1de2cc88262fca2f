"""Scoping public pages to the request's site: lists keep the records of the site's units
(``scoped``); a detail page of a record another site covers moves there (``elsewhere``)."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect

from . import resolve


def site_of_request(request):
    """The request's site (the default site when no middleware set one, as in a bare RequestFactory)."""
    site = getattr(request, "site", None)
    if site is None:
        site = resolve.site_for_host(request.get_host())
    return site


def scoped(request, queryset, field: str = "unit"):
    """``queryset`` narrowed to the records whose ``field`` (an Organization foreign key) lies in the
    request's site."""
    return queryset.filter(site_of_request(request).unit_q(field))


def _port(request) -> str:
    host = request.get_host()
    if host.endswith("]") or ":" not in host:  # an IPv6 literal without a port, or no port
        return ""
    return host.rsplit(":", 1)[1]


def url_on(request, site, path: str | None = None) -> str | None:
    """``path`` (the request's own path and query by default) on ``site``'s primary host, keeping the
    scheme and the port of the request (so it works on localhost:PORT); None when the site has no host."""
    host = resolve.primary_host(site) if site is not None else None
    if not host:
        return None
    port = _port(request)
    return f"{request.scheme}://{host}{':' + port if port else ''}{path or request.get_full_path()}"


def elsewhere(request, organization) -> HttpResponseRedirect | None:
    """For a public detail page of a record of ``organization``: None when the request's site covers it; a
    302 to the same address on the site that does; ``Http404`` when no site covers it."""
    site = site_of_request(request)
    if site.covers(organization):
        return None
    other = resolve.site_of(organization)
    target = url_on(request, other) if other is not None and other.pk != site.pk else None
    if target is None:
        raise Http404
    return HttpResponseRedirect(target)
