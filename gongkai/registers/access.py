"""Every permission-checked fetch of register records, on top of ``gongkai.core.access``.

A record belongs to its unit. Staff see the records of the units they reach (``units_for``); an editor of that
unit (or an office above it) writes them: the registers hold decisions already taken and figures already
approved, which the unit's business systems export, so no review step stands between (the power list's
adjustments carry their reason and are kept as versions). Out of reach answers 404, in reach without the right
403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import BudgetDisclosure, Decision, FeeItem, PowerItem

WRITE = Capability.EDIT_CONTENT


def records_for(user, model: type[models.Model]) -> models.QuerySet:
    return model.objects.filter(unit__in=units_for(user))


def _get(user, model, pk: int, write: bool):
    found = records_for(user, model).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can(user, WRITE, found.unit):
        raise PermissionDenied
    return found


def get_power_for_user(user, pk: int, *, write: bool = False) -> PowerItem:
    return _get(user, PowerItem, pk, write)


def get_decision_for_user(user, pk: int, *, write: bool = False) -> Decision:
    return _get(user, Decision, pk, write)


def get_fee_for_user(user, pk: int, *, write: bool = False) -> FeeItem:
    return _get(user, FeeItem, pk, write)


def get_budget_for_user(user, pk: int, *, write: bool = False) -> BudgetDisclosure:
    return _get(user, BudgetDisclosure, pk, write)


def writable_units(user):
    """The units whose registers ``user`` may write (the unit choices of the workspace's forms)."""
    return core_access.writable_units(user, WRITE)
