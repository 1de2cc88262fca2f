"""Prometheus metrics of Gongkai's own, beside django-prometheus' (requests by view and status, queries).

- ``page_cache_hit()`` / ``page_cache_miss()``: the page cache calls them on each lookup; the hit rate is
  ``rate(gongkai_page_cache_requests_total{result="hit"}[5m]) / rate(gongkai_page_cache_requests_total[5m])``.
- The task queue's depth and lag, and each scanner's last success, are read from the database when
  ``/metrics`` is scraped (never counted in a worker's memory, so every worker and the scraper agree).
- ``record_scanner_success(name)``: called by the ``gongkai`` command line when a scanner finishes.

With several gunicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` (see deploy/gunicorn.conf.py): each worker writes
its counters there and ``/metrics`` adds them up, whichever worker answers.
"""

from __future__ import annotations

import ipaddress
import logging
import os

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotFound
from django.utils import timezone
from django.utils.translation import gettext as _
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily

from .context import ip_from_request

logger = logging.getLogger(__name__)

# The management commands timers run (deploy/): each one's last success is a gauge.
SCANNERS = (
    "publish_scheduled",
    "expire_documents",
    "close_lapsed_applications",
    "send_foi_reminders",
    "send_message_reminders",
    "send_report_reminders",
    "send_supervision_reminders",
    "send_proposal_reminders",
    "anchor_audit",
    "prune_search_log",
    "purge_foi_files",
    # Issue 23: the website inspection, its probes, the archive scan, the visit roll-up and new-media feeds.
    "run_inspection",
    "probe_sites",
    "scan_archive",
    "roll_up_visits",
    "read_newmedia_feeds",
)

PAGE_CACHE = Counter(
    "gongkai_page_cache_requests_total", "Page cache lookups (页面缓存), by result: hit or miss", ["result"]
)


def page_cache_hit() -> None:
    PAGE_CACHE.labels("hit").inc()


def page_cache_miss() -> None:
    PAGE_CACHE.labels("miss").inc()


def record_scanner_success(name: str) -> None:
    """Note that the scanner ``name`` has just finished without error."""
    from .models import ScannerRun

    ScannerRun.objects.update_or_create(name=name, defaults={"last_success_at": timezone.now()})


def task_queue_state() -> tuple[int, float, int]:
    """(tasks ready to run, age in seconds of the oldest of them — 0 when none, tasks running)."""
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    state = ready.aggregate(oldest=Min("enqueued_at"))
    count = ready.count()
    running = DBTaskResult.objects.running().count()
    oldest = state["oldest"]
    lag = max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0
    return count, lag, running


class DatabaseCollector:
    """Gauges read from the database at scrape time: the task queue and the scanners."""

    def describe(self):
        return []

    def collect(self):
        from .models import ScannerRun

        up = GaugeMetricFamily("gongkai_metrics_database_up", "1 when the database answered this scrape")
        try:
            count, lag, running = task_queue_state()
            runs = {run.name: run.last_success_at for run in ScannerRun.objects.all()}
        except DatabaseError:
            logger.warning("metrics: database unavailable", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily("gongkai_task_queue_depth", "Tasks ready to run (任务队列)", value=count)
        yield GaugeMetricFamily(
            "gongkai_task_queue_lag_seconds", "Age of the oldest task ready to run, 0 when none", value=lag
        )
        yield GaugeMetricFamily("gongkai_task_queue_running", "Tasks being run by a worker", value=running)
        last = GaugeMetricFamily(
            "gongkai_scanner_last_success_timestamp_seconds",
            "Unix time of each scanner's last run without error (定时扫描); 0 when never",
            labels=["scanner"],
        )
        for name in sorted(set(SCANNERS) | set(runs)):
            when = runs.get(name)
            last.add_metric([name], when.timestamp() if when else 0)
        yield last


_database_registry = CollectorRegistry(auto_describe=False)
_database_registry.register(DatabaseCollector())


def allowed(request) -> bool:
    address = ip_from_request(request)
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.GONGKAI_METRICS_ALLOW)


def metrics_view(request) -> HttpResponse:
    """``/metrics`` in Prometheus' text format, for the networks of GONGKAI_METRICS_ALLOW only (404 for others,
    so the path is not even admitted to exist)."""
    if not allowed(request):
        return HttpResponseNotFound(_("页面不存在。"), content_type="text/plain; charset=utf-8")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(_database_registry)
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
