"""The office's domain words (with the segmenter built for them), synonyms and active best bets as each
process keeps them: read once per content version (``core.page_version``), not by queries per search. A search
takes the lexicon once (:func:`current`) and uses it throughout, so it reads the version once.

They change only through ``search/maintenance.py`` (the back office and the API use it), whose audit record
moves the version in every process, as a database restore does (``gongkai restore``); a row written past the
services (a shell) is seen when the version next moves or renews (``GONGKAI_PAGE_RENEW_SECONDS``). While the
shared cache is unreachable the version would be new at each call, so what was read is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from gongkai.core import page_version
from gongkai.core.cache import shared_cache_down

from .models import BestBet, DomainWord, Synonym, groups_in, synonym_table
from .segment import Segmenter


@dataclass(frozen=True)
class Lexicon:
    version: str  # the content version it was read at
    segmenter: Segmenter  # with the office's domain words

    # Read at first use in this version: indexing needs only the segmenter.
    @cached_property
    def synonyms(self) -> dict[str, frozenset[str]]:
        return synonym_table(Synonym.objects.all())

    @cached_property
    def pins(self) -> list[BestBet]:
        """The active best bets, in their order."""
        return list(BestBet.objects.filter(is_active=True))

    def warm(self) -> None:
        """Read everything now (a worker's start), so the first query does not pay for it."""
        self.segmenter.query_words("政府信息公开")
        self.synonyms  # noqa: B018
        self.pins  # noqa: B018

    def groups(self, words: list[str]) -> list[list[str]]:
        """Per word, the word and its synonyms."""
        return groups_in(self.synonyms, words)

    def best_bets(self, query: str, read_as: str | None = None) -> list[BestBet]:
        """The pins that answer ``query`` (``BestBet.matching``)."""
        return BestBet.matching(query, read_as=read_as, pins=self.pins, synonyms=self.synonyms)


_kept: Lexicon | None = None
_segmenter: Segmenter | None = None  # the last one built, kept across forget() while its words hold


def _segmenter_for(words: frozenset[str]) -> Segmenter:
    global _segmenter
    if _segmenter is None or _segmenter.words != words:
        _segmenter = Segmenter(words)
    return _segmenter


def current() -> Lexicon:
    """The lexicon of the current content version (read again when it moved)."""
    global _kept
    kept = _kept
    if kept is not None and shared_cache_down():
        return kept
    # The version is read before the rows: a change committed meanwhile moves it again.
    version = page_version.current().token
    if kept is None or kept.version != version:
        kept = _kept = Lexicon(
            version=version,
            segmenter=_segmenter_for(frozenset(DomainWord.objects.values_list("word", flat=True))),
        )
    return kept


def forget() -> None:
    """Read again at the next search (tests: a rolled-back transaction moves no version)."""
    global _kept
    _kept = None
