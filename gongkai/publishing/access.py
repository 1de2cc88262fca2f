"""Permission-checked fetches of items; scoping comes from gongkai.core.access."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from gongkai.core.access import can, get_organization_for_user, is_staff_member, units_for
from gongkai.core.actors import is_system
from gongkai.core.models import Organization, OrgType
from gongkai.core.roles import Capability

from . import workflow
from .models import Column, InformationItem, ReviewStep, Status, Submission

# The capability each workflow button needs over the item's unit.
ACTION_CAPABILITIES = {
    "submit": Capability.EDIT_CONTENT,
    "recall": Capability.EDIT_CONTENT,
    "approve": Capability.REVIEW_CONTENT,
    "reject": Capability.REVIEW_CONTENT,
    "withdraw": Capability.REVIEW_CONTENT,
    "restore": Capability.EDIT_CONTENT,
}


def may_view(user) -> bool:
    return is_system(user) or is_staff_member(user)


def may_write_items(user) -> bool:
    """Whether ``user`` may write information items at all (each item is checked again by its unit)."""
    return can(user, Capability.EDIT_CONTENT)


def may_configure(user, unit: Organization | None = None) -> bool:
    """Columns and review levels of a unit are kept by those who may edit the unit."""
    return can(user, Capability.EDIT_UNIT, unit)


def may_choose_unit(user) -> bool:
    """Only a superuser or an openness office files a new item under another unit than its own."""
    return is_system(user) or bool(user.is_superuser) or user.role == "openness_office"


def available_actions(user, item: InformationItem) -> list[str]:
    """The workflow buttons ``user`` may press on ``item`` in its present state."""
    return [
        name
        for name, capability in ACTION_CAPABILITIES.items()
        if workflow.allowed(name, item.status) and can(user, capability, item.unit)
    ]


def get_unit_for_user(user, pk: int) -> Organization:
    """A unit to file an item under: one the user reaches (404 otherwise)."""
    return get_organization_for_user(user, pk)


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


# 信息报送 ------------------------------------------------------------------------------------------------


def decides_for(user) -> Organization | None:
    """The portal root whose incoming submissions ``user`` decides: the openness office of the portal's root
    government (or of its general office, 政府办公室); another site's office, even one above, does not."""
    from .portals import portal_root

    if not is_staff_member(user) or user.role != "openness_office" or user.unit is None:
        return None
    root = portal_root(user.unit)
    if root.pk == user.unit_id:
        return root
    if user.unit.parent_id == root.pk and user.unit.org_type == OrgType.GENERAL_OFFICE:
        return root
    return None


def submissions_for(user):
    """Submissions of the units ``user`` reaches (what they sent)."""
    return Submission.objects.filter(unit__in=units_for(user))


def incoming_submissions_for(user):
    """Submissions to the portal whose office ``user`` is (what they decide)."""
    if getattr(user, "is_superuser", False) or is_system(user):
        return Submission.objects.all()
    root = decides_for(user)
    if root is None:
        return Submission.objects.none()
    return Submission.objects.filter(column__unit=root)


def visible_submissions(user):
    return Submission.objects.filter(
        Exists(submissions_for(user).filter(pk=OuterRef("pk")))
        | Exists(incoming_submissions_for(user).filter(pk=OuterRef("pk")))
    )


def may_decide(user, submission: Submission) -> bool:
    return incoming_submissions_for(user).filter(pk=submission.pk).exists()


def get_submission_for_user(user, pk: int, *, action: str = "") -> Submission:
    """A submission ``user`` sees (404 otherwise). ``action`` "adopt"/"decline": only the portal's office
    (another site's office: 404, the unit's own staff: 403); "withdraw": the submitting unit's staff."""
    found = visible_submissions(user).with_listing().filter(pk=pk).first()
    if found is None:
        raise Http404
    if action in ("adopt", "decline") and not may_decide(user, found):
        if user.role == "openness_office":
            raise Http404
        raise PermissionDenied
    if action == "withdraw" and not can(user, Capability.EDIT_CONTENT, found.unit):
        raise PermissionDenied
    return found
