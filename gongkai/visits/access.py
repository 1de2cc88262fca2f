"""Who sees a site's visit statistics: an openness office (公开办, Capability.SUPERVISE) for the sites whose
root lies in its subtree (the city office: the city portal and the county portals below it; a county office:
its own), a superuser for all. Other staff see none."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.roles import Capability
from gongkai.sites.models import Site

CAPABILITY = Capability.SUPERVISE


def may_view(user) -> bool:
    return core_access.can(user, CAPABILITY)


def sites_for(user) -> QuerySet[Site]:
    if not may_view(user):
        return Site.objects.none()
    return (
        Site.objects.filter(root__in=core_access.units_for(user))
        .select_related("root")
        .order_by("root__path")
    )


def get_site_for_user(user, pk: int | None) -> Site:
    """The site ``pk`` (the user's first site when None) if the user may see its statistics: 403 for staff
    without the capability, 404 for a site outside the user's reach (its existence is not revealed)."""
    if not may_view(user):
        raise PermissionDenied
    found = sites_for(user)
    site = found.filter(pk=pk).first() if pk is not None else found.first()
    if site is None:
        raise Http404
    return site
