"""Chinese word segmentation for indexing and querying (rjieba, jieba-rs bindings, search mode).

Indexed text is the search-mode segmentation joined by spaces, so both a word and its parts are terms
(人民政府 -> 人民 政府 人民政府). The openness office's domain words (放管服, 双随机一公开 ...) are added to the
dictionary before any text is cut: a :class:`Segmenter` is built for one set of words, and the process's
current one is the lexicon's (``search/lexicon.py``), read again when the content version moves. The
module's functions use that one; a search takes the lexicon once and uses its segmenter throughout.
"""

from __future__ import annotations

import re

import rjieba

WORD = re.compile(r"\w", re.UNICODE)
STOP = {"的", "了", "和", "与", "及", "或", "在", "对", "是", "等", "为", "于"}


def _clean(tokens) -> list[str]:
    return [t.lower() for t in tokens if t.strip() and WORD.search(t) and t not in STOP]


class Segmenter:
    """jieba-rs with the office's domain ``words`` added (building one takes about 80 ms)."""

    def __init__(self, words: frozenset[str] = frozenset()):
        self.words = frozenset(words)
        self._jieba = rjieba.Jieba()
        for word in self.words:
            self._jieba.add_word(word, None, None)  # frequency and tag chosen by jieba-rs

    def terms(self, text: str) -> str:
        """Search-mode terms of ``text``, space-separated, lower case, for the index. Punctuation and spaces
        go; stop words stay (queries never ask for them). ``str.isalnum`` keeps this at the segmenter's own
        speed (a regular expression per token doubled the time of indexing)."""
        return " ".join([t for t in self._jieba.cut_for_search(text or "") if t.isalnum()]).lower()

    def query_words(self, text: str) -> list[str]:
        """The words of a query (precise mode): every one must be found."""
        return _clean(self._jieba.cut(text or ""))

    def parts(self, word: str) -> list[str]:
        """The smaller words inside ``word`` (双随机一公开 -> 随机, 公开), for finding it written apart."""
        return [t for t in _clean(self._jieba.cut_for_search(word)) if t != word]

    def is_domain_word(self, word: str) -> bool:
        return word in self.words


def current() -> Segmenter:
    """The segmenter of the current content version."""
    from . import lexicon

    return lexicon.current().segmenter


def index_terms(text: str) -> str:
    return current().terms(text)


def query_words(text: str) -> list[str]:
    return current().query_words(text)


def parts(word: str) -> list[str]:
    return current().parts(word)


def is_domain_word(word: str) -> bool:
    return current().is_domain_word(word)


def domain_words() -> frozenset[str]:
    return current().words


# In a process of an indexing pool (no Django there) --------------------------------------------------------


class Tally:
    """The documents holding each term, over what one process segmented (``pinyin.tally``). A pool process
    keeps its own and hands its Chinese words over once, at the end (``drain``): the writing process merges
    one tally per process, not one per batch."""

    def __init__(self, parts: dict):
        from collections import Counter

        self.parts = parts
        self.counts: Counter = Counter()

    def add(self, rows: list[tuple[str, ...]]) -> None:
        from .pinyin import tally

        tally(self.counts, (" ".join(row).split() for row in rows), self.parts)

    def words(self) -> dict[str, int]:
        from .pinyin import chinese

        return chinese(self.counts)


_worker: Segmenter | None = None
_tally: Tally | None = None
_barrier = None


def start_worker(words: frozenset[str], parts: dict, barrier) -> None:
    """The pool process's segmenter, with the office's domain ``words``, and its tally; ``parts``: the
    lexicon words cut into parts (``pinyin.parts_of``), for counting them; ``barrier``: one place per
    process, so that each process takes exactly one ``drain`` (and one ``started``)."""
    global _worker, _tally, _barrier
    _worker, _tally, _barrier = Segmenter(words), Tally(parts), barrier


def started() -> None:
    """Returns once every process of the pool has started (each waits for the others)."""
    _barrier.wait(timeout=600)


def cut(segmenter: Segmenter, tally: Tally, texts: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The terms of each text of each row, added to ``tally``."""
    rows = [tuple(segmenter.terms(text) for text in row) for row in texts]
    tally.add(rows)
    return rows


def segment_batch(texts: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """In a process started by ``start_worker``: ``cut`` with its segmenter and tally."""
    assert _worker is not None and _tally is not None, "start_worker first"
    return cut(_worker, _tally, texts)


def drain() -> dict[str, int]:
    """This process's Chinese words with their documents (its tally emptied); each process of the pool
    takes one drain, waiting for the others."""
    global _tally
    _barrier.wait(timeout=600)
    words, _tally = _tally.words(), Tally(_tally.parts)
    return words
