"""Read replicas: public reading pages read from a PostgreSQL replica, everything else from the primary.

Enabled when DATABASE_REPLICA_URLS is set (settings: aliases ``replica1``, ``replica2``, … in
GONGKAI_REPLICA_ALIASES, and DATABASE_ROUTERS naming :class:`ReplicaRouter`). The rules:

- Every write goes to the primary (``default``), and so does every read inside a transaction on it, and every
  read after the first write of a request (the request reads its own writes).
- Outside a web request (management commands, the scanners, the task worker, the shell) everything reads the
  primary: they decide what to write from what they read.
- A web request reads from a replica only when :class:`ReplicaReadsMiddleware` allows it: a GET or HEAD by a
  visitor who is not signed in, outside the staff pages. Signed-in staff always read the primary: their pages
  are never cached, they are few, and an editor must see the edit they just saved (no cookie or server-side
  bookkeeping needed for them).
- Read-your-writes for visitors: the answer to a POST (a form sent: an application, a message, a comment)
  carries a short cookie ``gk_rw`` (GONGKAI_READ_YOUR_WRITES_SECONDS, default 10 s, longer than the replicas'
  lag). While it is there the visitor's requests read the primary, and nginx neither serves nor stores a
  shared copy for them (deploy/nginx/gongkai.conf bypasses the cache on it). The cookie is set only on POST
  answers, never on a reading page, so the cached anonymous pages stay cookie-free. It is not signed: all it
  can do is send its holder's own reads to the primary.

The router only chooses a database per query; the request's choice lives in a context variable, so threads
and async tasks do not share it.
"""

from __future__ import annotations

import random
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

WROTE_COOKIE = "gk_rw"
STAFF_PREFIXES = ("/manage/", "/api/v1/staff", "/admin")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class ReadState:
    replica: str | None = None  # the replica this request reads from; None: the primary
    wrote: bool = False


# Default: no replica (commands, tasks, tests outside a request read the primary).
_state: ContextVar[ReadState | None] = ContextVar("gongkai_read_state", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "GONGKAI_REPLICA_ALIASES", ()) or ())


def read_your_writes_seconds() -> int:
    return int(getattr(settings, "GONGKAI_READ_YOUR_WRITES_SECONDS", 10))


def current_read_alias() -> str:
    """Where a read made now goes (``default`` unless a replica is in use for this request)."""
    state = _state.get()
    if state is None or state.replica is None or state.wrote:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # inside a transaction on the primary: read what it sees
    return state.replica


class ReplicaRouter:
    """Django database router: reads as :func:`current_read_alias` says, writes and migrations on the primary."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related objects come from where the object came from
        return current_read_alias()

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True  # this request's later reads go to the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas are copies of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def may_read_replica(request) -> bool:
    if request.method not in SAFE_METHODS or request.path.startswith(STAFF_PREFIXES):
        return False
    if request.COOKIES.get(WROTE_COOKIE):
        return False  # wrote a few seconds ago: read it back from the primary
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class ReplicaReadsMiddleware:
    """Chooses the request's read database (after AuthenticationMiddleware) and marks a writer with gk_rw."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replica_aliases()
        if not aliases:
            return self.get_response(request)
        state = ReadState(replica=random.choice(aliases) if may_read_replica(request) else None)  # noqa: S311
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in SAFE_METHODS:
            # A form was sent (whether or not it was stored: a refused form shows no new data, but a retry
            # follows): the writer's next pages read the primary and skip the shared cache.
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=read_your_writes_seconds(),
                httponly=True,
                samesite="Lax",
                secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
            )
        return response
