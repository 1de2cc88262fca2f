"""The content version of the public pages: one token that moves on whenever anything a reading page shows
may have changed, so that caches can keep a page until then and revalidate it for almost nothing.

Every change goes through a service that writes an audit record (``audit.record``), and the record calls
:func:`changed`: once the transaction commits, the version moves on. A page's ETag is derived from the
version (``gongkai.site.http_cache``), so the first conditional request after a publish gets the new page,
never a wait for expiry. One version for the whole platform: a change to one site re-renders the other
sites' pages once too, which costs little and cannot miss a page that shows another site's records.

Where the version lives:

- in the shared cache (Redis, ``REDIS_URL``): every app server, task worker and scanner sees the same one;
- without a shared cache, in a small file (``GONGKAI_PAGE_VERSION_FILE``, under ``GONGKAI_VAR_DIR``): the
  local-memory cache is private to each process, and a scanner or task worker publishing an item must reach
  the web server's processes too. One machine only, as the embedded set-up is.

The version also renews itself ``GONGKAI_PAGE_RENEW_SECONDS`` after its last change, for what moves with the
clock alone (a consultation closing, days left, the hot searches) and to heal a change lost while Redis was
unreachable. When the store cannot be read or written, each request gets a version of its own: pages are
then rendered every time (never a stale 304) until the store answers again.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("gongkai.cache")

CACHE_KEY = "gongkai:page-version"
LOCAL_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@dataclass(frozen=True)
class Version:
    token: str  # changes with every change of content
    changed_at: float  # Unix time of that change (the pages' Last-Modified)

    def dump(self) -> str:
        return f"{self.token}:{self.changed_at:.3f}"

    @classmethod
    def load(cls, value) -> Version | None:
        token, _sep, changed = str(value or "").partition(":")
        try:
            return cls(token, float(changed)) if token else None
        except ValueError:
            return None


def _fresh() -> Version:
    return Version(secrets.token_hex(8), time.time())


def _renew_seconds() -> int:
    return max(1, settings.GONGKAI_PAGE_RENEW_SECONDS)


def _shared_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"] not in LOCAL_BACKENDS


# The shared cache --------------------------------------------------------------------------------------


def _cache_current() -> Version:
    found = Version.load(cache.get(CACHE_KEY))
    if found is not None:
        return found
    fresh = _fresh()
    if cache.add(CACHE_KEY, fresh.dump(), timeout=_renew_seconds()):
        return fresh
    # Another process created it first (take theirs), or the cache is unreachable (take a one-off).
    return Version.load(cache.get(CACHE_KEY)) or fresh


def _cache_bump() -> None:
    cache.set(CACHE_KEY, _fresh().dump(), timeout=_renew_seconds())
    if _cache_unavailable():
        logger.warning(
            "page version: the shared cache is unreachable; pages renew within %ss", _renew_seconds()
        )


def _cache_unavailable() -> bool:
    from .cache import shared_cache_down

    return shared_cache_down()


# The file (no shared cache) -------------------------------------------------------------------------------

_file_lock = threading.Lock()
_file_seen: tuple[tuple, Version] | None = None  # (the file's stat, its version): no read while unchanged


def _version_file() -> Path:
    return Path(settings.GONGKAI_PAGE_VERSION_FILE)


def _file_write(path: Path) -> Version:
    fresh = _fresh()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside and rename: a reader sees the old version or the new one, never half a file.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".page-version-")
        with os.fdopen(fd, "w") as handle:
            handle.write(fresh.dump())
        os.replace(temporary, path)
    except OSError as exc:
        logger.warning("page version: cannot write %s (%s); pages are rendered every time", path, exc)
    return fresh


def _file_current() -> Version:
    global _file_seen
    path = _version_file()
    try:
        stat = os.stat(path)
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        seen = _file_seen
        if seen is not None and seen[0] == key:
            found = seen[1]
        else:
            found = Version.load(path.read_text())
            if found is not None:
                with _file_lock:
                    _file_seen = (key, found)
    except OSError:
        found = None
    if found is None or time.time() - found.changed_at >= _renew_seconds():
        return _file_write(path)
    return found


# The interface ------------------------------------------------------------------------------------------


def current() -> Version:
    """The version now (no database query)."""
    return _cache_current() if _shared_cache() else _file_current()


def bump() -> None:
    """Move the version on now (use :func:`changed` inside a transaction)."""
    if _shared_cache():
        _cache_bump()
    else:
        _file_write(_version_file())


def changed() -> None:
    """Something public may have changed in the current transaction: move the version on once it commits
    (once per transaction, however many records it writes; nothing if it rolls back)."""
    connection = transaction.get_connection()
    # One already due runs whenever this one would: rolling back a savepoint drops the callbacks registered
    # inside it, and the savepoints still open around a listed callback are all open around this one too.
    if connection.in_atomic_block and any(entry[1] is bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(bump, robust=True)  # a cache error after the commit must not fail the request
