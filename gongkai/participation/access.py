"""Every permission-checked fetch of participation records, on top of ``gongkai.core.access``.

A record belongs to the unit that runs it (a consultation's, a catalog's or a meeting's unit; a proposal's
lead unit); a comment, a group, a matter or an application belongs to its parent's unit. Staff see the
records of the units they reach (``units_for``); a reviewer of that unit (or an office above it) writes
them. A record out of reach answers 404, a record in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, is_staff_member, units_for
from gongkai.core.actors import is_system
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .models import (
    AttendanceApplication,
    Comment,
    CommentGroup,
    Consultation,
    DecisionCatalog,
    DecisionMatter,
    Meeting,
    Proposal,
)

# What writing a participation record takes: the unit's reviewer (or an office above it).
WRITE = Capability.REVIEW_CONTENT

# The path from each record to the unit it belongs to.
UNIT_PATHS: dict[type[models.Model], str] = {
    Consultation: "unit",
    CommentGroup: "consultation__unit",
    Comment: "consultation__unit",
    DecisionCatalog: "unit",
    DecisionMatter: "catalog__unit",
    Proposal: "lead_unit",
    Meeting: "unit",
    AttendanceApplication: "meeting__unit",
}


def unit_of(obj: models.Model) -> Organization | None:
    """The unit ``obj`` belongs to (``None`` for a record not yet placed in one)."""
    for name in UNIT_PATHS[type(obj)].split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_write(user, obj: models.Model | None = None) -> bool:
    """Whether ``user`` may add or change participation records (of ``obj``'s unit, if given)."""
    unit = None if obj is None else unit_of(obj)
    return can(user, WRITE, unit)


def may_assign_proposals(user) -> bool:
    """The openness office assigns NPC suggestions and CPPCC proposals to their lead units."""
    return can(user, Capability.SUPERVISE)


def records_for(model: type[models.Model], user) -> QuerySet:
    return model.objects.filter(**{f"{UNIT_PATHS[model]}__in": units_for(user)})


def _get(model: type[models.Model], user, pk, write: bool):
    obj = records_for(model, user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if write and not may_write(user, obj):
        raise PermissionDenied
    return obj


def consultations_for(user) -> QuerySet[Consultation]:
    return records_for(Consultation, user)


def get_consultation_for_user(user, pk: int, *, write: bool = False) -> Consultation:
    return _get(Consultation, user, pk, write)


def comments_for(user) -> QuerySet[Comment]:
    return records_for(Comment, user)


def get_comment_for_user(user, pk: int, *, write: bool = False) -> Comment:
    return _get(Comment, user, pk, write)


def groups_for(user) -> QuerySet[CommentGroup]:
    return records_for(CommentGroup, user)


def catalogs_for(user) -> QuerySet[DecisionCatalog]:
    return records_for(DecisionCatalog, user)


def get_catalog_for_user(user, pk: int, *, write: bool = False) -> DecisionCatalog:
    return _get(DecisionCatalog, user, pk, write)


def matters_for(user) -> QuerySet[DecisionMatter]:
    return records_for(DecisionMatter, user)


def get_matter_for_user(user, pk: int, *, write: bool = False) -> DecisionMatter:
    return _get(DecisionMatter, user, pk, write)


def proposals_for(user) -> QuerySet[Proposal]:
    return records_for(Proposal, user)


def get_proposal_for_user(user, pk: int, *, write: bool = False) -> Proposal:
    return _get(Proposal, user, pk, write)


def meetings_for(user) -> QuerySet[Meeting]:
    return records_for(Meeting, user)


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    return _get(Meeting, user, pk, write)


def applications_for(user) -> QuerySet[AttendanceApplication]:
    return records_for(AttendanceApplication, user)


def get_application_for_user(user, pk: int, *, write: bool = False) -> AttendanceApplication:
    return _get(AttendanceApplication, user, pk, write)
