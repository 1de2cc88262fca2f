"""Log lines as JSON objects, each carrying the request's id (see RequestContextMiddleware).

Personal data stays out: a record's ``request`` attribute (Django's django.request logger attaches the
request, whose text shows the query string) is never written, and the middleware logs paths, not query
strings or bodies.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from .context import request_id

# Attributes of a record left out of the JSON line: the request object (its repr carries the query string of a
# form such as an FOI application's) and Django's server socket.
DROPPED = {"request", "server_time", "socket"}


def forget_request_id(**kwargs) -> None:
    """request_finished: lines logged after a request (in the same thread) carry no stale id."""
    request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record: the current request's id, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter: time, level, logger, message, request_id, then any ``extra`` fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")  # ISO 8601, UTC, microseconds
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        for key in DROPPED:
            log_data.pop(key, None)
