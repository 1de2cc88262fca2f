"""Benchmark: site search over a generated Chinese corpus (100,000 documents of about 2,000 characters).

Run: make bench-search   (or: .venv/bin/python bench/search.py [--docs N] [--queries N]; --docs 1000000 works)
Needs the ``bench`` extra (jieba for its dictionary of word frequencies).

The corpus is drawn from jieba's dictionary, words weighted by their frequency, cut into sentences; titles,
units, topics, genres, validity, key areas and years vary like a city's catalog. It is generated first into a
scratch file (timed apart), then indexed from it. Uses a throw-away SQLite database and index directory (the
embedded deployment), or DATABASE_URL if set (the PostgreSQL deployment: use a scratch database). Prints one
table:

- index throughput through ``gongkai.search.index.Indexer`` (segmentation in a pool of processes, the rows, the
  change log, the pinyin vocabulary, and the tantivy index following the log), the same as ``rebuild_index``;
- p50/p95 latency for 1-, 2- and 3-term queries through ``gongkai.search.service.search`` (query understanding,
  exact count, all seven facets over the whole result set, ranking with boosts and click feedback, snippets,
  the query log), beside the engine alone doing the same work (count + facets + top 10) on the same index;
- peak memory of the benchmark process and of its indexing processes.

Queries are the words of a randomly chosen generated document (as people search for what exists), limited to
words of middling frequency (rank 300 to 30,000 in the dictionary): the very common words are stop-word-like.
Queries run in one process, one at a time.
"""

import argparse
import importlib.resources
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
SCRATCH = tempfile.mkdtemp(prefix="gongkai-bench-")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}/bench.sqlite3"
os.environ.setdefault("GONGKAI_SEARCH_INDEX_DIR", f"{SCRATCH}/search-index")

import django

django.setup()

from django.conf import settings

settings.DEBUG = False  # as in production: Django keeps no log of every query

import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from gongkai.core.models import Organization, OrgType
from gongkai.search import engine, index, segment, service
from gongkai.search.models import SearchDocument

HAN = {chr(c) for c in range(0x4E00, 0xA000)}
TOPICS = ["综合政务", "国民经济管理", "财政、金融、审计", "城乡建设、环境保护", "农业、林业、水利", "工业、交通",
          "商贸、海关、旅游", "科技、教育", "卫生、体育", "劳动、人事、监察", "公安、安全、司法", "民政、扶贫、救灾"]  # fmt: skip
GENRES = ["通知", "意见", "办法", "公告", "决定", "报告", "通告", "方案"]
VALIDITY = ["valid"] * 90 + ["repealed"] * 5 + ["expired"] * 3 + ["amended"] * 2
KINDS = ["item"] * 6 + ["policy"] * 3 + ["interpretation"]
KEY_AREAS = ["fiscal", "land", "housing", "education", "health", "employment", "safety", "environment"]


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


def peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=2_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per term count")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--processes", type=int, default=None, help="segmenting processes (default: cores)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    words, cumulative, middling = dictionary()
    middling_set = set(middling)
    root = Organization.objects.create(name="基准测试市人民政府", org_type=OrgType.GOVERNMENT, path="/")
    units = [Organization.objects.create(name=f"基准测试单位{n:02d}", org_type=OrgType.DEPARTMENT, parent=root) for n in range(50)]  # fmt: skip

    corpus = Path(SCRATCH) / "corpus.jsonl"
    began = time.perf_counter()
    now = timezone.now()
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(args.docs):
            published = now - dt.timedelta(days=rng.randrange(0, 14 * 365))
            title_words = rng.choices(middling, k=rng.randint(3, 5))
            row = {
                "source": "bench.document",
                "source_id": n,
                "kind": rng.choice(KINDS),
                "url": f"/bench/{n}/",
                "title": "关于" + "".join(title_words) + "的" + rng.choice(GENRES),
                "keywords": " ".join(rng.sample(title_words, 2)),
                "body": generate(rng, words, cumulative, args.chars),
                "unit_id": rng.choice(units).pk,
                "topic": rng.choice(TOPICS),
                "genre": rng.choice(GENRES),
                "validity": rng.choice(VALIDITY),
                "key_areas": rng.sample(KEY_AREAS, rng.choice([0, 0, 1, 2])),
                "published_at": published.isoformat(),
                "year": published.year,
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if n % 1000 == 0:
                print(f"\rgenerated {n:,} / {args.docs:,}", end="", file=sys.stderr)
    generating = time.perf_counter() - began
    print(file=sys.stderr)

    def batches():
        with corpus.open(encoding="utf-8") as rows:
            batch = []
            for line in rows:
                row = json.loads(line)
                row["published_at"] = dt.datetime.fromisoformat(row["published_at"])
                batch.append(row)
                if len(batch) == args.batch:
                    yield batch
                    batch = []
            if batch:
                yield batch

    samples: list[list[str]] = []  # query vocabularies of some documents, for realistic queries

    def keep_samples(docs):
        for doc in docs[:3]:
            samples.append([w for w in doc.terms_body.split() if w in middling_set])

    began = time.perf_counter()
    with index.Indexer(args.processes) as indexer:
        indexer.store(batches(), progress=index.Progress(args.docs, sys.stderr.write), stored=keep_samples)
    indexing = args.docs / (time.perf_counter() - began)
    print(file=sys.stderr)
    corpus.unlink()

    began = time.perf_counter()
    sample = list(SearchDocument.objects.values_list("title", "keywords", "body")[:500])
    cut = segment.current().terms
    for row in sample:  # what segmentation alone allows, in one process
        [cut(text) for text in row]
    segmenting = len(sample) / (time.perf_counter() - began)

    began = time.perf_counter()
    searcher = engine.get().searcher()
    first_query = (time.perf_counter() - began) * 1000
    rows = [
        ("index (docs/s), all processes", indexing, None),
        ("  segmentation alone, one process (docs/s)", segmenting, None),
    ]
    for terms in (1, 2, 3):
        queries = []
        while len(queries) < args.queries:
            pool = rng.choice(samples)
            if len(set(pool)) >= terms:
                queries.append(" ".join(rng.sample(sorted(set(pool)), terms)))
        timings: dict[str, list[float]] = {"service": [], "engine": []}
        totals = []
        for n, query in enumerate(queries):
            began = time.perf_counter()
            results = service.search(query, session=f"{n:032d}")
            timings["service"].append(time.perf_counter() - began)
            totals.append(results.total)
            groups = [[w] for w in segment.query_words(query)]
            began = time.perf_counter()
            searcher = engine.get().searcher()
            matching = engine.text_query(groups)
            engine.candidates(searcher, engine.counted(searcher, matching, 10))
            engine.facets(searcher, matching)
            timings["engine"].append(time.perf_counter() - began)
        for p in (50, 95):
            rows.append(
                (
                    f"{terms}-term p{p} (ms), median hits {int(statistics.median(totals)):,}",
                    percentile(timings["service"], p) * 1000,
                    percentile(timings["engine"], p) * 1000,
                )
            )
    rows.append(("index open + catch-up check at start (ms)", first_query, None))
    rows.append(("peak memory, benchmark process (MB)", peak_mb(resource.RUSAGE_SELF), None))
    rows.append(("peak memory, largest indexing process (MB)", peak_mb(resource.RUSAGE_CHILDREN), None))

    def cell(value):
        return f"{value:>12,.1f}" if value is not None else f"{'-':>12}"

    deployment = "embedded (SQLite)" if connection.vendor == "sqlite" else connection.vendor
    print(
        f"\n{args.docs:,} documents of ~{args.chars:,} characters, {deployment} + tantivy "
        f"{engine.tantivy.__version__}; generated in {generating:.0f} s; {os.cpu_count()} cores"
    )
    print(f"{'measure':<50}{'service':>12}{'engine':>12}{'ratio':>12}")
    for label, mine, raw in rows:
        ratio = mine / raw if raw else None
        print(f"{label:<50}{cell(mine)}{cell(raw)}{cell(ratio)}")


if __name__ == "__main__":
    main()
