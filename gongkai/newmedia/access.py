"""Every permission-checked fetch of new-media accounts, on top of ``gongkai.core.access``.

An account belongs to its owner unit. Staff see the accounts of the units they reach (``units_for``: an editor
its own unit, the openness office its subtree); an editor of that unit (or an office above it) writes them.
Out of reach answers 404, in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import Account

WRITE = Capability.EDIT_CONTENT


def accounts_for(user):
    return Account.objects.filter(unit__in=units_for(user))


def get_account_for_user(user, pk: int, *, write: bool = False) -> Account:
    found = accounts_for(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can(user, WRITE, found.unit):
        raise PermissionDenied
    return found


def writable_units(user):
    """The units whose accounts ``user`` may register or change (the unit choices of the workspace's forms)."""
    return core_access.writable_units(user, WRITE)
