"""Attachments chosen on the public message form, kept on the server while the form comes back with errors.

A browser cannot put a chosen file back into a file input, so a form returned for a missing field or a wrong
challenge answer used to drop the writer's pictures. Each posted file is now checked as on submission and
kept under a random token (``pending/<token>/`` below MEDIA_ROOT, which nothing serves); the form carries the
token in a hidden field and lists the kept files, which the writer may remove. The submission reads them
from there. Kept files are deleted after :data:`LIFETIME` (on the next post of any form); a double
submission still finds them, so it registers one message.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

ROOT = "messages/pending"
LIFETIME = dt.timedelta(hours=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass
class Kept:
    """The files kept for one form: (name, data) each, their token, and why a posted file was not kept."""

    token: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[tuple[int, str]]:
        return list(enumerate(name for name, _data in self.files))


def _manifest(token: str) -> str:
    return f"{ROOT}/{token}/manifest.json"


def load(token: str) -> list[tuple[str, bytes]]:
    """The files kept under ``token`` (none for an unknown, expired or malformed token)."""
    if not _TOKEN.match(token or "") or not default_storage.exists(_manifest(token)):
        return []
    with default_storage.open(_manifest(token)) as handle:
        entries = json.load(handle)
    files = []
    for entry in entries:
        path = f"{ROOT}/{token}/{entry['file']}"
        if default_storage.exists(path):
            with default_storage.open(path) as handle:
                files.append((entry["name"], handle.read()))
    return files


def _store(token: str, files: list[tuple[str, bytes]]) -> None:
    _discard(token)
    entries = []
    for n, (name, data) in enumerate(files):
        default_storage.save(f"{ROOT}/{token}/{n}.bin", ContentFile(data))
        entries.append({"name": name, "file": f"{n}.bin"})
    default_storage.save(_manifest(token), ContentFile(json.dumps(entries, ensure_ascii=False).encode()))


def _discard(token: str) -> None:
    if not _TOKEN.match(token or ""):
        return
    folder = f"{ROOT}/{token}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")


def purge(now: dt.datetime | None = None) -> int:
    """Delete kept files older than :data:`LIFETIME`; returns how many forms' files went."""
    cutoff = (now or timezone.now()) - LIFETIME
    try:
        tokens, _names = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return 0
    gone = 0
    for token in tokens:
        manifest = _manifest(token)
        if not default_storage.exists(manifest) or default_storage.get_modified_time(manifest) < cutoff:
            _discard(token)
            gone += 1
    return gone


def keep(*, token: str, uploads: list[tuple[str, bytes]], remove=()) -> Kept:
    """The files of a posted form: those kept under ``token`` (less the ones the writer removed, by position)
    and the new ``uploads``, each checked as a submission checks it (a bad file is not kept and says why),
    at most three. Stored under a token the form carries on."""
    from .services import ATTACHMENT_MAX_COUNT, _check_attachments

    purge()
    removed = {int(n) for n in remove if str(n).isdigit()}
    files = [f for n, f in enumerate(load(token)) if n not in removed]
    errors = []
    for name, data in uploads:
        if not data:
            continue
        if len(files) >= ATTACHMENT_MAX_COUNT:
            errors.append(_("最多上传3个附件，“%(n)s”未保留。") % {"n": name})
            continue
        try:
            ((checked_name, checked, _kind),) = _check_attachments([(name, data)])
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        files.append((checked_name, checked))
    if not files:
        _discard(token)
        return Kept(errors=errors)
    token = token if _TOKEN.match(token or "") else secrets.token_urlsafe(24)
    _store(token, files)
    return Kept(token=token, files=files, errors=errors)
