"""Warming a web worker at start (issue 20, item 5): the first search after a start or a worker's
replacement answers as fast as the rest.

``warm`` is called once per process where the application is loaded to serve (``gongkai.wsgi``: gunicorn's
workers and ``runserver``). It imports every view and the API's schemas and builds the URL reverse tables (about
0.8 s of the first request), loads the message catalogs, the segmenter with the office's domain words, and
compiles the search page's templates, and reads the synonyms and best bets (``lexicon``). It never spells pinyin (query time reads stored pinyin: pypinyin's ~55 MB stay unloaded), and it
closes its database connections, so a server that forks after loading shares none.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def warm() -> float:
    """Load what the first query needs; returns the milliseconds taken. A database not reachable yet is
    logged, not raised: the worker starts, /readyz reports the database, and the first query loads the rest."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    began = time.perf_counter()
    try:
        with translation.override(settings.LANGUAGE_CODE):  # loads the message catalogs too
            resolver = get_resolver()
            resolver.url_patterns  # noqa: B018 - imports every view module and the API
            resolvers = [resolver]
            while resolvers:  # what reversing the menu's namespaced URLs builds first (0.3 s)
                current = resolvers.pop()
                current.reverse_dict  # noqa: B018
                resolvers.extend(sub for _prefix, sub in current.namespace_dict.values())
            for name in ("search/results.html", "site/base.html", "site/includes/breadcrumbs.html"):
                get_template(name)
        from . import lexicon

        lexicon.current().warm()  # domain words (the segmenter), synonyms, best bets; no pinyin needed
    except Exception:  # a start must not fail on a cold database; the first query loads the rest
        log.warning("search warm-up incomplete", exc_info=True)
    finally:
        connections.close_all()
    took = (time.perf_counter() - began) * 1000
    log.info("search warm-up took %.0f ms", took)
    return took
