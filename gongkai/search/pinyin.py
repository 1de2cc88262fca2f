"""Pinyin input: a query typed in Latin letters is read as full pinyin or initials (shebao, sb -> 社保).

The vocabulary (``VocabularyWord``) learns every Chinese word of every indexed document (title, keywords and
body terms) and the office's lexicon (domain words and both sides of every synonym), each with its full
pinyin, its initials and the pinyin reversed (for the one-letter tolerance below). Spelling needs pypinyin
(~55 MB of dictionaries), loaded only when a word is first spelled (indexing, the task worker); reading a
query uses the stored columns only, so a web worker that only answers queries never loads it.

Reading rule (``read``): a Latin query of 2-30 letters (spaces ignored) is the word whose full pinyin or
initials equal it, the word in more documents first. When none does and the query has at least
``TOLERANT_FROM`` letters, it is the word whose full pinyin is one edit away (one letter inserted, deleted or
replaced, or two neighbouring letters swapped: shebo, shebaoo, shbeao -> 社保), the word in more documents
first. Initials are matched exactly only: two to four letters are one edit away from too many words.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length

LATIN = re.compile(r"^[a-z]{2,30}$")
HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
LONGEST = 6  # characters of the longest window tried as one word when correcting
TOLERANT_FROM = 5  # letters a query needs before one wrong letter is forgiven
NEAR_LIMIT = 5000  # candidates read per side (prefix, suffix) for the one-letter tolerance
CHUNK_UPDATE = 5000  # words whose counts one statement raises (one parameter: a JSON object or two arrays)
SPELLED_MAX = 200_000  # words whose spelling a process keeps (~40 MB at most)

_spelled: dict[str, tuple[str, str]] = {}


def spell(word: str) -> tuple[str, str]:
    """Full pinyin and initials of ``word`` (社保 -> shebao, sb), remembered per process: a rebuild or a
    second batch with the same words spells nothing again."""
    known = _spelled.get(word)
    if known is not None:
        return known
    # pypinyin's dictionaries take ~55 MB: loaded on the first word spelled (indexing; correcting a Chinese
    # query that found nothing), so a web worker that does neither does not hold them.
    from pypinyin.seg.mmseg import seg

    # lazy_pinyin cuts a word into the phrases of its dictionary (longest first) and single characters, then
    # spells each; doing the same with each piece's spelling remembered gives the same letters ten times
    # faster, since pieces repeat across words far more than words do.
    syllables = [s for piece in seg.cut(word) for s in _spell_piece(piece)]
    # The first letter of each syllable is what Style.FIRST_LETTER gives, without a second pass.
    spelled = "".join(syllables), "".join(s[:1] for s in syllables)
    if len(_spelled) >= SPELLED_MAX:
        _spelled.clear()
    _spelled[word] = spelled
    return spelled


@functools.lru_cache(maxsize=100_000)
def _spell_piece(piece: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(piece))


def learn(words: Iterable[str]) -> None:
    """Add the Chinese words of one indexed document to the vocabulary, counting documents."""
    learn_many([words])


@transaction.atomic
def learn_many(documents: Iterable[Iterable[str]]) -> None:
    """Learn the words of a batch of documents (each item: one document's terms, any order, repeats allowed),
    and the office's lexicon (domain words and synonyms; a lexicon word the segmenter cuts into parts, such
    as 营商环境 -> 营商 环境, counts the documents that hold all its parts). One statement per 5,000 words
    raises the counts of known words and names them; only the new words are spelled, and inserted in one
    more. Three statements for a batch of 200 documents, however many words."""
    from .models import VocabularyWord

    lexicon = _lexicon()
    multi = {word: parts for word, parts in lexicon.items() if len(parts) > 1}
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for word, parts in multi.items():
        by_first.setdefault(parts[0], []).append((word, parts))
    counts: Counter = Counter()
    for words in documents:
        terms = set(words)
        counts.update(terms)
        for first in terms & by_first.keys():
            counts.update(w for w, parts in by_first[first] if w not in terms and terms.issuperset(parts))
    wanted = {w: n for w, n in counts.items() if HAN.match(w)}
    for word in lexicon:
        wanted.setdefault(word, 0)
    if not wanted:
        return
    existing = _count(wanted)
    new = []
    for word in wanted.keys() - existing:
        full, initials = spell(word)
        new.append((word, full, initials, full[::-1], wanted[word]))
    if not new:
        return
    table = VocabularyWord._meta.db_table
    with connection.cursor() as cursor:
        # Another process may learn the same new word at the same moment: its row stands, this count is lost.
        cursor.executemany(
            f"INSERT INTO {table} (word, pinyin, initials, pinyin_reversed, documents) "  # noqa: S608 - our table
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (word) DO NOTHING",
            new,
        )


def _count(wanted: dict[str, int]) -> set[str]:
    """Add each known word's count in one statement per CHUNK_UPDATE words; return the words known."""
    from .models import VocabularyWord

    table = VocabularyWord._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} AS v SET documents = v.documents + d.n "  # noqa: S608 - our table
            "FROM unnest(%s::text[], %s::int[]) AS d(word, n) WHERE v.word = d.word RETURNING v.word"
        )
    else:  # SQLite 3.35 or later: UPDATE ... FROM and RETURNING
        sql = (
            f"UPDATE {table} SET documents = documents + d.value "  # noqa: S608 - our table
            f"FROM json_each(%s) AS d WHERE {table}.word = d.key RETURNING word"
        )
    known: set[str] = set()
    items = list(wanted.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK_UPDATE):
            part = items[start : start + CHUNK_UPDATE]
            if connection.vendor == "postgresql":
                cursor.execute(sql, [[w for w, _n in part], [n for _w, n in part]])
            else:
                cursor.execute(sql, [json.dumps(dict(part), ensure_ascii=False)])
            known.update(row[0] for row in cursor.fetchall())
    return known


def _lexicon() -> dict[str, tuple[str, ...]]:
    """The office's words (domain words, both sides of every synonym) that are Chinese words, each with the
    query words the segmenter cuts it into."""
    from . import segment
    from .models import DomainWord, Synonym

    words = set(DomainWord.objects.values_list("word", flat=True))
    for word, synonyms in Synonym.objects.values_list("word", "synonyms"):
        words.update([word, *synonyms.split()])
    return {w: tuple(segment.query_words(w)) or (w,) for w in words if HAN.match(w)}


def learn_lexicon() -> None:
    """Learn the office's words now (after a domain word or synonym is saved), not at the next indexing."""
    learn_many([])


def read(query: str) -> str | None:
    """The Chinese word a Latin-letter query most likely means, or None (see the module's reading rule).
    Reads the stored pinyin columns only."""
    from .models import VocabularyWord

    text = query.strip().lower().replace(" ", "")
    if not LATIN.match(text):
        return None
    words = VocabularyWord.objects.order_by("-documents", "word").values_list("word", flat=True)
    match = words.filter(pinyin=text).first() or words.filter(initials=text).first()
    if match is None and len(text) >= TOLERANT_FROM:
        match = near(text)
    return match


def near(text: str) -> str | None:
    """The word (most documents first) whose full pinyin is one edit from ``text``. One edit leaves either
    the first half of ``text`` or the part after its middle letter untouched, so candidates are the words
    whose pinyin starts with the one or ends with the other (both read through an index: a prefix is a range
    of ``pinyin``, a suffix a range of ``pinyin_reversed``), of a length within one of ``text``'s."""
    from .models import VocabularyWord

    n = len(text)
    half = n // 2
    prefix, suffix = text[:half], text[half + 1 :]
    rows = (
        VocabularyWord.objects.annotate(letters=Length("pinyin"))
        .filter(letters__gte=n - 1, letters__lte=n + 1)
        .order_by("-documents", "word")
        .values_list("word", "pinyin", "documents")
    )
    candidates = list(rows.filter(_starting("pinyin", prefix))[:NEAR_LIMIT])
    candidates += rows.filter(_starting("pinyin_reversed", suffix[::-1]))[:NEAR_LIMIT]
    found = [(-documents, word) for word, full, documents in candidates if one_edit(text, full)]
    return min(found)[1] if found else None


def _starting(column: str, prefix: str) -> Q:
    """``column`` starts with ``prefix`` (lower-case letters), as a range an ordinary index serves on SQLite
    and PostgreSQL alike (SQLite's LIKE ignores case and so no index helps it)."""
    q = Q(**{f"{column}__gte": prefix})
    head = prefix.rstrip("z")
    if head:
        q &= Q(**{f"{column}__lt": head[:-1] + chr(ord(head[-1]) + 1)})
    return q


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by exactly one letter inserted, deleted or replaced, or two neighbouring
    letters swapped (the optimal string alignment distance is 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return swapped or a[i + 1 :] == b[i + 1 :]
    if len(a) > len(b):
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def correct_query(query: str) -> str:
    """``query`` with each run of Chinese characters corrected (see ``correct``)."""
    return HAN_RUN.sub(lambda m: correct(m.group()), query)


def correct(run: str) -> str:
    """Read a run of Chinese characters left to right, longest window first: a known word stays; an unknown
    window becomes the known word with the same pinyin (社报 -> 社保), or, from three characters on, the
    known word of the same length that differs in one character (医疗保检 -> 医疗保险); more documents win."""
    from .models import VocabularyWord

    windows = {run[i : i + n] for n in range(2, LONGEST + 1) for i in range(len(run) - n + 1)}
    known = set(VocabularyWord.objects.filter(word__in=windows).values_list("word", flat=True))
    sounds = {w: spell(w)[0] for w in windows - known}
    homophones: dict[str, str] = {}
    for word, full in (
        VocabularyWord.objects.filter(pinyin__in=set(sounds.values()))
        .order_by("-documents", "word")
        .values_list("word", "pinyin")
    ):
        homophones.setdefault(full, word)
    longer = [w for w in sounds if len(w) >= 3]
    near: dict[str, str] = {}
    if longer:
        edges = Q()
        for w in longer:
            edges |= Q(word__startswith=w[0]) | Q(word__endswith=w[-1])
        candidates = list(
            VocabularyWord.objects.annotate(n=Length("word"))
            .filter(edges, n__in={len(w) for w in longer})
            .order_by("-documents", "word")
            .values_list("word", flat=True)[:5000]
        )
        for w in longer:
            near_word = next(
                (
                    c
                    for c in candidates
                    if len(c) == len(w) and sum(a != b for a, b in zip(c, w, strict=True)) == 1
                ),
                None,
            )
            if near_word:
                near[w] = near_word
    out, i = [], 0
    while i < len(run):
        for n in range(min(LONGEST, len(run) - i), 1, -1):
            window = run[i : i + n]
            choice = window if window in known else homophones.get(sounds.get(window, "")) or near.get(window)
            if choice:
                out.append(choice)
                break
        else:
            n, choice = 1, run[i]
            out.append(choice)
        i += n
    return "".join(out)
