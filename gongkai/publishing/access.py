"""Permission-checked fetches of items; scoping comes from gongkai.core.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import Column, InformationItem, ReviewStep, Status


def items_for(user):
    return InformationItem.objects.filter(unit__in=units_for(user))


def get_item_for_user(user, pk: int, *, write: bool = False) -> InformationItem:
    item = items_for(user).select_related("unit").filter(pk=pk).first()
    if item is None:
        raise Http404
    if write and not can(user, Capability.EDIT_CONTENT, item.unit):
        raise PermissionDenied
    return item


def columns_for(user):
    return Column.objects.filter(unit__in=units_for(user))


def review_queue(user):
    """Items waiting for a review step this user may take, oldest first."""
    if not can(user, Capability.REVIEW_CONTENT):
        return InformationItem.objects.none()
    approved_by_user = ReviewStep.objects.filter(
        item=OuterRef("pk"),
        reviewer=user,
        decision=ReviewStep.Decision.APPROVED,
        decided_at__gte=OuterRef("submitted_at"),
    )
    return (
        items_for(user)
        .filter(status=Status.SUBMITTED)
        .exclude(Exists(approved_by_user))
        .select_related("unit")
        .order_by("submitted_at")
    )
