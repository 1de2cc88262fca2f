"""Files chosen on a public form, kept on the server while the form comes back with errors.

A browser cannot put a chosen file back into a file input, so a form returned for a missing field or a wrong
challenge answer would drop the files chosen. Each posted file is checked as on submission and kept on a
:class:`Shelf` under a random token (``<root>/<token>/`` below MEDIA_ROOT, which nothing serves); the form
carries the token in a hidden field and lists the kept files, which the writer may remove. The submission
reads them from there. Kept files are deleted after :data:`LIFETIME` (on the next post of a form using the
shelf); a double submission still finds them, so it registers once. Used by the message form (attachments)
and the application form (identity proof, other material).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

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

    def show_errors(self, form, field: str) -> None:
        """Why a chosen file was not kept, on the form's ``field`` (each reason once, beside what the
        submission itself said there)."""
        shown = form.errors.get(field, [])
        for error in self.errors:
            if error not in shown:
                form.add_error(field, error)


@dataclass(frozen=True)
class Shelf:
    """Where one form field's files wait: ``root`` below MEDIA_ROOT; at most ``limit`` files, each checked
    by ``check(name, data)`` (the bytes to keep, or ValidationError with the Chinese reason);
    ``too_many(name)`` says why a file past the limit was not kept."""

    root: str
    limit: int
    check: Callable[[str, bytes], bytes]
    too_many: Callable[[str], str]

    def _manifest(self, token: str) -> str:
        return f"{self.root}/{token}/manifest.json"

    def load(self, token: str) -> list[tuple[str, bytes]]:
        """The files kept under ``token`` (none for an unknown, expired or malformed token)."""
        if not _TOKEN.match(token or "") or not default_storage.exists(self._manifest(token)):
            return []
        with default_storage.open(self._manifest(token)) as handle:
            entries = json.load(handle)
        files = []
        for entry in entries:
            path = f"{self.root}/{token}/{entry['file']}"
            if default_storage.exists(path):
                with default_storage.open(path) as handle:
                    files.append((entry["name"], handle.read()))
        return files

    def _store(self, token: str, files: list[tuple[str, bytes]]) -> None:
        self._discard(token)
        entries = []
        for n, (name, data) in enumerate(files):
            default_storage.save(f"{self.root}/{token}/{n}.bin", ContentFile(data))
            entries.append({"name": name, "file": f"{n}.bin"})
        manifest = json.dumps(entries, ensure_ascii=False).encode()
        default_storage.save(self._manifest(token), ContentFile(manifest))

    def _discard(self, token: str) -> None:
        if not _TOKEN.match(token or ""):
            return
        folder = f"{self.root}/{token}"
        try:
            _dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in names:
            default_storage.delete(f"{folder}/{name}")

    def purge(self, now: dt.datetime | None = None) -> int:
        """Delete kept files older than :data:`LIFETIME`; returns how many forms' files went."""
        cutoff = (now or timezone.now()) - LIFETIME
        try:
            tokens, _names = default_storage.listdir(self.root)
        except FileNotFoundError:
            return 0
        gone = 0
        for token in tokens:
            manifest = self._manifest(token)
            if not default_storage.exists(manifest) or default_storage.get_modified_time(manifest) < cutoff:
                self._discard(token)
                gone += 1
        return gone

    def keep(self, *, token: str, uploads: list[tuple[str, bytes]], remove=()) -> Kept:
        """The files of a posted form: those kept under ``token`` (less the ones the writer removed, by
        position) and the new ``uploads``, each checked (a bad file is not kept and says why), at most
        ``limit``. Stored under a token the form carries on."""
        self.purge()
        removed = {int(n) for n in remove if str(n).isdigit()}
        files = [f for n, f in enumerate(self.load(token)) if n not in removed]
        errors = []
        for name, data in uploads:
            if not data:
                continue
            if len(files) >= self.limit:
                errors.append(self.too_many(name))
                continue
            try:
                files.append((name, self.check(name, data)))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if not files:
            self._discard(token)
            return Kept(errors=errors)
        token = token if _TOKEN.match(token or "") else secrets.token_urlsafe(24)
        self._store(token, files)
        return Kept(token=token, files=files, errors=errors)

    def from_request(self, request, field: str) -> Kept:
        """The files of ``field`` of a posted form: kept ones (``<field>_token``, ``<field>_remove``) and
        the newly chosen ones."""
        if request.method != "POST":
            return Kept()
        return self.keep(
            token=request.POST.get(f"{field}_token", ""),
            uploads=[(f.name, f.read()) for f in request.FILES.getlist(field)],
            remove=request.POST.getlist(f"{field}_remove"),
        )
