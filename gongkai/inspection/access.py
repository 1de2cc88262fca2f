"""Who sees which site's inspection: the openness office whose reach covers the site's government (公开办 of
the city: every site; of a county: the county's), and a superuser."""

from __future__ import annotations

from django.http import Http404

from gongkai.core.access import can
from gongkai.core.roles import Capability
from gongkai.sites.models import Site


def sites_for(user) -> list[Site]:
    if not can(user, Capability.SUPERVISE):
        return []
    return [
        s
        for s in Site.objects.filter(is_active=True).select_related("root")
        if can(user, Capability.SUPERVISE, s.root)
    ]


def get_site_for_user(user, pk) -> Site:
    for site in sites_for(user):
        if site.pk == pk:
            return site
    raise Http404


def incidents_for(user):
    from .models import Incident

    return Incident.objects.filter(site__in=[s.pk for s in sites_for(user)]).select_related("site")
