"""Every permission-checked fetch of 双随机 records, on top of ``gongkai.core.access``.

A matter, an inspector, a plan (with its picks and results) belongs to its unit; an entity to its unit's
directory or to the shared directory (no unit), which every staff member reads and only an openness office
(SUPERVISE) writes. Staff see the records of the units they reach (``units_for``); the unit's editor (or an
office above it) writes them. A record out of reach answers 404, a record in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.core.access import can, is_staff_member, units_for
from gongkai.core.actors import is_system
from gongkai.core.roles import Capability

from .models import DrawPick, Entity, InspectionMatter, Inspector, Plan

# Writing a directory or a plan, committing it, drawing and entering results: the unit's editor.
WRITE = Capability.EDIT_CONTENT
# The shared directory of entities belongs to no unit: the openness office keeps it.
SHARED = Capability.SUPERVISE


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_write(user, unit) -> bool:
    if unit is None:
        return can(user, SHARED)
    return can(user, WRITE, unit)


def matters_for(user) -> QuerySet[InspectionMatter]:
    return InspectionMatter.objects.filter(unit__in=units_for(user))


def inspectors_for(user) -> QuerySet[Inspector]:
    return Inspector.objects.filter(unit__in=units_for(user))


def entities_for(user) -> QuerySet[Entity]:
    if not may_view(user):
        return Entity.objects.none()
    return Entity.objects.filter(Q(unit__in=units_for(user)) | Q(unit__isnull=True))


def plans_for(user) -> QuerySet[Plan]:
    return Plan.objects.filter(unit__in=units_for(user))


def picks_for(user) -> QuerySet[DrawPick]:
    return DrawPick.objects.filter(plan__unit__in=units_for(user))


def _get(queryset: QuerySet, user, pk, write: bool, unit_of=lambda obj: obj.unit):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    if write and not may_write(user, unit_of(obj)):
        raise PermissionDenied
    return obj


def get_matter_for_user(user, pk: int, *, write: bool = False) -> InspectionMatter:
    return _get(matters_for(user), user, pk, write)


def get_inspector_for_user(user, pk: int, *, write: bool = False) -> Inspector:
    return _get(inspectors_for(user), user, pk, write)


def get_entity_for_user(user, pk: int, *, write: bool = False) -> Entity:
    return _get(entities_for(user), user, pk, write)


def get_plan_for_user(user, pk: int, *, write: bool = False) -> Plan:
    return _get(plans_for(user).select_related("unit"), user, pk, write)


def get_pick_for_user(user, pk: int, *, write: bool = False) -> DrawPick:
    return _get(picks_for(user).select_related("plan__unit"), user, pk, write, lambda pick: pick.plan.unit)
