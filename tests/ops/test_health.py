"""/healthz and /readyz: answered on any host, before the site's middleware; 503 naming the failing check."""

import datetime as dt
import json
import socket

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.core import cache as shared
from gongkai.core.tasks import send_mail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_ok_on_any_host_without_database_or_cookie():
    """No database mark: any query would raise here."""
    client = Client(HTTP_HOST="10.1.2.3:8000")  # a load balancer probes by address: not in ALLOWED_HOSTS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_an_unknown_host_still_gets_400_on_pages(db):
    client = Client(HTTP_HOST="10.1.2.3", raise_request_exception=False)
    assert client.get("/").status_code == 400  # the exemption is for probes only


@pytest.mark.django_db
def test_readyz_reports_each_check_and_answers_200_on_an_unknown_host():
    response = Client(HTTP_HOST="evil.example").get("/readyz", secure=False)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "task_queue", "disk"}
    assert body["checks"]["database"] == {"name": "数据库", "ok": True}
    assert body["checks"]["disk"]["free_bytes"] > 0
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_is_not_redirected_to_https_in_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/readyz").status_code == 200
    assert Client().get("/").status_code == 301  # pages are


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_cache_when_redis_is_down():
    dead = {
        "default": {
            "BACKEND": "gongkai.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    shared.reset_breakers()
    with override_settings(CACHES=dead):
        response = Client().get("/readyz")
    shared.reset_breakers()
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["failing"] == [{"code": "cache", "name": "缓存", "message": "缓存无法读写"}]
    assert body["message"] == "服务未就绪：缓存"
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_readyz_answers_503_when_the_disk_is_nearly_full(settings):
    settings.GONGKAI_READY_MIN_DISK_FREE_MB = 10**12  # more than any disk has
    body = Client().get("/readyz").json()
    assert [item["code"] for item in body["failing"]] == ["disk"]
    assert body["checks"]["disk"]["message"] == "磁盘空间不足"


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_the_oldest_ready_task_and_fails_when_the_queue_lags(settings):
    settings.TASKS = DATABASE_TASKS
    send_mail(subject="提醒", message="请办理。", recipient_list=["a@linyi.gov.cn"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))

    settings.GONGKAI_READY_MAX_TASK_LAG = 600
    response = Client().get("/readyz")
    assert response.status_code == 200
    queue = response.json()["checks"]["task_queue"]
    assert queue["ready"] == 1
    assert 299 <= queue["oldest_ready_seconds"] <= 330

    settings.GONGKAI_READY_MAX_TASK_LAG = 60
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == [
        {"code": "task_queue", "name": "任务队列", "message": "任务队列积压"}
    ]


@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_when_the_database_is_down(settings):
    """A real failure: the database connection pointed at a closed port (PostgreSQL) or an unreadable file."""
    from django.db import connections

    connection = connections["default"]
    saved = dict(connection.settings_dict)
    # The open connection is set aside, not closed: closing the last connection to SQLite's in-memory test
    # database would drop it.
    live, connection.connection = connection.connection, None
    if connection.vendor == "postgresql":
        connection.settings_dict["PORT"] = closed_port()
        connection.settings_dict["HOST"] = "127.0.0.1"
    else:
        connection.settings_dict["NAME"] = "/nonexistent-directory/gongkai.sqlite3"
    try:
        response = Client().get("/readyz")
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = live
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert Client().get("/readyz").status_code == 200  # and back
    assert response.status_code == 503
    codes = [item["code"] for item in response.json()["failing"]]
    assert "database" in codes
    assert response.json()["checks"]["database"] == {
        "name": "数据库",
        "ok": False,
        "message": "数据库无法连接",
    }
