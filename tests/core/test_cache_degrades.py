"""Redis unreachable degrades, never errors: cache operations answer as misses, the pages and endpoints that
use the cache keep answering, a dead Redis costs no time per request, and code can tell it is down."""

import datetime as dt
import json
import logging
import socket
import time

import pytest
import time_machine
from django.core.cache import cache, caches
from django.test import Client, override_settings

from gongkai.core import cache as shared
from gongkai.interaction.models import Channel, Message
from tests.challenges import answer_of

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis():
    """The default cache points at a closed port; Django builds the backend afresh for the test."""
    settings = {
        "default": {
            "BACKEND": "gongkai.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"BREAKER_SECONDS": 30},
        }
    }
    shared.reset_breakers()
    with override_settings(CACHES=settings):  # the setting_changed signal resets django.core.cache.caches
        assert isinstance(caches["default"], shared.ResilientRedisCache)
        yield caches["default"]
    shared.reset_breakers()


def test_every_operation_answers_as_a_miss(dead_redis):
    assert dead_redis.get("k") is None
    assert dead_redis.get("k", "默认") == "默认"
    assert dead_redis.set("k", 1) is False
    assert dead_redis.add("k", 1) is False
    assert dead_redis.incr("k") == 1 and dead_redis.incr("k", 5) == 5 and dead_redis.decr("k") == -1
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert dead_redis.has_key("k") is False
    assert dead_redis.touch("k") is False
    assert dead_redis.delete("k") is False
    assert dead_redis.delete_many(["a"]) is None
    assert dead_redis.get_or_set("k", "值") == "值"
    assert dead_redis.clear() is False


def test_the_down_signal_is_set_by_the_first_failure_and_cleared_when_redis_answers(dead_redis):
    assert dead_redis.is_available() and not shared.shared_cache_down()
    cache.get("k")
    assert not dead_redis.is_available() and shared.shared_cache_down()
    assert shared.shared_cache_down() is True  # no network round trip, the same answer


def test_the_breaker_skips_redis_and_logs_once_per_period(dead_redis, caplog, monkeypatch):
    with caplog.at_level(logging.WARNING, logger="gongkai.cache"):
        cache.get("k")
        calls = []
        monkeypatch.setattr(type(dead_redis._cache), "get", lambda *a: calls.append(a))
        started = time.monotonic()
        for _ in range(200):
            cache.get("k")
        assert time.monotonic() - started < 0.5
    assert calls == []  # the breaker is open: Redis was not tried again
    messages = [r.getMessage() for r in caplog.records if r.name == "gongkai.cache"]
    assert len(messages) == 1 and "unreachable" in messages[0]


def test_after_the_breaker_period_redis_is_tried_again(dead_redis, monkeypatch):
    cache.get("k")
    monkeypatch.setattr(type(dead_redis._cache), "get", lambda self, key, default: "回来了")
    assert cache.get("k") is None  # still inside the period
    dead_redis._breaker.open_until = 0
    assert cache.get("k") == "回来了"
    assert dead_redis.is_available() and not shared.shared_cache_down()


def test_other_backends_are_never_reported_down():
    assert not shared.shared_cache_down()


def test_redis_url_configures_the_resilient_backend_with_short_timeouts(monkeypatch):
    import importlib

    import gongkai.settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6390/0")
    try:
        fresh = importlib.reload(gongkai.settings)
        default = fresh.CACHES["default"]
        assert default["BACKEND"] == "gongkai.core.cache.ResilientRedisCache"
        assert default["OPTIONS"]["socket_timeout"] <= 0.5
        assert default["OPTIONS"]["socket_connect_timeout"] <= 0.5
    finally:
        monkeypatch.undo()
        importlib.reload(gongkai.settings)


def test_search_page_and_api_answer_without_redis(dead_redis):
    client = Client()
    assert client.get("/search/", {"q": "道路维修"}).status_code == 200
    assert client.get("/api/v1/search", {"q": "道路维修"}).status_code == 200


def test_a_message_can_be_submitted_without_redis(dead_redis, tree):
    channel = Channel.objects.create(
        code="mayor", name="市长信箱", kind="mailbox", unit=tree.city, reply_days=10
    )
    client = Client()
    start = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        challenge = client.get("/api/v1/interaction/challenge").json()
    answer = answer_of(challenge["token"])
    body = {"channel_id": channel.pk, "subject": "道路破损", "body": "小区门口道路破损严重，请尽快维修。", "name": "张三",
            "phone": "13605391234", "token": challenge["token"], "answer": answer, "submission_key": "redis-down"}  # fmt: skip
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        response = client.post(
            "/api/v1/interaction/messages", json.dumps(body), content_type="application/json"
        )
    assert response.status_code < 500, response.content
    assert response.status_code == 201 and Message.objects.count() == 1
