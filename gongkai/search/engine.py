"""The search engine: a tantivy index per app server, derived from the database.

The database is the source of truth: ``SearchDocument`` rows (with their segmented terms) and the append-only
``SearchChange`` log written in the same transaction as every store and removal. Each app server keeps its own
index directory (``GONGKAI_SEARCH_INDEX_DIR``) as a cache of those rows. Before a query the engine reads the
log's head (one query on its primary key) and, when the index is behind, applies the changes past the last one
it applied, under a file lock (fcntl) so that the workers of one machine share one writer; the others reload.
An index that is missing, of another schema or database, or ahead of the database (a database restored from a
backup, a test's rolled-back transaction) is rebuilt from the rows. Several app servers thus share one index
state through the database; no index file is ever copied.

The directory holds ``state.json`` (which generation is current and the last change applied: its id and its
time, so a log rolled back and written again is told apart), ``lock``, and the generations ``gen-N/`` (a rebuild
writes a new one while the old one still answers).

Terms are pre-segmented (``segment.index_terms``: space-separated, lower case) and indexed with tantivy's
whitespace tokenizer; the facets are fast fields counted by terms aggregations over the whole result set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection

SCHEMA_VERSION = 2  # 2: valid_until (validity derived from the dates at query time)
TITLE_WEIGHT, KEYWORDS_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0
TEXT_FIELDS = (("title", TITLE_WEIGHT), ("keywords", KEYWORDS_WEIGHT), ("body", BODY_WEIGHT))
STRING_FACETS = ("kind", "topic", "genre", "validity", "key_areas")
NO_DATE = -(2**62)  # published_at of a document without a date: last when sorting by date
CHUNK = 5_000  # changes applied per commit when catching up
LOCK_WAIT = 0.5  # seconds a reader waits for another process's writer before answering from what it has
NO_END = dt.date.max.toordinal()  # valid_until of a document valid without end (or of no validity at all)
ROW_FIELDS = ("pk", "title", "terms_title", "terms_keywords", "terms_body", "kind", "unit_id", "topic",
              "genre", "validity", "key_areas", "year", "published_at", "valid_until")  # fmt: skip


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name, _weight in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("title_text", stored=True, tokenizer_name="raw", index_option="basic")
    for name in STRING_FACETS:
        builder.add_text_field(name, stored=name == "validity", tokenizer_name="raw", fast=True,
                               index_option="basic")  # fmt: skip
    builder.add_integer_field("unit", indexed=True, fast=True)  # 0: no unit (the city's gazette)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("published", stored=True, indexed=True, fast=True)  # seconds since the epoch
    builder.add_integer_field("valid_until", stored=True, indexed=True, fast=True)  # date.toordinal(); NO_END
    return builder.build()


SCHEMA = _schema()


def _published(value) -> int:
    return int(value.timestamp()) if value is not None else NO_DATE


def published_at(seconds: int):
    return None if seconds == NO_DATE else dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


def _valid_until(value) -> int:
    if isinstance(value, str):  # read past the ORM
        value = dt.date.fromisoformat(value) if value else None
    return value.toordinal() if value is not None else NO_END


def validity_on(stored: str, valid_until: int, today: dt.date) -> str:
    """A document's validity on ``today``: valid with its period run out is expired from the next day on,
    whether or not the source has recorded it yet (``InformationItem.current_validity``, the same rule)."""
    return "expired" if stored == "valid" and valid_until < today.toordinal() else stored


def document(row: tuple) -> tantivy.Document:
    """The engine's document for a row of ``ROW_FIELDS``."""
    (pk, title, t_title, t_keywords, t_body, kind, unit, topic, genre, validity, key_areas, year, published,
     valid_until) = row  # fmt: skip
    if isinstance(key_areas, str):  # JSON text, read past the ORM
        key_areas = json.loads(key_areas or "[]")
    doc = tantivy.Document(
        id=pk,
        title=t_title,
        keywords=t_keywords,
        body=t_body,
        title_text=title,
        kind=kind,
        validity=validity,
        unit=unit or 0,
        published=_published(published),
        valid_until=_valid_until(valid_until),
    )
    for name, value in (("topic", topic), ("genre", genre)):
        if value:
            doc.add_text(name, value)
    for code in dict.fromkeys(key_areas or ()):
        doc.add_text("key_areas", str(code))
    if year is not None:
        doc.add_integer("year", year)
    return doc


def _database() -> str:
    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


def _head() -> tuple[int, str]:
    """The log's last change: (id, time) — (0, "") for an empty log. One query on the primary key."""
    from .models import SearchChange

    last = SearchChange.objects.order_by("-pk").values_list("pk", "at").first()
    return (last[0], last[1].isoformat()) if last else (0, "")


def prune_changes(keep_days: int, now: dt.datetime | None = None) -> int:
    """Delete the change log's entries older than ``keep_days``, never its newest one (the head every index
    compares itself with). An index that last applied a deleted change can no longer catch up change by
    change; ``Engine._usable`` finds its change gone and rebuilds it from the rows, so pruning loses nothing.
    Returns how many entries went."""
    from django.utils import timezone

    from .models import SearchChange

    head = _head()[0]
    if not head:
        return 0
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    deleted, _ = SearchChange.objects.filter(pk__lt=head, at__lt=cutoff).delete()
    return deleted


@dataclass
class Candidate:
    id: int
    score: float
    title: str
    validity: str
    published_at: dt.datetime | None


class Engine:
    """One index directory, opened once per process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.index: tantivy.Index | None = None
        self.generation: int | None = None
        self.applied: tuple[int, str] | None = None  # the change the open index is at
        self._lock = threading.Lock()

    # --- the directory -------------------------------------------------------------------------------------
    def _state(self) -> dict:
        try:
            return json.loads((self.path / "state.json").read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def _write_state(self, state: dict) -> None:
        temporary = self.path / "state.json.tmp"
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.path / "state.json")

    @contextlib.contextmanager
    def _locked(self, wait: float | None):
        """The directory's write lock; with ``wait``, yields False when another process holds it longer."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "lock", "a") as handle:
            deadline = None if wait is None else time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if wait is not None else 0))
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.01)
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open(self, state: dict) -> None:
        if self.generation != state["generation"] or self.index is None:
            self.index = tantivy.Index(SCHEMA, path=str(self.path / f"gen-{state['generation']}"), reuse=True)
            self.generation = state["generation"]
        else:
            self.index.reload()
        self.applied = tuple(state["applied"])

    # --- keeping up with the database -------------------------------------------------------------------------
    def sync(self) -> None:
        """Bring the index up to the database's change log (see the module's description)."""
        head = _head()
        if self.index is not None and self.applied == head:
            return
        with self._lock:
            if self.index is not None and self.applied == head:
                return
            with self._locked(LOCK_WAIT if self.index is not None else None) as locked:
                if not locked:  # another process is writing: answer from what it has committed so far
                    self._open(self._state())
                    return
                state = self._state()
                if not self._usable(state, head):
                    state = self._rebuild(state)
                elif tuple(state["applied"]) != head:
                    state = self._catch_up(state)
                self._open(state)

    def _usable(self, state: dict, head: tuple[int, str]) -> bool:
        from .models import SearchChange

        if state.get("schema") != SCHEMA_VERSION or state.get("database") != _database():
            return False
        if not (self.path / f"gen-{state.get('generation')}").is_dir():
            return False
        applied_id, applied_at = state["applied"]
        if applied_id > head[0]:
            return False  # ahead of the database: restored from a backup, or rolled back
        if applied_id and (applied_id, applied_at) != head:
            at = SearchChange.objects.filter(pk=applied_id).values_list("at", flat=True).first()
            return at is not None and at.isoformat() == applied_at  # else: a log rewritten since
        return True

    def _rebuild(self, state: dict) -> dict:
        """A new generation from every row; the log's head is read first, so the changes after it (applied
        again later) are never missed."""
        from .models import SearchDocument

        head = _head()
        generation = int(state.get("generation") or 0) + 1
        directory = self.path / f"gen-{generation}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        index = tantivy.Index(SCHEMA, path=str(directory))
        writer = index.writer(heap_size=200_000_000, num_threads=2)
        for row in SearchDocument.objects.order_by().values_list(*ROW_FIELDS).iterator(chunk_size=2_000):
            writer.add_document(document(row))
        writer.commit()
        writer.wait_merging_threads()
        state = {"schema": SCHEMA_VERSION, "database": _database(), "generation": generation, "applied": head}
        self._write_state(state)
        for old in self.path.glob("gen-*"):  # processes that still have an old one open keep reading it
            if old != directory:
                shutil.rmtree(old, ignore_errors=True)
        return state

    def _catch_up(self, state: dict) -> dict:
        from .models import SearchChange, SearchDocument

        index = tantivy.Index(SCHEMA, path=str(self.path / f"gen-{state['generation']}"), reuse=True)
        writer = index.writer(heap_size=100_000_000, num_threads=1)
        applied = tuple(state["applied"])
        while True:
            changes = list(
                SearchChange.objects.filter(pk__gt=applied[0])
                .order_by("pk")
                .values_list("pk", "at", "document_id")[:CHUNK]
            )
            if not changes:
                break
            ids = list(dict.fromkeys(document_id for _pk, _at, document_id in changes))
            for document_id in ids:
                writer.delete_documents_by_term("id", document_id)
            for start in range(0, len(ids), 1_000):
                rows = SearchDocument.objects.filter(pk__in=ids[start : start + 1_000]).values_list(
                    *ROW_FIELDS
                )
                for row in rows:
                    writer.add_document(document(row))
            writer.commit()
            applied = (changes[-1][0], changes[-1][1].isoformat())
            state = {**state, "applied": applied}
            self._write_state(state)
        writer.wait_merging_threads()
        return state

    # --- queries --------------------------------------------------------------------------------------------
    def searcher(self) -> tantivy.Searcher:
        self.sync()
        return self.index.searcher()


_engines: dict[Path, Engine] = {}
_engines_lock = threading.Lock()


def get() -> Engine:
    """The engine of the configured directory (one per process; tests give each test a directory)."""
    path = Path(settings.GONGKAI_SEARCH_INDEX_DIR)
    found = _engines.get(path)
    if found is None:
        with _engines_lock:
            _engines.clear()
            found = _engines[path] = Engine(path)
    return found


# --- building queries ---------------------------------------------------------------------------------------
Q = tantivy.Query
MUST, SHOULD, MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def _term(term: str) -> tantivy.Query:
    """A term anywhere in a document, weighted by the field it stands in."""
    return Q.boolean_query(
        [(SHOULD, Q.boost_query(Q.term_query(SCHEMA, name, term), weight)) for name, weight in TEXT_FIELDS]
    )


def _alternative(alternative) -> tantivy.Query:
    if isinstance(alternative, tuple):
        return Q.boolean_query([(MUST, _term(t)) for t in alternative])
    return _term(alternative)


def text_query(groups: list[list]) -> tantivy.Query:
    """Every group must match; any alternative of a group will do; a tuple's terms must all be there."""
    return Q.boolean_query(
        [(MUST, Q.boolean_query([(SHOULD, _alternative(a)) for a in group])) for group in groups]
    )


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def ran_out(today: dt.date) -> tantivy.Query:
    """Documents recorded as valid whose validity period ended before ``today``: expired today."""
    return Q.boolean_query([
        (MUST, Q.term_query(SCHEMA, "validity", "valid")),
        (MUST, Q.range_query(SCHEMA, "valid_until", tantivy.FieldType.Integer, None, today.toordinal() - 1)),
    ])  # fmt: skip


def in_validity(value: str, today: dt.date) -> tantivy.Query:
    """Documents whose validity on ``today`` is ``value`` (``validity_on``): derived from the dates, so a
    period that ran out counts as expired before the source records it."""
    recorded = Q.term_query(SCHEMA, "validity", value)
    if value == "expired":
        return Q.boolean_query([(SHOULD, recorded), (SHOULD, ran_out(today))])
    if value == "valid":
        return Q.boolean_query([(MUST, recorded), (MUST_NOT, ran_out(today))])
    return recorded


def restricted(query: tantivy.Query, filters: dict, units: tuple[set[int], bool] | None = None,
               ids: list[int] | None = None, today: dt.date | None = None) -> tantivy.Query:  # fmt: skip
    """``query`` within the ``filters`` (facet values as given in a request), the ``units`` of a scope (unit ids,
    and whether documents of no unit count) and the document ``ids``."""
    clauses = [(MUST, query)]
    for name, field in (("kind", "kind"), ("topic", "topic"), ("genre", "genre"), ("validity", "validity"),
                        ("key_area", "key_areas"), ("unit", "unit"), ("year", "year")):  # fmt: skip
        value = filters.get(name)
        if value in (None, ""):
            continue
        if field == "validity":
            clauses.append((MUST, in_validity(str(value), today or _today())))
            continue
        if field in ("unit", "year"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                return Q.empty_query()
        clauses.append((MUST, Q.term_query(SCHEMA, field, value if isinstance(value, int) else str(value))))
    if units is not None:
        unit_ids, with_unitless = units
        clauses.append(
            (MUST, Q.term_set_query(SCHEMA, "unit", sorted(unit_ids | ({0} if with_unitless else set()))))
        )
    if ids is not None:
        clauses.append((MUST, Q.term_set_query(SCHEMA, "id", ids)))
    return Q.boolean_query(clauses) if len(clauses) > 1 else query


# --- answering ----------------------------------------------------------------------------------------------
FACET_FIELDS = {"kind": "kind", "unit": "unit", "topic": "topic", "genre": "genre", "year": "year",
                "validity": "validity", "key_area": "key_areas"}  # fmt: skip
FACET_BUCKETS = 10_000  # more than any facet has values: the counts are exact


def count(searcher: tantivy.Searcher, query: tantivy.Query) -> int:
    return searcher.search(query, 1, count=True).count


def facets(searcher: tantivy.Searcher, query: tantivy.Query, today: dt.date | None = None) -> dict[str, dict]:
    """Per facet, value -> number of matching documents, over the whole result set (one aggregation). The
    validity is counted as of ``today``: those recorded valid whose period ran out count as expired."""
    spec = {
        name: {"terms": {"field": field, "size": FACET_BUCKETS, "segment_size": FACET_BUCKETS}}
        for name, field in FACET_FIELDS.items()
    }
    found = searcher.aggregate(query, spec)
    out = {}
    for name in FACET_FIELDS:
        counts = {bucket["key"]: bucket["doc_count"] for bucket in found.get(name, {}).get("buckets", ())}
        counts.pop("", None)
        if name == "unit":
            counts.pop(0, None)
        out[name] = counts
    if out["validity"].get("valid"):
        moved = count(searcher, Q.boolean_query([(MUST, query), (MUST, ran_out(today or _today()))]))
        if moved:
            validity = out["validity"]
            validity["valid"] -= moved
            validity["expired"] = validity.get("expired", 0) + moved
            if not validity["valid"]:
                del validity["valid"]
    return out


def counted(searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> tantivy.SearchResult:
    """The exact number of matches and the best ``limit`` by BM25, in one pass."""
    return searcher.search(query, limit, count=True)


def candidates(searcher: tantivy.Searcher, found: tantivy.SearchResult, today: dt.date | None = None
               ) -> list[Candidate]:  # fmt: skip
    today = today or _today()
    out = []
    for score, address in found.hits:
        stored = searcher.doc(address)
        out.append(
            Candidate(
                id=stored.get_first("id"),
                score=score,
                title=stored.get_first("title_text") or "",
                validity=validity_on(
                    stored.get_first("validity") or "", stored.get_first("valid_until") or NO_END, today
                ),
                published_at=published_at(stored.get_first("published")),
            )
        )
    return out


def newest(searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int = 0) -> list[int]:
    """Document ids, newest first (by publication date)."""
    if limit <= 0:
        return []
    found = searcher.search(query, limit, count=False, order_by_field="published", offset=offset)
    return searcher.fast_field_values("id", [address for _key, address in found.hits])


def ids(searcher: tantivy.Searcher, query: tantivy.Query, limit: int = 200_000) -> list[int]:
    found = searcher.search(query, limit, count=False)
    return searcher.fast_field_values("id", [address for _score, address in found.hits])
