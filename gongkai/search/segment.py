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

_worker: Segmenter | None = None
_parts: dict = {}


def start_worker(words: frozenset[str], parts: dict) -> None:
    """The pool process's segmenter, with the office's domain ``words``; ``parts``: the lexicon words cut
    into parts (``pinyin.parts_of``), for counting them."""
    global _worker, _parts
    _worker, _parts = Segmenter(words), parts


def segment_batch(texts: list[tuple[str, ...]]) -> tuple[list[tuple[str, ...]], dict[str, int]]:
    """In a process started by ``start_worker``: the terms of each text of each row, and the batch's Chinese
    words with the number of its rows holding each (``pinyin.count_words``)."""
    assert _worker is not None, "start_worker first"
    return terms_and_counts(_worker, texts, _parts)


def terms_and_counts(segmenter: Segmenter, texts: list[tuple[str, ...]], parts: dict):
    from .pinyin import count_words

    rows = [tuple(segmenter.terms(text) for text in row) for row in texts]
    return rows, count_words((" ".join(row).split() for row in rows), parts)
