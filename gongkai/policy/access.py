"""Every permission-checked fetch of policy records, on top of ``gongkai.core.access``.

Interpretations, policy profiles and register entries belong to the unit of their information item; a
clean-up to its organizing unit. Staff see the records of the units they reach; an editor of the unit
links interpretations and marks what needs one, a reviewer registers, exempts and runs clean-ups; the
list of issuing bodies is kept by the openness office (公开办) and read by every staff member.
A record out of reach answers 404, a record in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, is_staff_member, units_for
from gongkai.core.actors import is_system
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .models import Cleanup, CleanupDecision, Interpretation, IssuingBody, PolicyProfile, RegisterEntry


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_edit(user, unit: Organization | None = None) -> bool:
    """Link interpretations, say whether a policy needs one (an editor of ``unit``)."""
    return can(user, Capability.EDIT_CONTENT, unit)


def may_review(user, unit: Organization | None = None) -> bool:
    """Register, exempt, change validity, run clean-ups (a reviewer of ``unit``)."""
    return can(user, Capability.REVIEW_CONTENT, unit)


def may_supervise(user) -> bool:
    """Keep the issuing bodies and read the interpretation statistics (the openness office)."""
    return can(user, Capability.SUPERVISE)


def may_change_cleanup(user, cleanup: Cleanup | None = None) -> bool:
    """A clean-up's result list is a public record once published: nobody changes it then."""
    if cleanup is not None and cleanup.published_at:
        return False
    return may_review(user, cleanup.unit if cleanup is not None else None)


def _first(queryset: QuerySet, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# Interpretations ------------------------------------------------------------------------------------------


def interpretations_for(user) -> QuerySet[Interpretation]:
    return Interpretation.objects.filter(item__unit__in=units_for(user))


def get_interpretation_for_user(user, pk: int, *, write: bool = False) -> Interpretation:
    link = _first(interpretations_for(user).select_related("item__unit", "policy"), pk)
    if write and not may_edit(user, link.item.unit):
        raise PermissionDenied
    return link


# Policy profiles ------------------------------------------------------------------------------------------


def profiles_for(user) -> QuerySet[PolicyProfile]:
    return PolicyProfile.objects.filter(item__unit__in=units_for(user))


def get_profile_for_user(user, pk: int, *, write: bool = False) -> PolicyProfile:
    profile = _first(profiles_for(user).select_related("item__unit"), pk)
    if write and not may_edit(user, profile.item.unit):
        raise PermissionDenied
    return profile


# The register ---------------------------------------------------------------------------------------------


def entries_for(user) -> QuerySet[RegisterEntry]:
    return RegisterEntry.objects.filter(item__unit__in=units_for(user))


def get_entry_for_user(user, pk: int, *, write: bool = False) -> RegisterEntry:
    entry = _first(entries_for(user).select_related("item__unit"), pk)
    if write and not may_review(user, entry.item.unit):
        raise PermissionDenied
    return entry


def issuing_bodies_for(user) -> QuerySet[IssuingBody]:
    """Every staff member reads the list of issuing bodies (it is public too)."""
    if not may_view(user):
        return IssuingBody.objects.none()
    return IssuingBody.objects.all()


def get_issuing_body_for_user(user, pk: int, *, write: bool = False) -> IssuingBody:
    body = _first(issuing_bodies_for(user), pk)
    if write and not may_supervise(user):
        raise PermissionDenied
    return body


# Clean-ups ------------------------------------------------------------------------------------------------


def cleanups_for(user) -> QuerySet[Cleanup]:
    return Cleanup.objects.filter(unit__in=units_for(user))


def get_cleanup_for_user(user, pk: int, *, write: bool = False) -> Cleanup:
    cleanup = _first(cleanups_for(user).select_related("unit"), pk)
    if write and not may_change_cleanup(user, cleanup):
        raise PermissionDenied
    return cleanup


def decisions_for(user) -> QuerySet[CleanupDecision]:
    return CleanupDecision.objects.filter(cleanup__unit__in=units_for(user))
