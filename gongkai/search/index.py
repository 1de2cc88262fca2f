"""Keeping the search rows in step with what is public; the engine (``search.engine``) follows the rows.

Every store and removal writes a ``SearchChange`` in the same transaction; each app server's tantivy index
applies the log before its next query.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor

from django.db import transaction

from . import engine, registry, segment
from .models import SearchChange, SearchDocument

BODY_LIMIT = 20_000  # characters of a document's body that are indexed (sources cut their bodies to it)
TEXTS = ("title", "keywords", "body")
TERMS = ("terms_title", "terms_keywords", "terms_body")


def _with_terms(fields: dict) -> dict:
    terms = segment.current().terms
    fields.update(zip(TERMS, (terms(fields.get(name, "")) for name in TEXTS), strict=True))
    return fields


def _words_of(terms_title: str, terms_keywords: str, terms_body: str) -> list[str]:
    """Every indexed word of one document (title, keywords and body: pinyin for every word)."""
    return f"{terms_title} {terms_keywords} {terms_body}".split()


def _log(doc_ids: Iterable[int], *, deleted: bool = False) -> None:
    SearchChange.objects.bulk_create([SearchChange(document_id=pk, deleted=deleted) for pk in doc_ids])


@transaction.atomic
def _store(*, source: str, source_id: int, **fields) -> SearchDocument:
    from . import pinyin

    fields = _with_terms(fields)
    if not SearchDocument.objects.filter(source=source, source_id=source_id).exists():
        pinyin.learn(_words_of(*(fields[name] for name in TERMS)))
    doc, _created = SearchDocument.objects.update_or_create(
        source=source, source_id=source_id, defaults=fields
    )
    _log([doc.pk])
    return doc


@transaction.atomic
def _store_rows(
    rows: list[dict], terms: list[tuple[str, str, str]], *, learn: bool = True
) -> list[SearchDocument]:
    """Rows with their terms, stored in one statement (new ones inserted, known ones updated), logged, and
    (``learn``) their words taught to the vocabulary."""
    from . import pinyin

    docs = [
        SearchDocument(**row, **dict(zip(TERMS, t, strict=True))) for row, t in zip(rows, terms, strict=True)
    ]
    fields = [f.name for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    fields = [name for name in fields if name not in ("source", "source_id")]
    docs = SearchDocument.objects.bulk_create(
        docs, update_conflicts=True, unique_fields=["source", "source_id"], update_fields=fields
    )
    if any(doc.pk is None for doc in docs):  # a database that does not return the keys of an upsert
        keys = {
            (s, i): pk
            for pk, s, i in SearchDocument.objects.filter(
                source__in={d.source for d in docs}, source_id__in=[d.source_id for d in docs]
            ).values_list("pk", "source", "source_id")
        }
        for doc in docs:
            doc.pk = keys[(doc.source, doc.source_id)]
    if learn:
        pinyin.learn_many(_words(docs))
    _log(doc.pk for doc in docs)
    return docs


def _words(docs: list[SearchDocument]):
    return (_words_of(doc.terms_title, doc.terms_keywords, doc.terms_body) for doc in docs)


def bulk_store(rows: list[dict]) -> list[SearchDocument]:
    """Index many documents in one go, segmented in this process. Each row holds ``source``, ``source_id``
    and the fields ``_store`` takes."""
    rows = [dict(row) for row in rows]
    cut = segment.current().terms
    terms = [tuple(cut(row.get(name, "")) for name in TEXTS) for row in rows]
    return _store_rows(rows, terms)


class Indexer:
    """Stores batches of rows with their segmentation spread over a pool of processes: while the pool cuts
    the next batches, this process writes the previous one (rows, log); every ``sync_every`` documents the
    engine follows the log. Each pool process also tallies the words of what it cut (documents per word)
    and hands its tally over once, at the end, when the vocabulary learns the summed counts: the words it
    does not know yet are spelled by the pool, each once, and one statement per 5,000 words writes them.
    Use as a context manager."""

    spell_in_pool_from = 1000  # new words from which spelling them is shared out over the pool

    def __init__(self, processes: int | None = None, ahead: int = 4, sync_every: int = 10_000):
        """``processes``: the pool's size (the machine's cores by default; 0 segments in this process)."""
        self.processes = (os.cpu_count() or 1) if processes is None else processes
        self.ahead, self.sync_every = ahead, sync_every
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Indexer:
        from . import pinyin

        self._segmenter = segment.current()
        self._lexicon = pinyin.office_words()
        self._tally = segment.Tally(pinyin.parts_of(self._lexicon))  # this process's, without a pool
        if not self.processes:
            return self
        context = multiprocessing.get_context("spawn")  # no copy of this process's database connection
        self._pool = ProcessPoolExecutor(
            self.processes,
            mp_context=context,
            initializer=segment.start_worker,
            initargs=(self._segmenter.words, self._tally.parts, context.Barrier(self.processes)),
        )
        # Every process started now (each waits for the others), so each takes one tally to drain later.
        for started in [self._pool.submit(segment.started) for _ in range(self.processes)]:
            started.result()
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def _segment(self, texts: list[tuple[str, ...]]) -> Future:
        if self._pool is not None:
            return self._pool.submit(segment.segment_batch, texts)
        done: Future = Future()
        done.set_result(segment.cut(self._segmenter, self._tally, texts))
        return done

    def _drain(self) -> Counter:
        """The Chinese words of every process's tally with their documents, summed (the tallies emptied)."""
        counts = Counter(self._tally.words())
        self._tally = segment.Tally(self._tally.parts)
        if self._pool is not None:
            for words in [self._pool.submit(segment.drain) for _ in range(self.processes)]:
                counts.update(words.result())
        return counts

    def _spell(self, words: list[str]) -> Iterable[tuple[str, str]]:
        """The spellings of new words, shared out over the pool; all spelled when this returns."""
        from . import pinyin

        if self._pool is None or len(words) < self.spell_in_pool_from:
            return pinyin.spell_many(words)
        size = min(-(-len(words) // (4 * self.processes)), 20_000)
        chunks = [words[i : i + size] for i in range(0, len(words), size)]
        lines = list(self._pool.map(pinyin.spell_lines, chunks))
        return (tuple(line.split(" ")) for part in lines for line in part.split("\n"))

    def store(self, batches: Iterable[list[dict]], progress: Callable[[int], None] | None = None,
              stored: Callable[[list[SearchDocument]], None] | None = None, *,
              replace_vocabulary: bool = False) -> int:  # fmt: skip
        """Store every batch; ``progress(n)`` after each with the number stored so far. Returns that number.
        ``replace_vocabulary`` (a rebuild, whose batches hold every public document): the counts replace the
        vocabulary's instead of adding to them."""
        from . import pinyin

        waiting: deque = deque()
        done = unsynced = 0

        def write_oldest() -> None:
            nonlocal done, unsynced
            rows, future = waiting.popleft()
            docs = _store_rows(rows, future.result(), learn=False)
            done += len(docs)
            unsynced += len(docs)
            if stored:
                stored(docs)
            if unsynced >= self.sync_every:
                engine.get().sync()
                unsynced = 0
            if progress:
                progress(done)

        for batch in batches:
            rows = [dict(row) for row in batch]
            texts = [tuple(row.get(name, "") or "" for name in TEXTS) for row in rows]
            waiting.append((rows, self._segment(texts)))
            if len(waiting) > self.ahead:
                write_oldest()
        while waiting:
            write_oldest()
        counts = self._drain()
        pinyin.learn_counts(counts, lexicon=self._lexicon, speller=self._spell, replace=replace_vocabulary)
        engine.get().sync()
        return done


@transaction.atomic
def _remove(source: str, source_id: int) -> None:
    doc = SearchDocument.objects.filter(source=source, source_id=source_id).first()
    if doc is None:
        return
    _log([doc.pk], deleted=True)
    doc.delete()


def index_document(source: str, source_id: int) -> None:
    """Bring one document of ``source`` into step: stored if it is public now, removed if not. Idempotent."""
    found = registry.get(source)
    obj = found.public().filter(pk=source_id).first()
    if obj is None:
        _remove(source, source_id)
        return
    _store(**found.fields(obj))


class Progress:
    """A progress line: documents done of the total, documents per second, the time left."""

    def __init__(self, total: int, write: Callable[[str], None]):
        self.total, self.write, self.began = total, write, time.monotonic()

    def __call__(self, done: int) -> None:
        elapsed = max(time.monotonic() - self.began, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate and self.total > done else 0
        width = 30
        filled = int(width * done / self.total) if self.total else width
        self.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,}  {rate:,.0f} docs/s  "
            f"ETA {int(left) // 60}:{int(left) % 60:02d}"
        )


def rebuild(
    batch: int = 500, processes: int | None = None, progress_to: Callable[[str], None] | None = None
) -> int:
    """Index everything public again while the site serves: rows are updated in place (a search meanwhile
    finds every document, old or new version), the vocabulary is replaced at the end (pinyin input answers
    from the old one meanwhile), then the rows of documents no longer public go. Returns the number of
    documents."""
    sources = registry.sources()
    total = sum(source.public().count() for source in sources)
    seen: dict[str, set[int]] = {source.name: set() for source in sources}

    def batches():
        for source in sources:
            rows = []
            for obj in source.public().iterator(chunk_size=batch):
                rows.append(source.fields(obj))
                seen[source.name].add(obj.pk)
                if len(rows) == batch:
                    yield rows
                    rows = []
            if rows:
                yield rows

    if processes is None and total < 2_000:
        processes = 0  # starting a pool costs more than it saves
    with Indexer(processes) as indexer:
        indexer.store(
            batches(), progress=Progress(total, progress_to) if progress_to else None, replace_vocabulary=True
        )
    stale = [
        pk
        for pk, name, source_id in SearchDocument.objects.values_list("pk", "source", "source_id").iterator()
        if source_id not in seen.get(name, ())
    ]
    for start in range(0, len(stale), 1_000):
        with transaction.atomic():
            chunk = stale[start : start + 1_000]
            _log(chunk, deleted=True)
            SearchDocument.objects.filter(pk__in=chunk).delete()
    engine.get().sync()
    if progress_to:
        progress_to("\n")
    return SearchDocument.objects.count()
