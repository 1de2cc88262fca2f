"""Every permission-checked fetch of service guides, on top of ``gongkai.core.access``.

A guide belongs to its unit. Staff see the guides of the units they reach (``units_for``: an editor its own
unit, an openness office its subtree); an editor writes them (``EDIT_CONTENT``); publishing and withdrawing
need the right to publish the unit's content (``REVIEW_CONTENT``). Out of reach answers 404, in reach
without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import ServiceGuide

WRITE = Capability.EDIT_CONTENT
PUBLISH = Capability.REVIEW_CONTENT


def guides_for(user) -> QuerySet[ServiceGuide]:
    return ServiceGuide.objects.filter(unit__in=units_for(user))


def get_guide_for_user(user, pk: int, *, write: bool = False) -> ServiceGuide:
    found = guides_for(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can(user, WRITE, found.unit):
        raise PermissionDenied
    return found


def writable_units(user):
    """The units whose guides ``user`` may write (the unit choices of the workspace's form)."""
    return core_access.writable_units(user, WRITE)
