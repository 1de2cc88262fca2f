"""X-Request-ID round trip, and log lines as JSON carrying it, without query strings or form bodies."""

import io
import json
import logging

import pytest
from django.test import Client

from gongkai.core.middleware import REQUEST_ID


@pytest.fixture
def log_lines():
    """The console handler's own formatter and filter (settings.LOGGING), writing to a buffer."""
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(console.formatter)
    for item in console.filters:
        handler.addFilter(item)
    loggers = [logging.getLogger(name) for name in ("gongkai.access", "django.request", "gongkai.requests")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.django_db
def test_a_well_formed_request_id_is_kept_and_logged(log_lines):
    incoming = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # nginx's $request_id
    response = Client().get("/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] == incoming
    (line,) = [line for line in log_lines() if line["logger"] == "gongkai.access"]
    assert line["request_id"] == incoming
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert "time" in line


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["", "short", "a" * 129, "bad id with spaces", 'x"}\n{"level":"ERROR"'])
def test_a_missing_or_malformed_request_id_is_replaced(incoming, log_lines):
    response = Client().get("/", HTTP_X_REQUEST_ID=incoming)
    made = response["X-Request-ID"]
    assert made != incoming
    assert REQUEST_ID.fullmatch(made)
    assert [line["request_id"] for line in log_lines() if line["logger"] == "gongkai.access"] == [made]


@pytest.mark.django_db
def test_each_request_gets_its_own_id():
    client = Client()
    assert client.get("/").headers["X-Request-ID"] != client.get("/").headers["X-Request-ID"]


@pytest.mark.django_db
def test_no_query_string_or_form_field_reaches_the_log(log_lines):
    client = Client(raise_request_exception=False)
    client.get("/foi/", {"name": "张三", "phone": "13800138000"})
    client.post("/foi/apply/", {"name": "张三", "phone": "13800138000", "id_number": "370102199001011234"})
    client.get("/no-such-page/?name=张三")
    lines = log_lines()
    assert lines
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in ("张三", "13800138000", "370102199001011234", "name="):
        assert secret not in text


def test_a_line_outside_a_request_has_a_placeholder_id(log_lines):
    logging.getLogger("gongkai.requests").warning("数据库暂时不可用")
    (line,) = log_lines()
    assert line == {**line, "level": "WARNING", "message": "数据库暂时不可用", "request_id": "-"}


@pytest.mark.django_db
def test_an_error_record_carries_the_request_id_but_not_the_request(log_lines):
    """django.request attaches the request (its text shows the query string): left out of the line."""
    client = Client(raise_request_exception=False)
    response = client.get("/no-such-page/?phone=13800138000", HTTP_X_REQUEST_ID="req-0123456789")
    assert response.status_code == 404
    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "req-0123456789"
    assert "request" not in line
    assert "13800138000" not in json.dumps(line)
