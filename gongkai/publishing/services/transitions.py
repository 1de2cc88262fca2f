"""The review workflow (publishing/workflow.py's table), scheduled publishing and validity."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.claims import claim
from gongkai.core.models import User
from gongkai.core.roles import Capability

from .. import workflow
from ..models import InformationItem, ReviewPolicy, ReviewStep, Status, Validity
from .checking import require_checks_pass
from .items import Actor, assign_index_number, reindex_item


def _lock(item: InformationItem) -> InformationItem:
    return InformationItem.objects.select_for_update(of=("self",)).get(pk=item.pk)


def _transition(item: InformationItem, action: str, actor: Actor, now: dt.datetime, changes=None, **approval):
    before = item.status
    item.status = workflow.target(action, item.status, **({"now": now, **approval} if approval else {}))
    item.version += 1
    item.updated_at = now
    item.save()
    audit.record(
        actor=actor,
        action=f"publishing.item.{action}",
        obj=item,
        unit=item.unit,
        changes={"status": [before, item.status], **(changes or {})},
    )
    reindex_item(item)
    return item


@transaction.atomic
def submit_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    if not workflow.allowed("submit", item.status):
        raise workflow.TransitionError("submit", item.status)
    require_checks_pass(item, "submit")
    policy = ReviewPolicy.objects.filter(unit=item.unit).first()
    item.review_levels = policy.levels if policy else 1
    item.review_level_done = 0
    now = timezone.now()
    item.submitted_at = now
    item.updated_by = as_user(actor)
    return _transition(item, "submit", actor, now)


@transaction.atomic
def recall_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    return _transition(item, "recall", actor, timezone.now())


@transaction.atomic
def approve_item(*, actor: User, item: InformationItem, comment: str = "") -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not workflow.allowed("approve", item.status):
        raise workflow.TransitionError("approve", item.status)
    level = item.review_level_done + 1
    earlier = item.review_steps.filter(
        decided_at__gte=item.submitted_at, decision=ReviewStep.Decision.APPROVED
    )
    if earlier.filter(reviewer=actor).exists():
        raise ValidationError(_("同一审核人不能审核同一稿件的多个级别。"))
    require_checks_pass(item, "publish" if level >= item.review_levels else "submit")
    now = timezone.now()
    ReviewStep.objects.create(
        item=item, level=level, decision=ReviewStep.Decision.APPROVED, reason=comment, reviewer=actor
    )
    item.review_level_done = level
    item.updated_by = as_user(actor)
    approval = {
        "levels_done": level,
        "levels": item.review_levels,
        "scheduled_at": item.scheduled_at,
    }
    item = _transition(item, "approve", actor, now, changes={"level": [level - 1, level]}, **approval)
    if item.status == Status.PUBLISHED:
        _go_live(item, now)
    return item


@transaction.atomic
def reject_item(*, actor: User, item: InformationItem, reason: str) -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not reason.strip():
        raise ValidationError({"reason": _("退回时请写明原因，编辑将看到这段说明。")})
    if not workflow.allowed("reject", item.status):
        raise workflow.TransitionError("reject", item.status)
    ReviewStep.objects.create(
        item=item,
        level=item.review_level_done + 1,
        decision=ReviewStep.Decision.REJECTED,
        reason=reason.strip(),
        reviewer=actor,
    )
    item.review_level_done = 0
    item.updated_by = as_user(actor)
    return _transition(item, "reject", actor, timezone.now(), changes={"reason": [None, reason.strip()]})


@transaction.atomic
def withdraw_item(*, actor: User, item: InformationItem, reason: str) -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not reason.strip():
        raise ValidationError({"reason": _("撤回时请写明原因。")})
    now = timezone.now()
    item.withdrawn_at, item.withdraw_reason, item.updated_by = now, reason.strip(), as_user(actor)
    return _transition(item, "withdraw", actor, now, changes={"reason": [None, reason.strip()]})


@transaction.atomic
def restore_item(*, actor: User, item: InformationItem) -> InformationItem:
    item = _lock(item)
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    item.updated_by = as_user(actor)
    return _transition(item, "restore", actor, timezone.now())


@transaction.atomic
def publish_now(*, actor: User, item: InformationItem) -> InformationItem:
    """Publish a scheduled (待定时发布) item at once instead of at its set time: a reviewer's decision, so
    the item must still pass the checks of publication."""
    item = _lock(item)
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    if not workflow.allowed("publish_scheduled", item.status):
        raise workflow.TransitionError("publish_scheduled", item.status)
    require_checks_pass(item, "publish")
    now = timezone.now()
    item.updated_by = as_user(actor)
    item = _transition(
        item, "publish_scheduled", actor, now, changes={"scheduled_at": [str(item.scheduled_at), str(now)]}
    )
    _go_live(item, now)
    return item


def publish_due_items(*, actor: Actor, now: dt.datetime | None = None, dry_run: bool = False) -> list[int]:
    """Publish scheduled items whose time has come (run by `gongkai publish_scheduled` as the system).

    A scanner: each due item is claimed by a conditional update inside its own transaction, so two runs at
    once publish it once (the second finds it no longer scheduled). Idempotent."""
    require(can(actor, Capability.REVIEW_CONTENT))
    now = now or timezone.now()
    due = InformationItem.objects.filter(status=Status.SCHEDULED, scheduled_at__lte=now)
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return ids
    published = []
    for pk in ids:
        with transaction.atomic():
            if not claim(due, pk, updated_at=now):  # another run took it
                continue
            item = _lock(InformationItem(pk=pk))
            _transition(item, "publish_scheduled", actor, now)
            _go_live(item, now)
            published.append(pk)
    return published


def _go_live(item: InformationItem, now: dt.datetime) -> None:
    item.published_at = item.published_at or now
    if not item.index_no:
        item.index_no = assign_index_number(item.unit, timezone.localdate(item.published_at).year)
    item.save(update_fields=["published_at", "index_no"])


@transaction.atomic
def set_validity(
    *,
    actor: Actor,
    item: InformationItem,
    validity: str,
    changed_on: dt.date | None,
    replaced_by: InformationItem | None = None,
    note: str = "",
) -> InformationItem:
    """Mark a published document expired, repealed or amended (the banner shows on its page)."""
    current = _lock(item)
    require(can(actor, Capability.REVIEW_CONTENT, current.unit))
    before = audit.snapshot(current, ("validity", "validity_changed_on", "validity_note"))
    current.validity, current.validity_changed_on, current.validity_note = validity, changed_on, note
    current.replaced_by = replaced_by
    current.full_clean(exclude=["index_no"])
    current.version += 1
    current.save()
    audit.record(
        actor=actor,
        action="publishing.item.validity_changed",
        obj=current,
        unit=current.unit,
        changes=audit.diff(
            before, audit.snapshot(current, ("validity", "validity_changed_on", "validity_note"))
        ),
    )
    reindex_item(current)
    return current


def expire_documents(*, actor: Actor, today: dt.date | None = None, dry_run: bool = False) -> list[int]:
    """Record as expired every published document whose validity period (有效期至) has run out: from the day
    after its last valid day (run daily by `gongkai expire_documents` as the system; pages show the banner
    from that day even before the job runs).

    A scanner: each document is claimed by a conditional update inside its own transaction, so two runs at
    once expire it once. Idempotent."""
    require(can(actor, Capability.REVIEW_CONTENT))
    today = today or timezone.localdate()
    due = InformationItem.objects.filter(
        status=Status.PUBLISHED, validity=Validity.VALID, valid_until__lt=today
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return ids
    expired = []
    for pk in ids:
        with transaction.atomic():
            if not claim(due, pk, updated_at=timezone.now()):  # another run took it
                continue
            item = _lock(InformationItem(pk=pk))
            set_validity(
                actor=actor,
                item=item,
                validity=Validity.EXPIRED,
                changed_on=item.valid_until + dt.timedelta(days=1),
                replaced_by=item.replaced_by,
                note=item.validity_note or str(_("有效期届满。")),
            )
            expired.append(pk)
    return expired
