"""The search service: query understanding, ranking with field weights, boosts and click feedback, facets."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import engine, lexicon, registry
from .models import VALIDITY_LABELS, ClickLog, QueryLog, SearchDocument

CANDIDATES = 100  # ranked by every signal; the matching documents beyond them follow, newest first
PAGE_SIZE = 10
FACETS = ("kind", "unit", "topic", "genre", "year", "validity", "key_area")
# A new document is lifted by at most RECENCY_BOOST, fading over years: a policy in force for five years must
# not sink below this month's notices (the judged set in tests/search caught exactly that with 0.5 over one year).
RECENCY_BOOST, RECENCY_DAYS = 0.2, 730
TITLE_BOOST = 1.3  # the query, as typed, stands in the title
VALIDITY_BOOST = {"valid": 1.0, "amended": 0.7, "expired": 0.6, "repealed": 0.5}
CLICK_WEIGHT, SKIP_WEIGHT = 0.5, 0.2  # at most: text relevance is normalized to 0..1 over the candidates
MIN_SESSIONS = 3  # below this many distinct people choosing results for a query, clicks change nothing
FEEDBACK_DAYS = 180
LABELS_SECONDS = 300  # a renamed unit shows its new name in the facets within this time
# Words of a plain-language question that documents do not contain (如何办理 -> 办理 stays).
QUESTION_WORDS = {"怎么", "怎样", "怎么样", "如何", "什么", "哪里", "哪儿", "哪些", "多少", "请问", "吗", "呢",
                  "吧", "啊", "呀", "能", "能否", "可以", "需要", "要", "我", "我们", "想", "交", "办"}  # fmt: skip


@dataclass
class Hit:
    doc: SearchDocument
    score: float
    snippet: str


@dataclass
class Results:
    query: str
    words: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    redirect: str | None = None
    took_ms: float = 0.0
    read_as: str | None = None  # a pinyin query read as this Chinese word
    best_bets: list = field(default_factory=list)
    suggestion: str | None = None  # "did you mean": a corrected query that finds something
    relaxed: bool = False  # no document had every word: these have the content words, or some of them


@dataclass(frozen=True)
class Scope:
    """Where a search looks: documents of the units below ``root`` (a materialized path, "/1/31/"), except
    those below the ``exclude`` paths (nested portals), and documents of no unit (the city's gazette) only
    ``with_unitless``. The site layer says which; search knows only paths. ``None`` searches everything."""

    root: str
    exclude: tuple[str, ...] = ()
    with_unitless: bool = False

    def q(self) -> Q:
        from gongkai.core.models import Organization

        units = Organization.objects.filter(path__startswith=self.root)
        for path in self.exclude:
            units = units.exclude(path__startswith=path)
        q = Q(unit_id__in=units.values("pk"))
        return q | Q(unit__isnull=True) if self.with_unitless else q

    def units(self) -> tuple[set[int], bool]:
        """The unit ids in the scope, and whether documents of no unit are (for the engine)."""
        from gongkai.core.models import Organization

        units = Organization.objects.filter(path__startswith=self.root)
        for path in self.exclude:
            units = units.exclude(path__startswith=path)
        return set(units.values_list("pk", flat=True)), self.with_unitless


def _scoped(queryset, scope: Scope | None):
    return queryset.filter(scope.q()) if scope is not None else queryset


def normalize(query: str) -> str:
    return " ".join(query.strip().split())[:100]


def _direct(query: str, scope: Scope | None = None) -> str | None:
    """A document number or an index number typed alone leads straight to that document (in the scope)."""
    documents = _scoped(SearchDocument.objects.all(), scope)
    for number in registry.doc_numbers(query):
        found = documents.filter(doc_number=number).first()
        if found:
            return found.url
    if not any(c.isdigit() for c in query):  # an index number always has digits: no query for words
        return None
    found = documents.filter(index_no=query.strip()).first()
    return found.url if found else None


def feedback(query: str, doc_ids: list[int]) -> dict[int, float]:
    """Per document: CLICK_WEIGHT x the share of the query's distinct clicking sessions that chose it, minus
    SKIP_WEIGHT x the share that skipped it (shown above a result they chose). A session counts once however
    often it clicks, and nothing moves until MIN_SESSIONS different sessions have chosen something."""
    since = timezone.now() - dt.timedelta(days=FEEDBACK_DAYS)
    clicks = list(
        ClickLog.objects.filter(query=query, created_at__gte=since)
        .values_list("document_id", "session")
        .distinct()
    )
    clicked_by_session: dict[str, set[int]] = {}
    for doc, session in clicks:
        clicked_by_session.setdefault(session, set()).add(doc)
    sessions = len(clicked_by_session)
    if sessions < MIN_SESSIONS:
        return dict.fromkeys(doc_ids, 0.0)
    chosen = Counter(doc for doc, _session in clicks)
    skipped: Counter = Counter()
    counted: set[tuple[str, int]] = set()
    for session, shown in QueryLog.objects.filter(query=query, created_at__gte=since).values_list(
        "session", "shown"
    ):
        clicked = clicked_by_session.get(session, set())
        last = max((shown.index(d) for d in clicked if d in shown), default=-1)
        for doc in shown[:last]:
            if doc not in clicked and (session, doc) not in counted:
                counted.add((session, doc))
                skipped[doc] += 1
    return {
        doc: CLICK_WEIGHT * chosen[doc] / sessions - SKIP_WEIGHT * skipped[doc] / sessions for doc in doc_ids
    }


def _recency(published_at, now) -> float:
    if published_at is None:
        return 1.0
    age_days = max((now - published_at).days, 0)
    return 1.0 + RECENCY_BOOST * math.exp(-age_days / RECENCY_DAYS)


def highlight(text: str, words: list[str], width: int = 90) -> str:
    plain = " ".join(text.split())
    lowered = plain.lower()
    positions = [lowered.find(w) for w in words if w and lowered.find(w) >= 0]
    start = max(min(positions) - 20, 0) if positions else 0
    window = plain[start : start + width]
    out = escape(window)
    for word in sorted(set(words), key=len, reverse=True):
        if word:
            out = out.replace(escape(word), f"<mark>{escape(word)}</mark>")
    return mark_safe(("…" if start else "") + out + ("…" if start + width < len(plain) else ""))  # noqa: S308 - escaped above


def search(
    query: str,
    *,
    filters: dict | None = None,
    sort: str = "relevance",
    page: int = 1,
    session: str = "",
    scope: Scope | None = None,
) -> Results:
    """``scope``: the portal's part of the index (本站); None for everything (全市)."""
    began = time.perf_counter()
    filters = filters or {}
    query = normalize(query)
    results = Results(query=query, page=max(page, 1))
    if not query:
        return results
    phrase = query[1:-1] if len(query) > 2 and query[0] in '"“' and query[-1] in '"”' else None
    if phrase is None and (target := _direct(query, scope)):
        results.redirect = target
        return results
    from . import pinyin

    if phrase is None and (word := pinyin.read(query)):
        results.read_as = word
    lex = lexicon.current()  # read once: every step of this search uses the same words
    results.best_bets = lex.best_bets(query, read_as=results.read_as)
    words = lex.segmenter.query_words(phrase or results.read_as or query)
    results.words = words
    if not words:
        return results
    searcher = engine.get().searcher()
    units = scope.units() if scope is not None else None
    groups = query_groups(words, lex)
    matching = _matching(searcher, groups, filters, phrase, units)
    found = engine.counted(searcher, matching, CANDIDATES)
    if not found.count and phrase is None and not filters_given(filters):
        results.suggestion = did_you_mean(query, scope, lex)
    if not found.count and phrase is None:
        # Every word, long words also as their parts; then (plain-language search: 养老保险怎么交) without the
        # question words; then any word, best match first.
        content = [w for w in words if w not in QUESTION_WORDS] or words
        ladder = [(query_groups(words, lex, split_all=True), False)]
        if content != words:
            ladder.append((query_groups(content, lex, split_all=True), True))
        if len(content) > 1:
            ladder.append(
                ([[a for group in query_groups(content, lex, split_all=True) for a in group]], True)
            )
        for relaxed, partial in ladder:
            if relaxed != groups:
                matching = _matching(searcher, relaxed, filters, phrase, units)
                found = engine.counted(searcher, matching, CANDIDATES)
                if found.count:
                    groups, results.relaxed = relaxed, partial
                    break
    results.total = total = found.count
    results.pages = math.ceil(results.total / PAGE_SIZE)
    results.facets = facet_counts(engine.facets(searcher, matching) if total else {})
    offset = (results.page - 1) * PAGE_SIZE
    wanted = offset + PAGE_SIZE
    if not total or offset >= total:
        page = []
    elif sort == "date":
        page = [(pk, 0.0) for pk in engine.newest(searcher, matching, PAGE_SIZE, offset)]
    else:
        page = _ranked_page(
            query, engine.candidates(searcher, found), searcher, matching, total, offset, wanted
        )
    docs = SearchDocument.objects.select_related("unit").defer("terms_body", "terms_title", "terms_keywords")
    by_pk = docs.in_bulk([pk for pk, _score in page])
    scored = [(by_pk[pk], score) for pk, score in page if pk in by_pk]
    results.hits = [Hit(doc=doc, score=score, snippet=highlight(doc.body, words)) for doc, score in scored]
    QueryLog.objects.create(
        query=query, session=session or "-", results=results.total, shown=[h.doc.pk for h in results.hits]
    )
    results.took_ms = (time.perf_counter() - began) * 1000
    return results


def _matching(searcher, groups, filters: dict, phrase: str | None, units) -> engine.tantivy.Query:
    """The engine's query for ``groups`` within the filters and the scope's units. A phrase ("...") is checked
    against the stored text: the matching documents that contain it, as a set of ids."""
    query = engine.restricted(engine.text_query(groups), filters, units)
    if phrase:
        found = engine.ids(searcher, query)
        kept = list(
            SearchDocument.objects.filter(pk__in=found)
            .filter(Q(title__contains=phrase) | Q(body__contains=phrase))
            .values_list("pk", flat=True)
        ) if found else []  # fmt: skip
        query = engine.restricted(query, {}, ids=kept)
    return query


def query_groups(words: list[str], lex: lexicon.Lexicon, *, split_all: bool = False) -> list[list]:
    """Per query word, the alternatives any of which will do: the word, its synonyms, and its parts all
    together, for the office's domain words (双随机一公开 also finds “双随机、一公开”) or, with ``split_all``, any
    word of three or more characters (tried when nothing has the whole words: the parts widen the search)."""
    groups = []
    for group in lex.groups(words):
        alternatives: list = list(group)
        for word in group:
            if (
                len(word) >= 3
                and (split_all or lex.segmenter.is_domain_word(word))
                and (parts := lex.segmenter.parts(word))
            ):
                alternatives.append(tuple(parts))
        groups.append(alternatives)
    return groups


def _ranked_page(query: str, candidates: list, searcher, matching, total: int, offset: int, wanted: int):
    """(pk, score) of the page: BM25 of the best candidates (the engine's, field-weighted) times the validity,
    recency and title boosts, normalized to 0..1, plus the click feedback; the matching documents beyond the
    candidates follow, newest first."""
    now = timezone.now()
    bonus = feedback(query, [c.id for c in candidates])
    compact = query.strip('"“”').replace(" ", "")
    text = {
        c.id: c.score
        * VALIDITY_BOOST.get(c.validity, 1.0)
        * _recency(c.published_at, now)
        * (TITLE_BOOST if compact in c.title else 1.0)
        for c in candidates
    }
    top = max(text.values(), default=1.0) or 1.0
    page = heapq.nsmallest(wanted, ((pk, t / top + bonus.get(pk, 0.0)) for pk, t in text.items()),
                           key=lambda pair: (-pair[1], -pair[0]))  # fmt: skip
    if len(page) < wanted and total > len(text):
        rest = [pk for pk in engine.newest(searcher, matching, wanted + len(text)) if pk not in text]
        page += [(pk, 0.0) for pk in rest[: wanted - len(page)]]
    return page[offset:]


def filters_given(filters: dict) -> bool:
    return any(value not in (None, "") for value in filters.values())


def _found(query: str, scope: Scope | None = None, lex: lexicon.Lexicon | None = None) -> int:
    """How many documents ``query``'s words find (in the scope)."""
    lex = lex or lexicon.current()
    words = lex.segmenter.query_words(query)
    if not words:
        return 0
    units = scope.units() if scope is not None else None
    query = engine.restricted(engine.text_query(query_groups(words, lex)), {}, units)
    return engine.count(engine.get().searcher(), query)


def finds_something(query: str, scope: Scope | None) -> bool:
    return _found(query, scope) > 0


def in_scope(queries: list[str], scope: Scope | None, limit: int) -> list[str]:
    """The first ``limit`` of ``queries`` that find something in ``scope`` (all of them without a scope)."""
    if scope is None:
        return queries[:limit]
    kept: list[str] = []
    for query in queries:
        if len(kept) >= limit:
            break
        if finds_something(query, scope):
            kept.append(query)
    return kept


def did_you_mean(query: str, scope: Scope | None = None, lex: lexicon.Lexicon | None = None) -> str | None:
    """A corrected query that finds something, or None. Chinese typos are mostly homophones typed through a
    pinyin input method (社报 for 社保) or one wrong character in a longer word (医疗保检 for 医疗保险): each run
    of Chinese characters is read left to right, keeping known words and replacing unknown stretches by the
    known word that sounds the same or differs in one character, preferring the word more documents use."""
    from . import pinyin

    corrected = pinyin.correct_query(query)
    if corrected == query:
        return None
    return corrected if _found(corrected, scope, lex) else None


def suggest(prefix: str, limit: int = 8, scope: Scope | None = None) -> list[str]:
    """Completions for what is being typed: queries many people searched with results, the office's pinned
    queries, and words of indexed titles (also by pinyin and initials). With a ``scope``, only completions
    that find something there (the vocabulary and the query log serve the whole platform)."""
    if scope is not None:
        return in_scope(suggest(prefix, limit * 2), scope, limit)
    from . import pinyin
    from .models import BestBet, VocabularyWord

    prefix = normalize(prefix)[:30]
    if not prefix:
        return []
    out: list[str] = []

    def add(values):
        for value in values:
            if value not in out and len(out) < limit:
                out.append(value)

    add(
        BestBet.objects.filter(is_active=True, query__startswith=prefix).values_list("query", flat=True)[
            :limit
        ]
    )
    add(popular(prefix=prefix, limit=limit))
    latin = prefix.lower().replace(" ", "")
    words = VocabularyWord.objects.order_by("-documents", "word")
    if pinyin.LATIN.match(latin):
        add(
            words.filter(Q(pinyin__startswith=latin) | Q(initials__startswith=latin)).values_list(
                "word", flat=True
            )[:limit]
        )
    else:
        add(words.filter(word__startswith=prefix).exclude(word=prefix).values_list("word", flat=True)[:limit])
    return out


def popular(*, prefix: str = "", days: int = 30, limit: int = 10) -> list[str]:
    """Queries that found something for several different people lately (hot searches). A query only one or
    two people typed is never shown to others: it may hold a name or a number."""
    from gongkai.core import masking

    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        QueryLog.objects.filter(created_at__gte=since, results__gt=0, query__startswith=prefix)
        .values("query")
        .annotate(people=Count("session", distinct=True))
        .filter(people__gte=MIN_SESSIONS)
        .order_by("-people", "query")[: limit * 2]
    )
    return [row["query"] for row in rows if masking.text(row["query"]) == row["query"]][:limit]


def facet_counts(counts: dict[str, dict]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per facet from the engine's counts over the whole result set, most frequent
    first, at most 20 values each."""
    from gongkai.core.models import Organization

    from .models import Kind

    def looked_up(name: str, values: list) -> dict:
        """Unit names and the sources' labels, kept a few minutes in the cache (a query each otherwise)."""
        if not values:
            return {}
        key = f"search:labels:{name}:" + hashlib.sha1(repr(values).encode()).hexdigest()  # noqa: S324 - a key
        labels = cache.get(key)
        if labels is None:
            if name == "unit":
                labels = dict(Organization.objects.filter(pk__in=values).values_list("pk", "name"))
            else:
                labels = registry.facet_labels(name, values)
            cache.set(key, labels, LABELS_SECONDS)
        return labels

    out: dict[str, list[tuple[str, str, int]]] = {}
    for name in FACETS:
        values = sorted(counts.get(name, {}).items(), key=lambda pair: (-pair[1], str(pair[0])))[:20]
        if name == "kind":
            labels = dict(Kind.choices)
        elif name == "validity":
            labels = VALIDITY_LABELS
        else:
            labels = looked_up(name, [v for v, _ in values])
        out[name] = [(str(v), str(labels.get(v, v)), n) for v, n in values]
    return out


def record_click(*, query: str, document_id: int, position: int, session: str) -> str | None:
    """Log a chosen result and return where it leads; None if the document is gone."""
    doc = SearchDocument.objects.filter(pk=document_id).first()
    if doc is None:
        return None
    ClickLog.objects.create(query=normalize(query), session=session or "-", document=doc, position=position)
    return doc.url
