"""Every permission-checked fetch of website reports, on top of ``gongkai.core.access``.

A site's report is the openness office's (公开办, SUPERVISE) of the site's root organization or above it: it
sees the sites whose root lies in its reach, writes their reports and security checks. Other staff do not see
drafts. A site out of reach answers 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability
from gongkai.sites.models import Site

from .models import SecurityCheck, WebsiteReport

MANAGE = Capability.SUPERVISE


def sites_for(user) -> QuerySet[Site]:
    if not can(user, MANAGE):
        return Site.objects.none()
    return Site.objects.filter(root__in=units_for(user)).select_related("root")


def may_manage(user, site: Site) -> bool:
    return can(user, MANAGE, site.root)


MAX_ID = 2**63 - 1  # beyond the database's integers: no record, not an overflow


def get_site_for_user(user, pk: int) -> Site:
    if not 0 < pk <= MAX_ID:
        raise Http404
    site = sites_for(user).filter(pk=pk).first()
    if site is None:
        raise Http404
    if not may_manage(user, site):
        raise PermissionDenied
    return site


def reports_for(user) -> QuerySet[WebsiteReport]:
    return WebsiteReport.objects.filter(site__in=sites_for(user)).select_related("site", "site__root")


def checks_for(user) -> QuerySet[SecurityCheck]:
    return SecurityCheck.objects.filter(site__in=sites_for(user))


def get_check_for_user(user, pk: int) -> SecurityCheck:
    if not 0 < pk <= MAX_ID:
        raise Http404
    check = checks_for(user).select_related("site", "site__root").filter(pk=pk).first()
    if check is None:
        raise Http404
    if not may_manage(user, check.site):
        raise PermissionDenied
    return check
