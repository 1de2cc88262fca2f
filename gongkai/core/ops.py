"""Endpoints for load balancers and monitoring: ``/healthz`` (存活), ``/readyz`` (就绪) and ``/metrics`` (指标).

They are answered by the first middleware, before anything else runs: on any host name (a load balancer probes
by address, which ALLOWED_HOSTS would refuse), without the HTTPS redirect, session, CSRF token, site lookup,
audit or request metrics.

- ``/healthz``: the process answers; touches nothing (200 "ok").
- ``/readyz``: the checks below, run with django-health-check's machinery (its ``HealthCheck`` base, timeouts
  and its database and cache checks); 200 with a JSON report when all pass, 503 naming each failing check by
  code and in Chinese otherwise. Its own view is not used: it answers 500 (a load balancer wants 503), in
  English, and sits behind the URL resolver, after the host check.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from health_check import checks as library_checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable

from . import metrics

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
PATHS = {"/healthz", "/healthz/", "/readyz", "/readyz/", "/metrics", "/metrics/"}


@dataclasses.dataclass
class Database(library_checks.Database):
    """django-health-check's ``SELECT 1``, on the request's own thread (so on its connection)."""

    code = "database"
    title = gettext_lazy("数据库")
    failure = gettext_lazy("数据库无法连接")

    async def run(self):
        await sync_to_async(super().run, thread_sensitive=True)()


@dataclasses.dataclass
class Cache(library_checks.Cache):
    """django-health-check's cache write and read back: Redis unreachable makes the read miss."""

    code = "cache"
    title = gettext_lazy("缓存")
    failure = gettext_lazy("缓存无法读写")


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The oldest task ready to run waited less than GONGKAI_READY_MAX_TASK_LAG seconds (a worker is running)."""

    code = "task_queue"
    title = gettext_lazy("任务队列")
    failure = gettext_lazy("任务队列积压")

    def __post_init__(self):
        self.detail: dict = {}

    async def run(self):
        if settings.TASKS["default"]["BACKEND"] != DATABASE_BACKEND:  # tasks run at once where enqueued
            self.detail = {"ready": 0, "oldest_ready_seconds": 0.0}
            return
        count, lag, _running = await sync_to_async(metrics.task_queue_state, thread_sensitive=True)()
        self.detail = {"ready": count, "oldest_ready_seconds": round(lag, 1)}
        if lag > settings.GONGKAI_READY_MAX_TASK_LAG:
            raise ServiceUnavailable(f"oldest ready task waited {lag:.0f} s")


def media_disk() -> Path:
    """The media directory, or its nearest existing parent (before the first upload it may not exist)."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


@dataclasses.dataclass
class Disk(HealthCheck):
    """At least GONGKAI_READY_MIN_DISK_FREE_MB free on the disk holding the media directory (uploads)."""

    code = "disk"
    title = gettext_lazy("磁盘空间")
    failure = gettext_lazy("磁盘空间不足")

    def __post_init__(self):
        self.detail: dict = {}

    def run(self):
        free = shutil.disk_usage(media_disk()).free
        self.detail = {"free_bytes": free}
        if free < settings.GONGKAI_READY_MIN_DISK_FREE_MB * 1024 * 1024:
            raise ServiceUnavailable(f"{free} bytes free")


def readiness_checks() -> list[HealthCheck]:
    return [Database(), Cache(), TaskQueue(), Disk()]


async def _run_checks(checks):
    return await asyncio.gather(*(check.get_result() for check in checks))


def _checked(checks) -> list:
    """Run the checks' coroutines to the end from synchronous code. ``async_to_sync`` refuses to run where an
    event loop is already running in this thread (a caller's own loop, such as a browser driver's in the
    tests); the checks then run from a thread of their own, as they would otherwise."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return async_to_sync(_run_checks)(checks)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(_run_checks), checks).result()


def readiness() -> tuple[bool, dict]:
    results = _checked(readiness_checks())
    report = {}
    failing = []
    for result in results:
        check = result.check
        entry = {"name": str(check.title), "ok": result.error is None, **getattr(check, "detail", {})}
        if result.error is not None:
            entry["message"] = str(check.failure)
            failing.append({"code": check.code, "name": str(check.title), "message": str(check.failure)})
        report[check.code] = entry
    ok = not failing
    body = {"status": "ok" if ok else "unavailable", "checks": report}
    if not ok:
        body["message"] = _("服务未就绪：%(checks)s") % {
            "checks": "、".join(item["name"] for item in failing)
        }
        body["failing"] = failing
    return ok, body


def readyz_view(request) -> JsonResponse:
    ok, body = readiness()
    response = JsonResponse(
        body,
        status=200 if ok else 503,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


def healthz_view(request) -> HttpResponse:
    response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class OperationsEndpointsMiddleware:
    """Answers /healthz, /readyz and /metrics before any other middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path not in PATHS:
            return self.get_response(request)
        if path.startswith("/healthz"):
            return healthz_view(request)
        if path.startswith("/readyz"):
            return readyz_view(request)
        return metrics.metrics_view(request)
