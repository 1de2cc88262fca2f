"""The rules of a hit, without the database: which beacon requests count, and who the visitor is that day.

- A beacon carries exactly ``s`` (the site's id), ``k`` (the page kind) and, for a column or an item, ``i``
  (its id); anything else (unknown or repeated parameters, an id where none belongs, a long query) is not
  counted. The answer is the same gif either way, so a page never shows a broken image.
- Robots are not counted: a User-Agent containing bot, spider or crawl(er) (case-insensitive), or none at all.
- A visitor is ``sha256(salt of the day + IP + User-Agent)`` truncated to 64 bits. The salt is random for each
  day (Beijing time) and kept only in the shared cache until the day has ended; nothing else keeps it, so the
  next day the same person is a different, unlinkable hash and the hashes of a day cannot be recomputed
  from an address once its salt is gone. The IP and User-Agent are never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from gongkai.core.cache import shared_cache_down

from .models import PageKind

BOT = re.compile(r"bot|spider|crawl|slurp", re.IGNORECASE)
MAX_QUERY = 100  # characters: s, k and i fit in well under half of it
MAX_ID = 2**31 - 1
KINDS_WITH_OBJECT = {PageKind.COLUMN, PageKind.ITEM}
SALT_GRACE = 10 * 60  # seconds the salt outlives its day, for a page opened just before midnight
# A visitor's views counted per day; a reload storm or a script beyond it counts as nothing more.
MAX_VIEWS_PER_VISITOR = 500


@dataclass(frozen=True)
class Beacon:
    site_id: int
    kind: str
    object_id: int  # 0 for the home page and other pages


def _positive_int(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse(query_string: str, params) -> Beacon | None:
    """The beacon's parameters (``params``: the request's QueryDict), or None when they are not a hit."""
    if len(query_string) > MAX_QUERY:
        return None
    keys = set(params.keys())
    if not {"s", "k"} <= keys or keys - {"s", "k", "i"}:
        return None
    if any(len(params.getlist(key)) != 1 for key in keys):
        return None
    site_id = _positive_int(params["s"])
    kind = params["k"]
    if site_id is None or kind not in PageKind.values:
        return None
    if kind in KINDS_WITH_OBJECT:
        object_id = _positive_int(params.get("i", ""))
        if object_id is None:
            return None
    elif "i" in keys:
        return None
    else:
        object_id = 0
    return Beacon(site_id, kind, object_id)


def is_robot(user_agent: str) -> bool:
    return not user_agent.strip() or BOT.search(user_agent) is not None


def _salt_key(day: dt.date) -> str:
    return f"visits:salt:{day.isoformat()}"


def _seconds_left(day: dt.date) -> int:
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return max(60, int((end - timezone.now()).total_seconds()) + SALT_GRACE)


# Where the cache cannot be reached: a salt for the day in this process only (visitors seen by two app
# servers then count twice until the cache is back; never the other way round).
_local = threading.local()


def _local_salt(day: dt.date) -> str:
    held = getattr(_local, "salt", None)
    if held is None or held[0] != day:
        held = (day, secrets.token_hex(16))
        _local.salt = held
    return held[1]


def salt(day: dt.date) -> str:
    """The day's salt: made by the first hit of the day (``add`` keeps a concurrent first hit's), expiring
    with the day."""
    key = _salt_key(day)
    cache.add(key, secrets.token_hex(16), timeout=_seconds_left(day))
    value = cache.get(key)
    if not value or shared_cache_down():
        return _local_salt(day)
    return value


def forget_salt(day: dt.date) -> None:
    cache.delete(_salt_key(day))


def visitor(day: dt.date, ip: str, user_agent: str) -> str:
    digest = hashlib.sha256(f"{salt(day)}\n{ip}\n{user_agent}".encode("utf-8", "replace")).hexdigest()
    return digest[:16]


def within_daily_limit(day: dt.date, visitor_hash: str) -> bool:
    """Whether this view of the visitor is still counted today (at most MAX_VIEWS_PER_VISITOR)."""
    key = f"visits:n:{day.isoformat()}:{visitor_hash}"
    cache.add(key, 0, timeout=_seconds_left(day))
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        return True
    return count <= MAX_VIEWS_PER_VISITOR
