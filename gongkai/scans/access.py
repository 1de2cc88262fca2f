"""Every permission-checked fetch of scan records, on top of ``gongkai.core.access``.

A finding belongs to the unit of its item: staff see the findings of the units they reach; the unit's
editor (or an office above it) fixes or dismisses it. Scans are started by the openness office (SUPERVISE);
the leaders' list of a unit is kept by those who keep the unit's information (EDIT_UNIT), the office for its
subtree. Out of reach answers 404, in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, is_staff_member, units_for
from gongkai.core.actors import is_system
from gongkai.core.models import Leader
from gongkai.core.roles import Capability

from .models import ScanFinding, ScanRun

HANDLE = Capability.EDIT_CONTENT
RUN = Capability.SUPERVISE
LEADERS = Capability.EDIT_UNIT


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_handle(user, unit) -> bool:
    return can(user, HANDLE, unit)


def may_run(user) -> bool:
    return can(user, RUN)


def may_keep_leaders(user, unit=None) -> bool:
    return can(user, LEADERS, unit)


def findings_for(user) -> QuerySet[ScanFinding]:
    if not may_view(user):
        return ScanFinding.objects.none()
    return ScanFinding.objects.filter(unit__in=units_for(user))


def runs_for(user) -> QuerySet[ScanRun]:
    return ScanRun.objects.all() if may_view(user) else ScanRun.objects.none()


def leaders_for(user) -> QuerySet[Leader]:
    if not may_view(user):
        return Leader.objects.none()
    return Leader.objects.filter(organization__in=units_for(user))


def get_finding_for_user(user, pk: int, *, write: bool = False) -> ScanFinding:
    finding = findings_for(user).select_related("item", "attachment", "unit").filter(pk=pk).first()
    if finding is None:
        raise Http404
    if write and not may_handle(user, finding.unit):
        raise PermissionDenied
    return finding


def get_leader_for_user(user, pk: int, *, write: bool = False) -> Leader:
    leader = leaders_for(user).select_related("organization").filter(pk=pk).first()
    if leader is None:
        raise Http404
    if write and not may_keep_leaders(user, leader.organization):
        raise PermissionDenied
    return leader
