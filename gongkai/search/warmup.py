"""Warming a web worker at start (issue 20, item 5): the first search after a start or a worker's
replacement answers as fast as the rest.

``warm`` is called once per process where the application is loaded to serve (``gongkai.wsgi``: gunicorn's
workers and ``runserver``). It imports every view and the API's schemas (the URL patterns: about half a second
of the first request), loads the segmenter with the office's domain words and compiles the search page's
template. It never spells pinyin (query time reads stored pinyin: pypinyin's ~55 MB stay unloaded), and it
closes its database connections, so a server that forks after loading shares none.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def warm() -> float:
    """Load what the first query needs; returns the milliseconds taken. A database not reachable yet is
    logged, not raised: the worker starts, /readyz reports the database, and the first query loads the rest."""
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver

    began = time.perf_counter()
    try:
        get_resolver().url_patterns  # noqa: B018 - imports every view module and the API
        get_template("search/results.html")
        from . import segment

        segment.warm()
    except Exception:  # a start must not fail on a cold database; the first query loads the rest
        log.warning("search warm-up incomplete", exc_info=True)
    finally:
        connections.close_all()
    took = (time.perf_counter() - began) * 1000
    log.info("search warm-up took %.0f ms", took)
    return took
