"""Absolute addresses on a unit's portal, for what leaves the site: an FOI reply naming a published item, an
invitation's personal link, the mail telling a commenter how their comment was treated."""

from __future__ import annotations

from django.conf import settings

from . import resolve


def site_covering(unit):
    """The portal on which ``unit``'s records have a public page: the site whose scope holds it; with no site
    configured at all, the platform's one (fallback) site. None: no page anywhere."""
    found = resolve.site_of(unit)
    if found is not None:
        return found
    directory = resolve.directory()
    return directory.default if not directory.sites else None


def _local(host: str) -> bool:
    """A development host (the demo's localhost, lanshan.localhost, 127.0.0.1): served on a port, maybe
    without TLS."""
    return host in ("localhost", "127.0.0.1", "testserver") or host.endswith(".localhost")


def absolute_url(unit, path: str, *, request=None) -> str:
    """``path`` as an absolute address on ``unit``'s portal (the site's primary host, https). On a development
    host the scheme and port are those of ``request`` (the staff page or API call the link is made from), so
    the demo's links open. With no host name configured for the portal: on the host of ``request``, else on
    ``SITE_URL`` when set, else the path alone."""
    site = site_covering(unit)
    host = resolve.primary_host(site) if site is not None else None
    if host and request is not None and _local(host):
        port = str(request.get_port())
        default = "443" if request.is_secure() else "80"
        return f"{request.scheme}://{host}{'' if port == default else ':' + port}{path}"
    if host:
        return f"https://{host}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    root = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return root + path
