"""Permission-checked fetches of annual reports (on top of core scoping): a unit's staff and the openness
offices above it reach its reports; anything outside answers 404, a right the role lacks 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .models import AnnualReport, ReportStatus


def reports_for(user) -> QuerySet[AnnualReport]:
    """The reports of the units ``user`` reaches (every unit for a system actor, none for ``None``)."""
    return AnnualReport.objects.filter(unit__in=core_access.units_for(user)).select_related("unit")


def get_report_for_user(user, pk: int, *, write: bool = False) -> AnnualReport:
    """The report ``pk``: 404 outside the user's reach; with ``write``, 403 unless the user may edit the
    unit's content."""
    found = reports_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not core_access.can(user, Capability.EDIT_CONTENT, found.unit):
        raise PermissionDenied
    return found


def rollup_units_for(user) -> QuerySet[Organization]:
    """The active units whose reports an openness office follows in the roll-up; 403 for anyone else."""
    if not core_access.can(user, Capability.SUPERVISE):
        raise PermissionDenied
    return core_access.units_for(user).active().order_by("path")


def published_reports() -> QuerySet[AnnualReport]:
    """What the public site shows: published reports only (no permission involved)."""
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("unit")
