"""Pinyin input: a query typed in Latin letters is read as full pinyin or initials (shebao, sb -> 社保).

The vocabulary (``VocabularyWord``) learns every Chinese word of every indexed document (title, keywords and
body terms) and the office's lexicon (domain words and both sides of every synonym), each with its full
pinyin and its initials. Spelling needs pypinyin (~55 MB of dictionaries), loaded only when a word is first
spelled (indexing, the task worker); reading a query uses the stored columns only, so a web worker that only
answers queries never loads it.

Reading rule (``read``): a Latin query of 2-30 letters (spaces ignored) is the word whose full pinyin or
initials equal it, the word in more documents first. When none does and the query has at least
``TOLERANT_FROM`` letters, it is the word whose full pinyin is one edit away (one letter inserted, deleted or
replaced, or two neighbouring letters swapped: shebo, shebaoo, shbeao -> 社保), the word in more documents
first. Initials are matched exactly only: two to four letters are one edit away from too many words.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length

LATIN = re.compile(r"^[a-z]{2,30}$")
HAN = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
LONGEST = 6  # characters of the longest window tried as one word when correcting
TOLERANT_FROM = 5  # letters a query needs before one wrong letter is forgiven
NEAR_CHUNK = 1000  # spellings looked up by one query for the one-letter tolerance
LETTERS = "abcdefghijklmnopqrstuvwxyz"  # pinyin's letters (ü is written v)
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


Parts = dict[str, list[tuple[str, tuple[str, ...]]]]  # first part -> (lexicon word, all its parts)


def parts_of(lexicon: dict[str, tuple[str, ...]]) -> Parts:
    """The lexicon words the segmenter cuts into parts (营商环境 -> 营商 环境), by their first part."""
    by_first: Parts = {}
    for word, parts in lexicon.items():
        if len(parts) > 1:
            by_first.setdefault(parts[0], []).append((word, parts))
    return by_first


def count_words(documents: Iterable[Iterable[str]], parts: Parts) -> dict[str, int]:
    """Per Chinese word, the number of ``documents`` (each: its terms, any order, repeats allowed) holding it;
    a lexicon word cut into ``parts`` counts the documents that hold all its parts."""
    counts: Counter = Counter()
    tally(counts, documents, parts)
    return chinese(counts)


def tally(counts: Counter, documents: Iterable[Iterable[str]], parts: Parts) -> None:
    """Add to ``counts`` the documents holding each term (any term: ``chinese`` keeps the words once, at the
    end). Needs no database: each indexing process tallies what it segments."""
    for words in documents:
        terms = set(words)
        counts.update(terms)
        for first in terms & parts.keys():
            counts.update(w for w, whole in parts[first] if w not in terms and terms.issuperset(whole))


def chinese(counts: dict[str, int]) -> dict[str, int]:
    """The Chinese words (2-8 characters) of ``counts``."""
    return {w: n for w, n in counts.items() if HAN.match(w)}


def spell_many(words: list[str]) -> list[tuple[str, str]]:
    """``spell`` of each word."""
    return [spell(word) for word in words]


def spell_lines(words: list[str]) -> str:
    """``spell`` of each word as one line each, ``full initials`` (an indexing process spells its share of
    the new words: one string is ~10x smaller to send and keep than a tuple of two per word)."""
    return "\n".join(" ".join(spell(word)) for word in words)


def learn_many(documents: Iterable[Iterable[str]]) -> None:
    """Learn the words of a batch of documents (each item: one document's terms, any order, repeats allowed)
    and the office's lexicon (``learn_counts``)."""
    lexicon = office_words()
    learn_counts(count_words(documents, parts_of(lexicon)), lexicon=lexicon)


def learn_counts(
    counts: dict[str, int],
    *,
    lexicon: dict[str, tuple[str, ...]] | None = None,
    speller: Callable[[list[str]], Iterable[tuple[str, str]]] = spell_many,
    replace: bool = False,
) -> None:
    """Add ``counts`` (``count_words``, summed over batches) to the vocabulary, with the office's ``lexicon``
    (domain words and synonyms, read now if not given). The words not yet known are spelled first (by
    ``speller``, which has spelled them all when it returns: an indexer spreads them over its processes),
    holding no lock; then, in one transaction, one statement per 5,000 words raises the known words' counts
    and one more inserts the new ones.

    ``replace`` (a rebuild, which counted every document): the counts replace the vocabulary's in that
    transaction, so pinyin input answers from the old counts until then; the words no document holds any
    more go (the lexicon's stay), and the words already known keep their spelling."""
    from .models import VocabularyWord

    lexicon = office_words() if lexicon is None else lexicon
    wanted = dict(counts)
    for word in lexicon:
        wanted.setdefault(word, 0)
    known = _known(wanted)
    new = sorted(wanted.keys() - known)
    spelled = speller(new)
    rows = ((w, full, initials, wanted[w]) for w, (full, initials) in zip(new, spelled, strict=True))
    with transaction.atomic():
        if replace:
            VocabularyWord.objects.update(documents=0)
        _raise({w: wanted[w] for w in known})
        if replace:  # one statement: nothing points at a word
            VocabularyWord.objects.filter(documents=0).exclude(word__in=list(lexicon)).delete()
        _insert(rows)


def _insert(rows: Iterable[tuple[str, str, str, int]]) -> None:
    """Insert new words, one statement per CHUNK_UPDATE. Another process may learn the same new word at the
    same moment: its row stands, this count is lost."""
    from .models import VocabularyWord

    table = VocabularyWord._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"INSERT INTO {table} (word, pinyin, initials, documents) "  # noqa: S608 - our table
            "SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::int[]) ON CONFLICT (word) DO NOTHING"
        )
    else:
        sql = (
            f"INSERT INTO {table} (word, pinyin, initials, documents) "  # noqa: S608 - our table
            "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(%s) WHERE true "
            "ON CONFLICT (word) DO NOTHING"
        )
    rows = iter(rows)
    with connection.cursor() as cursor:
        while part := list(itertools.islice(rows, CHUNK_UPDATE)):
            if connection.vendor == "postgresql":
                cursor.execute(sql, [list(column) for column in zip(*part, strict=True)])
            else:
                cursor.execute(sql, [json.dumps(part, ensure_ascii=False)])


def _known(words: Iterable[str]) -> set[str]:
    """Which of ``words`` the vocabulary holds, one query per CHUNK_UPDATE words."""
    from .models import VocabularyWord

    table = VocabularyWord._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"SELECT word FROM {table} WHERE word = ANY(%s::text[])"  # noqa: S608 - our table
    else:
        sql = f"SELECT word FROM {table} WHERE word IN (SELECT value FROM json_each(%s))"  # noqa: S608
    words = list(words)
    known: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(words), CHUNK_UPDATE):
            part = words[start : start + CHUNK_UPDATE]
            cursor.execute(
                sql, [part if connection.vendor == "postgresql" else json.dumps(part, ensure_ascii=False)]
            )
            known.update(row[0] for row in cursor.fetchall())
    return known


def _raise(counts: dict[str, int]) -> None:
    """Add each known word's count, one statement per CHUNK_UPDATE words."""
    from .models import VocabularyWord

    table = VocabularyWord._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} AS v SET documents = v.documents + d.n "  # noqa: S608 - our table
            "FROM unnest(%s::text[], %s::int[]) AS d(word, n) WHERE v.word = d.word"
        )
    else:  # SQLite 3.33 or later: UPDATE ... FROM
        sql = (
            f"UPDATE {table} SET documents = documents + d.value "  # noqa: S608 - our table
            f"FROM json_each(%s) AS d WHERE {table}.word = d.key"
        )
    items = [(w, n) for w, n in counts.items() if n]
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK_UPDATE):
            part = items[start : start + CHUNK_UPDATE]
            if connection.vendor == "postgresql":
                cursor.execute(sql, [[w for w, _n in part], [n for _w, n in part]])
            else:
                cursor.execute(sql, [json.dumps(dict(part), ensure_ascii=False)])


def office_words() -> dict[str, tuple[str, ...]]:
    """The office's words (domain words, both sides of every synonym) that are Chinese words, each with the
    query words the segmenter cuts it into."""
    from . import segment
    from .models import DomainWord, Synonym

    words = set(DomainWord.objects.values_list("word", flat=True))
    for word, synonyms in Synonym.objects.values_list("word", "synonyms"):
        words.update([word, *synonyms.split()])
    cut = segment.current().query_words
    return {w: tuple(cut(w)) or (w,) for w in words if HAN.match(w)}


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
    """The word (most documents first) whose full pinyin is one edit from ``text``: every string one edit
    away (at most ~1,600 for 30 letters) is looked up in the ``pinyin`` index, so the cost does not grow with
    the vocabulary."""
    from .models import VocabularyWord

    spellings = sorted(neighbours(text))
    best: tuple[int, str] | None = None
    for start in range(0, len(spellings), NEAR_CHUNK):
        found = (
            VocabularyWord.objects.filter(pinyin__in=spellings[start : start + NEAR_CHUNK])
            .order_by("-documents", "word")
            .values_list("documents", "word")
            .first()
        )
        if found and (best is None or (-found[0], found[1]) < (-best[0], best[1])):
            best = found
    return best[1] if best else None


def neighbours(text: str) -> set[str]:
    """Every string of letters one edit from ``text``: a letter left out, added, replaced, or two
    neighbouring letters swapped."""
    out = {text[:i] + text[i + 1 :] for i in range(len(text))}
    out |= {text[:i] + text[i + 1] + text[i] + text[i + 2 :] for i in range(len(text) - 1)}
    for i in range(len(text) + 1):
        out |= {text[:i] + c + text[i:] for c in LETTERS}
    for i in range(len(text)):
        out |= {text[:i] + c + text[i + 1 :] for c in LETTERS}
    out.discard(text)
    return out


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
