"""Benchmark: learning the pinyin vocabulary while indexing (issue 20, item 4), and reading queries from it.

Run: .venv/bin/python bench/pinyin.py [--docs 10000] [--chars 450] [--batch 200] [--vocabulary 100000]
Needs the ``bench`` extra (jieba's dictionary of word frequencies). Uses a throw-away SQLite database (or
DATABASE_URL if set: use a scratch database).

Documents are drawn from jieba's dictionary, words weighted by their frequency (as in bench/search.py), cut by
the segmenter in search mode beforehand; the timing covers ``pinyin.learn_many`` alone, in batches as
``index.bulk_store`` calls it:

- "first pass": an empty vocabulary and no spelling remembered (a rebuild in a fresh process: every new word
  is spelled by pypinyin);
- "second pass": as many new documents again, most words known (an archive growing; the steady state);
- segmentation of the same documents, for scale (indexing at 2,000 documents/s leaves 0.5 ms a document).

Then ``pinyin.read`` over a vocabulary of ``--vocabulary`` words: exact full pinyin, initials, one letter off.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("GONGKAI_DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django

django.setup()

from django.conf import settings

settings.DEBUG = False

from django.core.management import call_command
from django.db import connection, transaction
from search import dictionary, generate  # bench/search.py

from gongkai.search import pinyin, segment
from gongkai.search.models import VocabularyWord


def learn(documents: list[list[str]], batch: int) -> float:
    began = time.perf_counter()
    for start in range(0, len(documents), batch):
        with transaction.atomic():  # as index.bulk_store calls it
            pinyin.learn_many(documents[start : start + batch])
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--chars", type=int, default=450, help="characters a document (the demo's: ~450)")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--vocabulary", type=int, default=100_000)
    parser.add_argument(
        "--terms",
        help="a JSON list of documents' index terms (title, keywords, body) to draw the documents from, "
        "instead of generating them: e.g. the demo's, dumped from a demo site",
    )
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    rng = random.Random(2026)
    words, cumulative, _middling = dictionary()
    segmenting = 0.0
    if args.terms:
        source = json.loads(Path(args.terms).read_text(encoding="utf-8"))
        documents = [list(rng.choice(source)) for _ in range(2 * args.docs)]
        for terms in documents:  # each document a little different: a few words of its own
            terms += rng.choices(words, cum_weights=cumulative, k=5)
    else:
        texts = [generate(rng, words, cumulative, args.chars) for _ in range(2 * args.docs)]
        began = time.perf_counter()
        cut = segment.current().terms
        documents = [cut(text).split() for text in texts]
        segmenting = time.perf_counter() - began
    first, second = documents[: args.docs], documents[args.docs :]
    terms = statistics.mean(len(d) for d in documents)

    pinyin._spelled.clear()
    began = time.process_time()
    cold = learn(first, args.batch)
    cold_cpu = time.process_time() - began
    learned = VocabularyWord.objects.count()
    began = time.process_time()
    warm = learn(second, args.batch)
    warm_cpu = time.process_time() - began
    total = VocabularyWord.objects.count()

    # Reading: pad the vocabulary with words of real pinyin to --vocabulary words.
    have = set(VocabularyWord.objects.values_list("word", flat=True))
    extra = [w for w in words if w not in have and pinyin.HAN.match(w)][: max(args.vocabulary - total, 0)]
    pinyin.learn_many([extra])
    size = VocabularyWord.objects.count()
    sample = list(VocabularyWord.objects.filter(documents__gt=1).values_list("pinyin", "initials")[:2000])
    rng.shuffle(sample)
    sample = [(p, i) for p, i in sample if len(p) >= pinyin.TOLERANT_FROM][:200]

    def timed(queries: list[str]) -> tuple[float, float, int]:
        times, found = [], 0
        for query in queries:
            began = time.perf_counter()
            found += pinyin.read(query) is not None
            times.append((time.perf_counter() - began) * 1000)
        times.sort()
        return times[len(times) // 2], times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], found

    def off_by_one(text: str) -> str:
        i = rng.randrange(len(text))
        return text[:i] + text[i + 1 :]  # one letter left out

    readings = {
        "full pinyin": timed([p for p, _ in sample]),
        "initials": timed([i for _, i in sample if len(i) >= 2]),
        "one letter left out": timed([off_by_one(p) for p, _ in sample]),
    }

    print(f"database: {connection.vendor}; {args.docs:,} documents a pass, ~{args.chars} characters, "
          f"{terms:.0f} terms a document; batches of {args.batch}")  # fmt: skip
    if segmenting:
        print(f"segmentation (for scale): {2 * args.docs / segmenting:,.0f} documents/s")
    print("| pass | vocabulary after | learn_many documents/s | ms per document | CPU ms per document |")
    print("|---|---:|---:|---:|---:|")
    print(f"| first (empty vocabulary, nothing spelled) | {learned:,} | {args.docs / cold:,.0f} | {1000 * cold / args.docs:.3f} | {1000 * cold_cpu / args.docs:.3f} |")  # fmt: skip
    print(f"| second (new documents, most words known) | {total:,} | {args.docs / warm:,.0f} | {1000 * warm / args.docs:.3f} | {1000 * warm_cpu / args.docs:.3f} |")  # fmt: skip
    print(f"\nreading at {size:,} vocabulary words ({len(sample)} queries each):")
    print("| query | p50 ms | p95 ms | read |")
    print("|---|---:|---:|---:|")
    for name, (p50, p95, found) in readings.items():
        print(f"| {name} | {p50:.2f} | {p95:.2f} | {found} |")


if __name__ == "__main__":
    main()
