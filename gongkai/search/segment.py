"""Chinese word segmentation for indexing and querying (rjieba, jieba-rs bindings, search mode).

Indexed text is the search-mode segmentation joined by spaces, so both a word and its parts are terms
(人民政府 -> 人民 政府 人民政府). The openness office's domain words (放管服, 双随机一公开 ...) are added to the
dictionary before any text is cut.
"""

from __future__ import annotations

import re
import threading

import rjieba

_loaded_version: str | None = None  # the content version the words were read at
_jieba = rjieba.Jieba()
_domain: frozenset[str] = frozenset()
_lock = threading.Lock()
WORD = re.compile(r"\w", re.UNICODE)
STOP = {"的", "了", "和", "与", "及", "或", "在", "对", "是", "等", "为", "于"}


def _ensure_dictionary() -> None:
    """Read the office's domain words again whenever the content version moves (``core.page_version``: a
    token never repeated, shared by every process with or without Redis, moved by every audited change, a
    word added or removed included, and by ``gongkai restore``). A change of words builds a fresh segmenter
    (80 ms), so a word the office removes is gone at once, in every process. While the shared cache is
    unreachable the words already read are kept (the version would be new at each call)."""
    global _loaded_version, _jieba, _domain
    from gongkai.core import page_version
    from gongkai.core.cache import shared_cache_down

    if _loaded_version is not None and shared_cache_down():
        return
    version = page_version.current().token
    if _loaded_version == version:
        return
    with _lock:
        from .models import DomainWord

        words = frozenset(DomainWord.objects.values_list("word", flat=True))
        if words != _domain:
            fresh = rjieba.Jieba()
            for word in words:
                fresh.add_word(word, None, None)  # frequency and tag chosen by jieba-rs
            _jieba, _domain = fresh, words
        _loaded_version = version


def _clean(tokens) -> list[str]:
    return [t.lower() for t in tokens if t.strip() and WORD.search(t) and t not in STOP]


def index_terms(text: str) -> str:
    """Search-mode terms of ``text``, space-separated, for the index. Punctuation and spaces go; stop words
    stay (queries never ask for them). ``str.isalnum`` keeps this at the segmenter's own speed (a regular
    expression per token doubled the time of indexing)."""
    _ensure_dictionary()
    return _terms(text)


def _terms(text: str) -> str:
    return " ".join([t for t in _jieba.cut_for_search(text or "") if t.isalnum()]).lower()


def domain_words() -> frozenset[str]:
    _ensure_dictionary()
    return _domain


def start_worker(words: frozenset[str]) -> None:
    """In a process of an indexing pool (no Django there): the segmenter with the office's ``words``."""
    global _jieba, _domain
    fresh = rjieba.Jieba()
    for word in words:
        fresh.add_word(word, None, None)
    _jieba, _domain = fresh, frozenset(words)


def index_terms_many(texts: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """``index_terms`` of each text of each row, in a process started by ``start_worker``."""
    return [tuple(_terms(text) for text in row) for row in texts]


def query_words(text: str) -> list[str]:
    """The words of a query (precise mode): every one must be found."""
    _ensure_dictionary()
    return _clean(_jieba.cut(text or ""))


def parts(word: str) -> list[str]:
    """The smaller words inside ``word`` (双随机一公开 -> 随机, 公开), for finding it written apart."""
    _ensure_dictionary()
    return [t for t in _clean(_jieba.cut_for_search(word)) if t != word]


def is_domain_word(word: str) -> bool:
    _ensure_dictionary()
    return word in _domain


def warm() -> None:
    """Load the segmenter with the office's domain words now (a worker's start), so the first query does not
    pay for it. Query words need no pinyin: pypinyin stays unloaded."""
    _ensure_dictionary()
    _jieba.cut("政府信息公开")
