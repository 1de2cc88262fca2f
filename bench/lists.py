"""Benchmark: public list pages and list APIs as the archive grows (issue 19, item 3).

Run: python bench/lists.py --items 100000 [--levels demo,10000,100000] [--runs 15]
(or through bench/pages.py --items N, which calls :func:`main`).

Builds a throw-away database: SQLite under a temporary GONGKAI_VAR_DIR, or the PostgreSQL database named by
DATABASE_URL (a dedicated scratch database: its public schema is dropped and rebuilt; the names ``test``,
``postgres`` and ``gongkai`` are refused). Loads the demo, measures every public list page and list API, then
clones the demo's published items with ``bulk_create`` (their columns, key areas, policy profiles and register
entries with them, published dates spread over ten years) up to each level and measures again.

Each page is requested ``--runs`` times through Django's test Client with the cache cleared before every
request (uncached: what a reader meets when the page is not in any cache), after one warm-up request. Prints
one table: page | p50/p95 at each level (ms) | queries at the largest level. The demo level is the baseline
of the same run.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFUSED_DATABASES = {"test", "postgres", "gongkai", "template0", "template1"}


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("GONGKAI_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    if "GONGKAI_VAR_DIR" not in os.environ:
        os.environ["GONGKAI_VAR_DIR"] = tempfile.mkdtemp(prefix="gk-bench-lists-")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[-1].split("?")[0]
        if name in REFUSED_DATABASES:
            sys.exit(
                f"bench/lists.py: refusing to rebuild database {name!r}; use a dedicated scratch database"
            )
    import django

    django.setup()


def _fresh_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    elif connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    from django.conf import settings

    settings.DEBUG = False  # as in production: Django keeps no log of every query


def _published_count() -> int:
    from gongkai.publishing.models import InformationItem

    return InformationItem.objects.published().count()


def _grow(target: int, rng: random.Random) -> None:
    """Clone the demo's published items up to ``target`` published items, in batches."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from gongkai.policy.models import PolicyProfile, RegisterEntry
    from gongkai.publishing.models import InformationItem

    have = _published_count()
    if have >= target:
        return
    templates = list(
        InformationItem.objects.published()
        .filter(pk__lte=_demo_max_pk())
        .exclude(interprets__isnull=False)
        .prefetch_related("columns", "key_areas")
        .order_by("pk")
    )
    profiles = {p.item_id: p for p in PolicyProfile.objects.filter(item__in=templates)}
    entries = {e.item_id: e for e in RegisterEntry.objects.filter(item__in=templates)}
    cols = {t.pk: [c.pk for c in t.columns.all()] for t in templates}
    areas = {t.pk: [a.pk for a in t.key_areas.all()] for t in templates}
    through_c = InformationItem.columns.through
    through_k = InformationItem.key_areas.through
    now = timezone.now()
    batch = 2000
    serial = InformationItem.objects.count()
    skip = {"id", "index_no"}
    fields = [f.attname for f in InformationItem._meta.concrete_fields if f.attname not in skip]
    while have < target:
        n = min(batch, target - have)
        chosen = [rng.choice(templates) for _ in range(n)]
        clones = []
        for t in chosen:
            serial += 1
            data = {name: getattr(t, name) for name in fields}
            when = now - dt.timedelta(seconds=rng.randrange(10 * 365 * 86400))
            data.update(published_at=when, created_at=when, updated_at=when, replaced_by_id=None)
            data["title"] = f"{t.title}（{serial}）"
            clones.append(InformationItem(**data))
        with transaction.atomic():
            made = InformationItem.objects.bulk_create(clones, batch_size=500)
            if made and made[0].pk is None:  # a backend that returns no keys: read them back
                made = list(InformationItem.objects.order_by("-pk")[: len(clones)])[::-1]
            links, key_links, new_profiles, new_entries = [], [], [], []
            for t, c in zip(chosen, made, strict=True):
                links += [through_c(informationitem_id=c.pk, column_id=col) for col in cols[t.pk]]
                key_links += [through_k(informationitem_id=c.pk, keyarea_id=a) for a in areas[t.pk]]
                if (p := profiles.get(t.pk)) is not None:
                    new_profiles.append(
                        PolicyProfile(item_id=c.pk, needs_interpretation=p.needs_interpretation)
                    )
                if (e := entries.get(t.pk)) is not None:
                    new_entries.append(
                        RegisterEntry(
                            kind=e.kind,
                            item_id=c.pk,
                            registration_number=f"B{c.pk}",
                            issuing_body_id=e.issuing_body_id,
                            registered_at=c.published_at,
                        )
                    )
            through_c.objects.bulk_create(links, batch_size=2000)
            through_k.objects.bulk_create(key_links, batch_size=2000)
            PolicyProfile.objects.bulk_create(new_profiles, batch_size=1000)
            RegisterEntry.objects.bulk_create(new_entries, batch_size=1000)
        have += n
    _analyze()


_DEMO_MAX_PK: list[int] = []


def _demo_max_pk() -> int:
    return _DEMO_MAX_PK[0]


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum would have done on a settled database
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _pages() -> list[tuple[str, str]]:
    """(label, URL) of every public list page and list API, chosen from the demo's data."""
    from django.db.models import Count, Q

    from gongkai.publishing import guide, queries
    from gongkai.publishing.models import Column, Status
    from gongkai.publishing.views import PAGE_SIZE

    root_col = (
        Column.objects.active()
        .filter(unit__parent__isnull=True)
        .annotate(n=Count("items", filter=Q(items__status=Status.PUBLISHED)))
        .order_by("-n", "pk")
        .first()
    )
    unit_id = root_col.unit_id
    column_url = guide.column_url(root_col)
    last = max(1, -(-queries.items_in_column(root_col).count() // PAGE_SIZE))
    import re
    from urllib.parse import quote

    from django.test import Client

    published = queries.public_items()
    middle = published.values_list("published_at", "pk")[published.count() // 2]
    cursor = quote(f"{middle[0].isoformat()},{middle[1]}")
    index = Client().get("/sitemap.xml").content.decode()
    sitemap_last = re.findall(r"<loc>https?://[^/]+(/sitemap-items\.xml[^<]*)</loc>", index)[-1]
    pages = [
        ("home /", "/"),
        ("/xxgk/", "/xxgk/"),
        ("unit catalog", f"/xxgk/{unit_id}/"),
        ("column p1", column_url),
        ("column last page", f"{column_url}?page={last}"),
        ("column RSS", f"/xxgk/{unit_id}/columns/{root_col.pk}/rss/"),
        ("/policy/", "/policy/"),
        ("/policy/?interpreted=1", "/policy/?interpreted=1"),
        ("/policy/register/", "/policy/register/"),
        ("/gazette/", "/gazette/"),
        ("gazette RSS", "/gazette/rss/"),
        ("/interaction/", "/interaction/"),
        ("/sitemap.xml (index)", "/sitemap.xml"),
        ("sitemap items p1", "/sitemap-items.xml"),
        ("sitemap items last", sitemap_last),
        ("sitemap columns", "/sitemap-columns.xml"),
        ("API items", "/api/v1/items"),
        ("API items page 2000", "/api/v1/items?page=2000"),
        ("API items ?before (keyset)", f"/api/v1/items?before={cursor}"),
        ("API items ?unit", f"/api/v1/items?unit={unit_id}"),
        ("API policies", "/api/v1/policies"),
        ("API register", "/api/v1/register"),
        ("API gazette", "/api/v1/gazette"),
        ("API messages", "/api/v1/interaction/messages"),
        ("API catalog", f"/api/v1/catalogs/{unit_id}"),
        ("API organizations", "/api/v1/organizations"),
    ]
    return pages


def _measure(pages, runs: int) -> dict[str, tuple[float, float, int, int]]:
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for label, url in pages:
        for alias in caches:
            caches[alias].clear()
        response = client.get(url)  # warm-up (templates compiled, connection open)
        status = response.status_code
        times = []
        for _ in range(runs):
            for alias in caches:
                caches[alias].clear()
            start = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append((time.perf_counter() - start) * 1000)
        for alias in caches:
            caches[alias].clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
        results[label] = (statistics.median(times), p95, len(queries), status)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="the largest level (published items)")
    parser.add_argument(
        "--levels", default="", help="comma-separated: demo,10000,100000 (default: demo,10%%,N)"
    )
    parser.add_argument("--runs", type=int, default=15, help="requests per page and level")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this text")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database GONGKAI_VAR_DIR already holds"
    )
    parser.add_argument("--target", type=float, default=100.0, help="p95 target in ms at the largest level")
    args = parser.parse_args(argv)
    levels = [s.strip() for s in args.levels.split(",") if s.strip()] or [
        "demo",
        str(max(args.items // 10, 1)),
        str(args.items),
    ]
    _setup_django()
    from django.db import connection

    from gongkai.publishing.models import InformationItem

    started = time.perf_counter()
    if args.reuse:
        from django.conf import settings

        settings.DEBUG = False
        _DEMO_MAX_PK.append(InformationItem.objects.order_by("pk")[582:583].values_list("pk", flat=True)[0])
    else:
        _fresh_database()
        _DEMO_MAX_PK.append(InformationItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
    _analyze()
    print(f"# {connection.vendor}, demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
    rng = random.Random(19)
    table: dict[str, dict[str, tuple]] = {}
    sizes = {}
    for level in levels:
        if level != "demo":
            t0 = time.perf_counter()
            _grow(int(level), rng)
            print(f"# grown to {level} items in {time.perf_counter() - t0:.0f} s", flush=True)
        sizes[level] = _published_count()
        pages = [(label, url) for label, url in _pages() if args.only in label]
        t0 = time.perf_counter()
        for label, row in _measure(pages, args.runs).items():
            table.setdefault(label, {})[level] = row
        print(
            f"# measured {level} ({sizes[level]} published) in {time.perf_counter() - t0:.0f} s", flush=True
        )
    head = " | ".join(f"{lv if lv == 'demo' else f'{int(lv):,}'} ({sizes[lv]:,}) p50/p95 ms" for lv in levels)
    print(f"\n| page | {head} | queries | status |")
    print("|---|" + "---:|" * len(levels) + "---:|---:|")
    worst = 0.0
    for label, row in table.items():
        cells = " | ".join(f"{row[lv][0]:.0f} / {row[lv][1]:.0f}" for lv in levels)
        last = row[levels[-1]]
        worst = max(worst, last[1])
        print(f"| {label} | {cells} | {last[2]} | {last[3]} |")
    verdict = "met" if worst <= args.target else "missed"
    print(f"\nworst p95 at {levels[-1]}: {worst:.0f} ms (target {args.target:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
