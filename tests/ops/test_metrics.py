"""/metrics: Prometheus' text format for the allowed networks only; request, database, queue and scanner series."""

import datetime as dt
import sys

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gongkai.__main__ import main
from gongkai.core import metrics
from gongkai.core.models import ScannerRun
from gongkai.core.tasks import send_mail

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def sample(text: str, name: str, **labels) -> float:
    """The value of one series in Prometheus' text format."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == name or (
            labels
            and series.startswith(name + "{")
            and all(f'{key}="{value}"' in series for key, value in labels.items())
        ):
            return float(value)
    raise AssertionError(f"no {name}{{{wanted}}} in the metrics")


@pytest.mark.django_db
def test_metrics_answer_404_outside_the_allowed_networks(settings):
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 404
    settings.GONGKAI_METRICS_ALLOW = ["203.0.113.0/24"]
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404


@pytest.mark.django_db
def test_behind_nginx_the_forwarded_client_address_decides(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1  # GONGKAI_PROXY_COUNT=1: nginx on 127.0.0.1 appends the client
    outsider = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert outsider.get("/metrics").status_code == 404
    local = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert local.get("/metrics").status_code == 200


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status_and_queries_by_database():
    client = Client()
    before = client.get("/metrics").content.decode()
    view = "site:home"
    try:
        start = sample(
            before, "django_http_responses_total_by_status_view_method_total", view=view, status="200"
        )
    except AssertionError:
        start = 0.0
    assert client.get("/").status_code == 200
    text = client.get("/metrics").content.decode()
    assert text.count("\n") > 50
    assert sample(
        text, "django_http_responses_total_by_status_view_method_total", view=view, status="200"
    ) == (start + 1)
    assert (
        sample(text, "django_http_requests_latency_seconds_by_view_method_count", view=view, method="GET")
        >= 1
    )
    assert sample(text, "django_db_execute_total", alias="default") > 0
    assert sample(text, "gongkai_metrics_database_up") == 1


@pytest.mark.django_db
def test_page_cache_counters():
    text = Client().get("/metrics").content.decode()
    hits = sample(text, "gongkai_page_cache_requests_total", result="hit") if 'result="hit"' in text else 0.0
    metrics.page_cache_hit()
    metrics.page_cache_hit()
    metrics.page_cache_miss()
    text = Client().get("/metrics").content.decode()
    assert sample(text, "gongkai_page_cache_requests_total", result="hit") == hits + 2
    assert sample(text, "gongkai_page_cache_requests_total", result="miss") >= 1


@pytest.mark.django_db(transaction=True)
def test_queue_depth_and_lag(settings):
    settings.TASKS = DATABASE_TASKS
    text = Client().get("/metrics").content.decode()
    assert sample(text, "gongkai_task_queue_depth") == 0
    assert sample(text, "gongkai_task_queue_lag_seconds") == 0
    send_mail(subject="提醒", message="请办理。", recipient_list=["a@linyi.gov.cn"])
    send_mail(subject="提醒", message="请办理。", recipient_list=["b@linyi.gov.cn"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(seconds=120))
    text = Client().get("/metrics").content.decode()
    assert sample(text, "gongkai_task_queue_depth") == 2
    assert 119 <= sample(text, "gongkai_task_queue_lag_seconds") <= 180


@pytest.mark.django_db(transaction=True)
def test_a_scanner_run_from_the_command_line_records_its_success(monkeypatch, capsys):
    text = Client().get("/metrics").content.decode()
    assert sample(text, "gongkai_scanner_last_success_timestamp_seconds", scanner="publish_scheduled") == 0

    monkeypatch.setattr(sys, "argv", ["gongkai", "publish_scheduled", "--dry-run"])
    main()
    assert not ScannerRun.objects.exists()  # a dry run is not a run

    monkeypatch.setattr(sys, "argv", ["gongkai", "publish_scheduled"])
    main()
    run = ScannerRun.objects.get()
    assert run.name == "publish_scheduled"
    assert abs((timezone.now() - run.last_success_at).total_seconds()) < 60
    text = Client().get("/metrics").content.decode()
    stamp = sample(text, "gongkai_scanner_last_success_timestamp_seconds", scanner="publish_scheduled")
    assert stamp == pytest.approx(run.last_success_at.timestamp())
    assert sample(text, "gongkai_scanner_last_success_timestamp_seconds", scanner="send_foi_reminders") == 0


@pytest.mark.django_db(transaction=True)
def test_a_failing_scanner_records_nothing(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["gongkai", "publish_scheduled", "--no-such-option"])
    with pytest.raises(SystemExit):
        main()
    assert not ScannerRun.objects.exists()
