"""Benchmark: what a reading page costs rendered (200) against revalidated (304 to a matching If-None-Match).

Run: GONGKAI_DEBUG=1 GONGKAI_VAR_DIR=/tmp/bench .venv/bin/python bench/conditional_get.py [--rounds 50]
Loads the demo into the database first if it has no published item. In-process (Django's test client, the
whole middleware stack, no network), so the figures are Django's own work per request: the baseline is the
full render of the same page in the same run. nginx revalidates a cached page with exactly this request
(``proxy_cache_revalidate on``), at most once per ``s-maxage`` per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DEBUG", "1")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.publishing.models import InformationItem


def pages() -> dict[str, str]:
    item = InformationItem.objects.published().order_by("-published_at", "-pk").first()
    column = item.columns.order_by("pk").first()
    return {
        "home /": "/",
        "item page": f"/xxgk/items/{item.pk}/",
        "/xxgk/": "/xxgk/",
        "column listing": f"/xxgk/{column.unit_id}/columns/{column.pk}/",
        "/policy/": "/policy/",
        "column RSS": f"/xxgk/{column.unit_id}/columns/{column.pk}/rss/",
    }


def measure(client: Client, url: str, rounds: int, headers: dict, status: int) -> tuple[float, int]:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append(time.perf_counter() - began)
        assert response.status_code == status, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    return statistics.median(times) * 1000, len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not InformationItem.objects.published().exists():
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", stdout=quiet)
    client = Client()
    print(f"{'page':<16} {'200 render ms':>14} {'queries':>8} {'304 ms':>8} {'queries':>8} {'200 / 304':>10}")
    for label, url in pages().items():
        first = client.get(url)  # warm per-process lookups (the directory of sites, templates)
        etag = first.headers["ETag"]
        full, full_queries = measure(client, url, args.rounds, {}, 200)
        revalidated, revalidated_queries = measure(client, url, args.rounds, {"if-none-match": etag}, 304)
        print(
            f"{label:<16} {full:>14.2f} {full_queries:>8} {revalidated:>8.2f} {revalidated_queries:>8}"
            f" {full / revalidated:>9.0f}x"
        )


if __name__ == "__main__":
    main()
