"""Who manages a site: the openness office whose subtree holds the site's root (the city's office its portal
and, above it, the county portals; a county's office its own)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.roles import Capability

from .models import Site

CAPABILITY = Capability.MANAGE_ORGANIZATIONS


def may_manage(user) -> bool:
    return core_access.can(user, CAPABILITY)


def sites_for(user) -> QuerySet[Site]:
    if not may_manage(user):
        return Site.objects.none()
    return Site.objects.filter(root__in=core_access.units_for(user)).select_related("root")


def get_site_for_user(user, pk: int) -> Site:
    site = sites_for(user).filter(pk=pk).first()
    if site is None:
        raise Http404
    return site


def get_block_for_user(user, pk: int):
    """A home-page block of a site ``user`` manages (404 otherwise)."""
    from .models import HomeBlock

    block = HomeBlock.objects.select_related("site__root").filter(pk=pk, site__in=sites_for(user)).first()
    if block is None:
        raise Http404
    return block
