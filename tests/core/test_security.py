"""Passwords, lock-out, idle sessions, security headers, and production settings."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth.hashers import identify_hasher

from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/manage/admin/login/?next=/manage/admin/"


def test_passwords_are_hashed_with_argon2(settings, tree):
    from gongkai import settings as project_settings

    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    staff = services.create_staff(
        actor=SYSTEM, username="hashed", unit=tree.dept_a, role="editor", password=PASSWORD
    )
    assert identify_hasher(staff.password).algorithm == "argon2"
    assert staff.check_password(PASSWORD)


def test_login_locks_after_five_failures_even_with_the_right_password(client, editor_a):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"})
        assert response.status_code == 200
        assert "请输入" in response.text or "正确" in response.text  # the ordinary Chinese login error
    fifth = client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"})
    assert fifth.status_code == 429
    # The account stays locked, from another address too, even with the right password.
    locked = client.post(LOGIN, {"username": "editor_a", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.text
    assert "_auth_user_id" not in client.session


def test_successful_login_works_below_the_limit(client, editor_a):
    client.post(LOGIN, {"username": "editor_a", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "editor_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/manage/admin/").status_code == 200


def test_staff_session_expires_after_thirty_idle_minutes(client, editor_a):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        client.post(LOGIN, {"username": "editor_a", "password": PASSWORD})
        traveller.shift(dt.timedelta(minutes=20))
        assert client.get("/manage/admin/").status_code == 200  # activity renews the session
        traveller.shift(dt.timedelta(minutes=25))
        assert client.get("/manage/admin/").status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        assert client.get("/manage/admin/").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/calendar/",
        "/api/v1/calendar/2024",
        "/manage/admin/login/",
        "/no-such-page/",
        # Static files (WhiteNoise when nginx is not in front): the README says every response.
        "/static/site/site.css",
        "/static/site/emblem.svg",
    ],
)
def test_every_response_carries_security_headers(client, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


PRODUCTION = {
    "SECRET_KEY": "k7#Qm2!vR9zX4pL8wN1cT6yB3dF0hJ5sG2aE7uK9oM4iP1qW8rZ",
    "ALLOWED_HOSTS": "www.linyi.gov.cn",
    "GONGKAI_DEBUG": "0",
    "GONGKAI_AUDIT_KEY": "tR4!nV8qZ2#wL6xP0mK3sY9bH5dJ7fC1gA4eU8oI2",
}


def _gongkai(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; check --deploy rightly refuses it.
    unset = ("GONGKAI_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "GONGKAI_AUDIT_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # A database of its own: a developer's database may hold the demo accounts (gongkai.W001).
    own = {"GONGKAI_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = _gongkai("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, **own})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _check_deploy() -> str:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    # Only the security checks: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would fail async.E001 here.
    call_command("check", "--deploy", "--tag", "security", stdout=out, stderr=out)
    return out.getvalue()


def test_check_deploy_warns_while_an_account_keeps_the_demo_password(tree):
    from gongkai.core.demo import DEMO_PASSWORD

    staff = services.create_staff(
        actor=SYSTEM,
        username="fgw_editor",
        unit=tree.dept_a,
        role=Role.EDITOR,
        full_name="发改委编辑",
        password=DEMO_PASSWORD,
        validate=False,
    )
    report = _check_deploy()
    assert "(gongkai.W001) Active account(s) fgw_editor still use the demo password" in report
    staff.set_password(PASSWORD)
    staff.save()
    assert "gongkai.W001" not in _check_deploy()


def test_check_deploy_ignores_a_deactivated_demo_account(tree):
    from gongkai.core.demo import DEMO_PASSWORD

    staff = services.create_staff(
        actor=SYSTEM,
        username="fgw_editor",
        unit=tree.dept_a,
        role=Role.EDITOR,
        password=DEMO_PASSWORD,
        validate=False,
    )
    services.update_staff(actor=SYSTEM, staff=staff, is_active=False)
    assert "gongkai.W001" not in _check_deploy()


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "GONGKAI_AUDIT_KEY"])
def test_production_refuses_to_start_without_secret_or_hosts(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _gongkai("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_redis_is_the_shared_cache_when_configured():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set (CI sets it for the PostgreSQL run)")
    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache

    from gongkai.core.cache import ResilientRedisCache

    assert isinstance(caches["default"], RedisCache) and isinstance(caches["default"], ResilientRedisCache)
    cache.set("gongkai-test-key", "值", 30)
    assert cache.get("gongkai-test-key") == "值"
    cache.delete("gongkai-test-key")


def test_token_for_inactive_staff_is_refused(editor_a):
    _, raw = services.issue_token(actor=SYSTEM, staff=editor_a)
    services.update_staff(actor=SYSTEM, staff=editor_a, is_active=False)
    from django.test import Client

    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
