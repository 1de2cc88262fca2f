"""Benchmark: site search over a generated Chinese corpus (100,000 documents of about 2,000 characters).

Run: make bench-search   (or: .venv/bin/python bench/search.py [--docs N] [--queries N])
Needs the ``bench`` extra (jieba for its dictionary of word frequencies, tantivy as a baseline).

The corpus is drawn from jieba's dictionary, words weighted by their frequency, cut into sentences; titles,
units, topics, genres, validity and years vary like a city's catalog. Uses a throw-away SQLite database (or
DATABASE_URL if set: use a scratch database). Prints one table:

- index throughput through ``gongkai.search.index.bulk_store`` (segmentation, the document rows, the FTS5 rows
  or tsvectors, the pinyin vocabulary), beside tantivy indexing the same segmented terms;
- p50/p95 latency for 1-, 2- and 3-term queries through ``gongkai.search.service.search`` (query understanding,
  count, facets over the whole result set, ranking with boosts and click feedback, snippets, the query log),
  beside the raw FTS5 query (top 10 by BM25) on the same database and tantivy's top 10 with count.

Queries are the words of a randomly chosen generated document (as people search for what exists), limited to
words of middling frequency (rank 300 to 30,000 in the dictionary): the very common words are stop-word-like.
Everything runs in one process, on one core.
"""

import argparse
import importlib.resources
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.conf import settings

settings.DEBUG = False  # as in production: Django keeps no log of every query

import datetime as dt

import tantivy
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gongkai.core.models import Organization, OrgType
from gongkai.search import backends, index, segment, service

HAN = {chr(c) for c in range(0x4E00, 0xA000)}
TOPICS = ["综合政务", "国民经济管理", "财政、金融、审计", "城乡建设、环境保护", "农业、林业、水利", "工业、交通",
          "商贸、海关、旅游", "科技、教育", "卫生、体育", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾"]  # fmt: skip
GENRES = ["通知", "意见", "办法", "公告", "决定", "报告", "通告", "方案"]
VALIDITY = ["valid"] * 90 + ["repealed"] * 5 + ["expired"] * 3 + ["amended"] * 2
KINDS = ["item"] * 6 + ["policy"] * 3 + ["interpretation"]


def dictionary() -> tuple[list[str], list[int], list[str]]:
    """Words and cumulative weights for sampling, and the query vocabulary (middling-frequency Chinese words)."""
    rows = []
    with (importlib.resources.files("jieba") / "dict.txt").open(encoding="utf-8") as handle:
        for line in handle:
            word, freq, *_ = line.split()
            rows.append((word, int(freq)))
    rows.sort(key=lambda r: -r[1])
    words = [w for w, _ in rows]
    cumulative, total = [], 0
    for _, freq in rows:
        total += freq
        cumulative.append(total)
    middling = [w for w, _ in rows[300:30000] if len(w) >= 2 and all(c in HAN for c in w)]
    return words, cumulative, middling


def generate(rng: random.Random, words, cumulative, chars: int) -> str:
    out, length = [], 0
    while length < chars:
        sentence = "".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(6, 18)))
        out.append(sentence + rng.choice("，，，。；"))
        length += len(out[-1])
    return "".join(out)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per term count")
    parser.add_argument("--batch", type=int, default=1_000)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    words, cumulative, middling = dictionary()
    middling_set = set(middling)
    root = Organization.objects.create(name="基准测试市人民政府", org_type=OrgType.GOVERNMENT, path="/")
    units = [Organization.objects.create(name=f"基准测试单位{n:02d}", org_type=OrgType.DEPARTMENT, parent=root) for n in range(50)]  # fmt: skip

    schema = tantivy.SchemaBuilder()
    schema.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in ("title", "keywords", "body"):
        schema.add_text_field(name, tokenizer_name="whitespace")
    tv_index = tantivy.Index(schema.build())
    tv_writer = tv_index.writer(heap_size=200_000_000, num_threads=1)

    generating = indexing = tv_indexing = 0.0
    samples: list[list[str]] = []  # query vocabularies of some documents, for realistic queries
    now = timezone.now()
    for start in range(0, args.docs, args.batch):
        began = time.perf_counter()
        rows = []
        for n in range(start, min(start + args.batch, args.docs)):
            published = now - dt.timedelta(days=rng.randrange(0, 14 * 365))
            title_words = rng.choices(middling, k=rng.randint(3, 5))
            rows.append(
                {
                    "source": "bench.document",
                    "source_id": n,
                    "kind": rng.choice(KINDS),
                    "url": f"/bench/{n}/",
                    "title": "关于" + "".join(title_words) + "的" + rng.choice(GENRES),
                    "keywords": " ".join(rng.sample(title_words, 2)),
                    "body": generate(rng, words, cumulative, args.chars),
                    "unit": rng.choice(units),
                    "topic": rng.choice(TOPICS),
                    "genre": rng.choice(GENRES),
                    "validity": rng.choice(VALIDITY),
                    "published_at": published,
                    "year": published.year,
                }
            )
        generating += time.perf_counter() - began

        began = time.perf_counter()
        docs = index.bulk_store(rows)
        indexing += time.perf_counter() - began

        began = time.perf_counter()
        for doc in docs:
            tv_writer.add_document(
                tantivy.Document(
                    id=doc.pk, title=doc.terms_title, keywords=doc.terms_keywords, body=doc.terms_body
                )
            )
        tv_indexing += time.perf_counter() - began
        for doc in docs[:3]:
            samples.append([w for w in doc.terms_body.split() if w in middling_set])
        print(f"\rindexed {min(start + args.batch, args.docs):,} / {args.docs:,}", end="", file=sys.stderr)
    began = time.perf_counter()
    tv_writer.commit()
    tv_writer.wait_merging_threads()
    tv_index.reload()
    tv_indexing += time.perf_counter() - began
    print(file=sys.stderr)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")

    began = time.perf_counter()
    for row in rows:  # the last batch again: what segmentation alone allows
        (
            segment.index_terms(row["title"]),
            segment.index_terms(row["keywords"]),
            segment.index_terms(row["body"]),
        )
    segmenting = len(rows) / (time.perf_counter() - began)

    searcher = tv_index.searcher()
    backend = backends.current()
    rows = [
        ("index (docs/s)", args.docs / indexing, None, None, args.docs / tv_indexing),
        ("  of which segmentation alone could do", segmenting, None, None, None),
    ]
    for terms in (1, 2, 3):
        queries = []
        while len(queries) < args.queries:
            pool = rng.choice(samples)
            if len(set(pool)) >= terms:
                queries.append(" ".join(rng.sample(sorted(set(pool)), terms)))
        timings: dict[str, list[float]] = {"service": [], "fts5": [], "tantivy": []}
        totals = []
        for n, query in enumerate(queries):
            began = time.perf_counter()
            results = service.search(query, session=f"{n:032d}")
            timings["service"].append(time.perf_counter() - began)
            totals.append(results.total)
            groups = [[w] for w in segment.query_words(query)]
            if connection.vendor == "sqlite":
                began = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                        "ORDER BY bm25(search_fts, 10.0, 4.0, 1.0) LIMIT 10",
                        [backend.expression(groups)],
                    )
                    cursor.fetchall()
                timings["fts5"].append(time.perf_counter() - began)
            began = time.perf_counter()
            parsed = tv_index.parse_query(" AND ".join(w for (w,) in groups), ["title", "keywords", "body"])
            found = searcher.search(parsed, 10, count=True)
            [searcher.doc(address)["id"] for _score, address in found.hits]
            timings["tantivy"].append(time.perf_counter() - began)
        for p in (50, 95):
            rows.append(
                (
                    f"{terms}-term p{p} (ms), median hits {int(statistics.median(totals)):,}",
                    percentile(timings["service"], p) * 1000,
                    percentile(timings["fts5"], p) * 1000 if timings["fts5"] else None,
                    None,
                    percentile(timings["tantivy"], p) * 1000,
                )
            )

    def cell(value):
        return f"{value:>12,.1f}" if value is not None else f"{'-':>12}"

    print(
        f"\n{args.docs:,} documents of ~{args.chars:,} characters on {backend.name}; generated in {generating:.0f} s"
    )
    print(f"{'measure':<44}{'service':>12}{'raw FTS5':>12}{'ratio':>12}{'tantivy':>12}")
    for label, mine, fts5, _ratio, tv in rows:
        ratio = mine / fts5 if fts5 else None
        print(f"{label:<44}{cell(mine)}{cell(fts5)}{cell(ratio)}{cell(tv)}")


if __name__ == "__main__":
    main()
