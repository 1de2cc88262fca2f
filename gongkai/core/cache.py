"""The shared cache (Redis) whose loss degrades the site instead of breaking it.

`ResilientRedisCache` is Django's RedisCache with three changes:

- short socket timeouts and no client-side retries (set in OPTIONS by settings.py), so a dead or hung Redis
  costs a fraction of a second, not seconds;
- a circuit breaker: after a connection error or timeout the cache skips Redis for `BREAKER_SECONDS`
  (OPTIONS "BREAKER_SECONDS", default 5) in every thread of the process, then tries again;
- while Redis is unreachable every operation answers as a miss, never raises: get → default,
  get_many → {}, has_key → False, add/set/touch/delete → False, set_many → every key (failed),
  delete_many/clear → nothing, incr → `delta` (as if the counter had just been created; Django's own
  incr raises ValueError for a missing key, which would turn a rate limit into a 500).

The signal for code that must not silently lose state (rate limits fall back to a local store): call
`shared_cache_down()` (or `cache.is_available()` on this backend) right after an operation. It is True from
the first failed operation until Redis answers again, costs no network round trip, and is always False for
other backends (local memory, the default without REDIS_URL).

A warning is logged when Redis is lost (at most once per breaker period) and when it answers again.
"""

from __future__ import annotations

import logging
import threading
import time

import redis.exceptions
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger("gongkai.cache")

# What "Redis is unreachable" looks like; any other error (a bad argument, a serializer bug) still raises.
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
DEFAULT_BREAKER_SECONDS = 5.0
DEFAULT_SOCKET_TIMEOUT = 0.2  # seconds; Redis on the local network answers in well under a millisecond


class _Breaker:
    """Shared by every thread's instance of a cache alias (Django creates one backend per thread)."""

    def __init__(self) -> None:
        self.open_until = 0.0  # monotonic time before which Redis is not tried
        self.down = False
        self.lock = threading.Lock()


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str) -> _Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, _Breaker())


def reset_breakers() -> None:
    """Forget every failure (tests)."""
    with _breakers_lock:
        _breakers.clear()


def shared_cache_down(alias: str = "default") -> bool:
    """True while the shared cache `alias` is unreachable (see the module docstring)."""
    backend = caches[alias]
    return isinstance(backend, ResilientRedisCache) and not backend.is_available()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self.breaker_seconds = float(options.pop("BREAKER_SECONDS", DEFAULT_BREAKER_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        # redis-py retries a failed command itself; the breaker decides when to try again instead.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._breaker = _breaker_for(";".join(self._servers))

    def is_available(self) -> bool:
        """False from a failed operation until Redis answers again; no network round trip."""
        return not self._breaker.down

    def _call(self, operation, fallback):
        breaker = self._breaker
        if breaker.down and time.monotonic() < breaker.open_until:
            return fallback
        try:
            result = operation()
        except UNREACHABLE as exc:
            with breaker.lock:
                first = not breaker.down or time.monotonic() >= breaker.open_until
                breaker.down = True
                breaker.open_until = time.monotonic() + self.breaker_seconds
            if first:
                logger.warning(
                    "Shared cache %s unreachable (%s); serving without it for %.0f s",
                    ";".join(self._servers),
                    exc,
                    self.breaker_seconds,
                )
            return fallback
        if breaker.down:
            with breaker.lock:
                breaker.down = False
            logger.warning("Shared cache %s reachable again", ";".join(self._servers))
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = list(data)
        return self._call(lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), failed)

    def delete_many(self, keys, version=None):
        return self._call(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._call(lambda: super(ResilientRedisCache, self).clear(), False)
