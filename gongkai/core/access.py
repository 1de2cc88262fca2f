"""Every permission-checked fetch of core records, and the scoping every other app reuses.

Scope rule: an openness office (公开办) reaches the subtree of its own organization; any other staff
member reaches its own unit only; a superuser reaches everything. Other apps scope their querysets with
:func:`units_for` and check single records with :func:`check_unit`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .actors import is_system
from .models import AuditEvent, Organization, User
from .roles import Capability, Role, has_capability


def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.unit_id))


def units_for(user) -> QuerySet[Organization]:
    """The organizations whose records ``user`` may see in the back office and the staff API.

    A system actor (a scheduled job, see ``actors.py``) reaches every organization; ``None`` reaches none.
    """
    if is_system(user):
        return Organization.objects.all()
    if not is_staff_member(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    if user.role == Role.OPENNESS_OFFICE:
        return Organization.objects.subtree(user.unit)
    return Organization.objects.filter(pk=user.unit_id)


def can(user, capability: str, unit: Organization | None = None) -> bool:
    """Whether ``user`` holds ``capability`` and, if a unit is given, reaches that unit.

    True for a named system actor (the bypass is explicit), false for ``None`` (a forgotten actor).
    """
    if is_system(user):
        return True
    if not is_staff_member(user):
        return False
    if user.is_superuser:
        return True
    if not has_capability(user.role, capability):
        return False
    if unit is None:
        return True
    if user.role == Role.OPENNESS_OFFICE:
        return unit.is_within(user.unit)
    return unit.pk == user.unit_id


def writable_units(user, capability: str) -> QuerySet[Organization]:
    """The units in ``user``'s reach where the role holds ``capability``: the unit choices of a form that
    writes (an editor: the own unit; an office: every unit below it)."""
    if not can(user, capability):
        return Organization.objects.none()
    return units_for(user).order_by("path")


def check_unit(user, unit: Organization, capability: str) -> None:
    """Raise 404 if ``unit`` is outside the user's reach (existence is not revealed), 403 if the role
    lacks the capability."""
    if not units_for(user).filter(pk=unit.pk).exists():
        raise Http404
    if not can(user, capability, unit):
        raise PermissionDenied


def get_organization_for_user(user, pk: int, *, write: bool = False) -> Organization:
    organization = units_for(user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    if write and not can(user, Capability.EDIT_UNIT, organization):
        raise PermissionDenied
    return organization


def staff_for(user) -> QuerySet[User]:
    """Staff accounts visible to ``user``: those of the units it reaches, if it may manage staff."""
    if not can(user, Capability.MANAGE_STAFF):
        return User.objects.filter(pk=user.pk) if is_staff_member(user) else User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(unit__in=units_for(user))


def get_staff_for_user(user, pk: int, *, write: bool = False) -> User:
    staff = staff_for(user).filter(pk=pk).first()
    if staff is None:
        raise Http404
    if write and not (can(user, Capability.MANAGE_STAFF, staff.unit) if staff.unit else user.is_superuser):
        raise PermissionDenied
    return staff


def audit_events_for(user) -> QuerySet[AuditEvent]:
    if not can(user, Capability.VIEW_AUDIT):
        return AuditEvent.objects.none()
    if user.is_superuser:
        return AuditEvent.objects.all()
    return AuditEvent.objects.in_units(units_for(user))
