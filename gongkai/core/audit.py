"""The audit log: who changed what, when, from where; append-only and hash-chained.

Every service that changes state calls :func:`record` inside its transaction, so the record exists if
and only if the change does. Appends are serialized by locking the chain head row; each record's hash
covers the previous record's hash, so editing, deleting or reordering any record breaks the chain from
that point, which :func:`verify_chain` (``gongkai verify_audit``) reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from .context import client_ip
from .models import AuditChainHead, AuditEvent, Organization, User

GENESIS = "0" * 64


def _plain(value):
    """A JSON-safe, stable rendering of a field value for the before/after summary."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.date | dt.datetime | Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for the fields that changed."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


@transaction.atomic
def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    unit: Organization | None = None,
    changes: dict | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit record. ``unit`` is the unit the object belongs to (default: the actor's)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    if unit is None and actor is not None:
        unit = actor.unit
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=actor,
        actor_name=(actor.full_name or actor.username) if actor else "系统",
        unit=unit,
        unit_name=unit.name if unit else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:200],
        changes=changes or {},
        ip=client_ip.get(),
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, last_hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # seq of the first record that does not verify
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "link")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "content")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or (checked and head.last_hash != expected_prev)):
        return ChainReport(checked, checked + 1, "truncated")
    return ChainReport(checked, None)
