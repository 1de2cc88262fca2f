"""The audit log: who changed what, when, from where; append-only and hash-chained with a secret key.

Every service that changes state calls :func:`record` inside its transaction, so the record exists if
and only if the change does. Appends are serialized by locking the chain head row; each record's hash
covers the previous record's hash, so editing, deleting or reordering any record breaks the chain from
that point, which :func:`verify_chain` (``gongkai verify_audit``) reports.

What defends the chain against someone who can write SQL (a database administrator):

- Hashes are HMAC-SHA256 under ``GONGKAI_AUDIT_KEY``, which lives in the environment, never in the
  database: without it nobody can recompute the hashes after an edit. Each record names its scheme and
  the key's id (a fingerprint, not the key), so retired keys (``GONGKAI_AUDIT_OLD_KEYS``) still verify.
- Records written before keyed hashing keep ``hash_scheme = "sha256"`` and verify as they were hashed
  (re-keying them would bless whatever they contain now). Migration 0004 sealed such a chain with one
  keyed record whose hash covers the last unkeyed one. From then on the verifier accepts unkeyed records
  only before the first keyed one, and requires the newest record to be keyed, so "downgrading" records
  to plain SHA-256 to recompute them is detected too.
- The database refuses UPDATE and DELETE (:mod:`gongkai.core.audit_protection`).
- ``gongkai anchor_audit`` copies the head outside the database (:mod:`gongkai.core.audit_anchors`); a
  deleted tail with the head rewound verifies as a chain but not against the anchors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import page_version
from .actors import NamedActor, as_user, is_named
from .context import client_ip
from .models import AuditChainHead, AuditEvent, HashScheme, Organization, User, audit_hash

GENESIS = "0" * 64


def key_id(key: bytes) -> str:
    """A public name for a key: it tells which key signed a record without revealing the key."""
    return hmac.new(key, b"gongkai audit key id", hashlib.sha256).hexdigest()[:12]


def signing_key() -> tuple[str, bytes]:
    """The current key and its id; new records and anchors are signed with it."""
    key = settings.GONGKAI_AUDIT_KEY.encode()
    return key_id(key), key


def known_keys() -> dict[str, bytes]:
    """Every key that may have signed a record: the current one and the retired ones."""
    keys = [settings.GONGKAI_AUDIT_KEY, *settings.GONGKAI_AUDIT_OLD_KEYS]
    return {key_id(k.encode()): k.encode() for k in keys if k}


def sign(event) -> None:
    """Set a new record's scheme, key id and hash (it must carry seq and prev_hash already)."""
    event.key_id, key = signing_key()
    event.hash_scheme = HashScheme.HMAC_SHA256
    event.hash = audit_hash(event, key)


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
    if isinstance(value, dict):  # a JSON field (a report's tables): kept as data, not as a Python repr
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    """``{field: [before, after]}`` for the fields that changed."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


@transaction.atomic
def record(
    *,
    actor: User | NamedActor,
    action: str,
    obj: models.Model | None = None,
    unit: Organization | None = None,
    changes: dict | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Append one audit record. ``unit`` is the unit the object belongs to (default: the actor's)."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    if actor is None:
        # Every change has an author: a staff member, a named system job or the public (see actors.py).
        raise TypeError("audit.record needs an actor: a staff user, actors.system(job) or actors.PUBLIC")
    user = as_user(actor)
    if unit is None and user is not None:
        unit = user.unit
    actor_name = actor.display_name if is_named(actor) else (user.full_name or user.username)
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=user,
        actor_name=actor_name,
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
    sign(event)
    event.save()
    AuditChainHead.objects.filter(pk=1).update(seq=event.seq, last_hash=event.hash)
    # Every change is recorded here, so this is where the public pages learn that they may have changed: the
    # content version moves on when the transaction commits (gongkai.core.page_version).
    page_version.changed()
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
    keys = known_keys()
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    keyed_seen, last_scheme = False, None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, "missing")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "link")
        if event.hash_scheme == HashScheme.SHA256 and not keyed_seen:
            expected = event.compute_hash()
        elif event.hash_scheme == HashScheme.HMAC_SHA256:
            if event.key_id not in keys:
                return ChainReport(checked, event.seq, "key")
            keyed_seen, expected = True, event.compute_hash(keys[event.key_id])
        else:  # an unkeyed record after keyed ones, or an unknown scheme
            return ChainReport(checked, event.seq, "scheme")
        if not hmac.compare_digest(expected, event.hash):
            return ChainReport(checked, event.seq, "content")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
        last_scheme = event.hash_scheme
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != checked or (checked and head.last_hash != expected_prev)):
        return ChainReport(checked, checked + 1, "truncated")
    if last_scheme == HashScheme.SHA256:  # migration 0004 sealed every unkeyed chain with a keyed record
        return ChainReport(checked - 1, checked, "unkeyed")
    return ChainReport(checked, None)


def seal_legacy_chain(event_model, head_model) -> bool:
    """Append one keyed record after unkeyed ones, so they can no longer be recomputed (migration 0004).

    Takes the (historical) models as arguments so the migration can call it; returns whether it sealed.
    """
    head, _ = head_model.objects.select_for_update().get_or_create(pk=1)
    newest = event_model.objects.filter(seq=head.seq).first()
    if newest is None or newest.hash_scheme != HashScheme.SHA256:
        return False
    event = event_model(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor_name="系统",
        action="core.audit.keyed",
        object_repr="操作日志启用密钥签名",
        changes={"unkeyed_records": head.seq},
        prev_hash=head.last_hash,
    )
    sign(event)
    event.save()
    head_model.objects.filter(pk=1).update(seq=event.seq, last_hash=event.hash)
    return True
