"""Whether a link in an item's body leads somewhere on this site (for the pre-publication check)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.urls import Resolver404, resolve

from gongkai.core.models import Organization

from .models import Attachment, Column, InformationItem


def _is_internal(href: str) -> bool:
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel"):
        return False
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        return host in settings.ALLOWED_HOSTS or host in {"127.0.0.1", "localhost"}
    return not parts.scheme and not parts.netloc and bool(parts.path)


def internal_link_ok(href: str, item) -> bool | None:
    """True if it resolves to a page that exists (and is public where it must be), False if not, None if
    the link points off-site (not checked)."""
    if not _is_internal(href):
        return None
    path = urlsplit(href).path
    if not path.startswith("/"):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    lookups = {
        "publishing:item": lambda kw: InformationItem.objects.published().filter(pk=kw["pk"]).exists(),
        "publishing:attachment": lambda kw: (
            Attachment.objects.filter(pk=kw["pk"])
            .filter(Q(item=item) | Q(item__in=InformationItem.objects.published()))
            .exists()
        ),
        "publishing:column": lambda kw: (
            Column.objects.active().filter(pk=kw["column_id"], unit_id=kw["unit_id"]).exists()
        ),
        "site:organization-detail": lambda kw: Organization.objects.active().filter(pk=kw["pk"]).exists(),
    }
    check = lookups.get(match.view_name)
    return check(match.kwargs) if check else True
