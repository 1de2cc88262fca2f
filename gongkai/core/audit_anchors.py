"""Anchors: copies of the audit chain's head kept outside the database.

``gongkai anchor_audit`` (daily) appends one JSON line per run to ``GONGKAI_AUDIT_ANCHOR_FILE`` (opened
with O_APPEND and fsync'ed) and mails it to the openness office: the head's seq and hash, the record
count and the time, with an HMAC under the audit key so a forged line does not verify. Because every
record's hash covers the ones before it, an anchored hash fixes the whole chain up to that record: a
database administrator who deletes the newest records and rewinds the head, or rewrites the chain
with a key of their own, leaves a chain that verifies on its own but no longer contains what was
anchored. ``gongkai verify_audit`` checks every line (:func:`check`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import known_keys, signing_key
from .models import AuditChainHead, AuditEvent

FIELDS = ("v", "seq", "hash", "count", "at", "key_id")
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"


def anchor_file() -> Path:
    return Path(settings.GONGKAI_AUDIT_ANCHOR_FILE)


def _mac(key: bytes, fields: dict) -> str:
    # The prefix keeps an anchor's MAC from ever being mistaken for a record's hash, and vice versa.
    message = (
        b"gongkai audit anchor\n"
        + json.dumps({name: fields[name] for name in FIELDS}, sort_keys=True, separators=(",", ":")).encode()
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def current() -> dict:
    """The head, its record count and the time, signed: one anchor line's content."""
    with transaction.atomic():
        # Appends lock the head first, so holding it keeps the count and the head consistent.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        count = AuditEvent.objects.count()
    key_id, key = signing_key()
    fields = {
        "v": 1,
        "seq": head.seq,
        "hash": head.last_hash,
        "count": count,
        "at": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
        "key_id": key_id,
    }
    return {**fields, "mac": _mac(key, fields)}


def to_line(anchor: dict) -> str:
    return json.dumps(anchor, sort_keys=True, separators=(",", ":"))


def read(path: Path | None = None) -> list[tuple[int, str]]:
    """(line number, text) of every non-empty line; none if the file does not exist."""
    path = path or anchor_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [(number, text.strip()) for number, text in enumerate(handle, start=1) if text.strip()]


def last(path: Path | None = None) -> dict | None:
    lines = read(path)
    if not lines:
        return None
    try:
        return json.loads(lines[-1][1])
    except ValueError:
        return None


def append(anchor: dict, path: Path | None = None) -> None:
    """Append one line and make it durable: O_APPEND never overwrites, fsync survives a crash."""
    path = path or anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (to_line(anchor) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def recipients() -> list[str]:
    """GONGKAI_AUDIT_ANCHOR_EMAIL, or the active openness-office accounts of the root organizations."""
    from .models import User
    from .roles import Role

    if settings.GONGKAI_AUDIT_ANCHOR_EMAIL:
        return list(settings.GONGKAI_AUDIT_ANCHOR_EMAIL)
    return sorted(
        User.objects.filter(is_active=True, role=Role.OPENNESS_OFFICE, unit__parent__isnull=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def mail(anchor: dict) -> list[str]:
    """Mail the line to the office where mail is configured (not the console backend); who got it."""
    from django.utils.translation import gettext as _

    from gongkai.core.tasks import send_mail  # queued for the worker

    to = recipients()
    if settings.EMAIL_BACKEND == CONSOLE_BACKEND or not to:
        return []
    send_mail(
        subject=_("操作日志锚点：第%(seq)s条记录") % {"seq": anchor["seq"]},
        message=_(
            "这是政务公开平台操作日志的每日锚点，请保存本邮件，不要回复。"
            "日后核对时，日志中应仍有下面这一行所记的记录（序号和哈希值），且记录数不少于它。"
        )
        + "\n\n"
        + to_line(anchor)
        + "\n",
        from_email=None,
        recipient_list=to,
    )
    return to


@dataclass(frozen=True)
class AnchorReport:
    checked: int
    line: int | None = None  # the first line that does not hold
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.line is None


def check(path: Path | None = None) -> AnchorReport:
    """Every line is authentic, its record is in the chain with the anchored hash, and the head is not behind."""
    lines = read(path)
    keys = known_keys()
    anchors: list[tuple[int, dict]] = []
    for number, text in lines:
        try:
            anchor = json.loads(text)
            fields = {name: anchor[name] for name in FIELDS}
            mac = anchor["mac"]
        except (ValueError, KeyError, TypeError):
            return AnchorReport(len(anchors), number, "not a valid anchor line")
        key = keys.get(fields["key_id"])
        if key is None:
            return AnchorReport(
                len(anchors), number, "signed with an unknown audit key (set GONGKAI_AUDIT_OLD_KEYS)"
            )
        if not isinstance(mac, str) or not hmac.compare_digest(_mac(key, fields), mac):
            return AnchorReport(len(anchors), number, "not authentic (its MAC does not verify)")
        anchors.append((number, anchor))

    wanted = {anchor["seq"] for _, anchor in anchors if anchor["seq"]}
    stored = dict(AuditEvent.objects.filter(seq__in=wanted).values_list("seq", "hash"))
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq = head.seq if head else 0
    count = AuditEvent.objects.count()
    for checked, (number, anchor) in enumerate(anchors):
        seq, at = anchor["seq"], anchor["at"]
        if seq and seq not in stored:
            return AnchorReport(checked, number, f"anchored record #{seq} ({at}) is missing from the log")
        if seq and stored[seq] != anchor["hash"]:
            return AnchorReport(checked, number, f"record #{seq} no longer has the hash anchored at {at}")
        if head_seq < seq or count < anchor["count"]:
            return AnchorReport(
                checked,
                number,
                f"the log ({count} record(s), head #{head_seq}) is behind the anchor of {at} "
                f"({anchor['count']} record(s), head #{seq})",
            )
    return AnchorReport(len(anchors))
