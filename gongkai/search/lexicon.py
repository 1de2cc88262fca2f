"""The office's synonyms and active best bets as each process keeps them: read once per content version
(``core.page_version``), not by three queries per search.

They change only through ``search/maintenance.py`` (the back office and the API use it), whose audit record
moves the version in every process, as a database restore does (``gongkai restore``); a row written past the
services (a shell) is seen when the version next moves or renews (``GONGKAI_PAGE_RENEW_SECONDS``). While the
shared cache is unreachable the version would be new at each call, so what was read is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core import page_version
from gongkai.core.cache import shared_cache_down

from .models import BestBet, Synonym, groups_in, synonym_table


@dataclass(frozen=True)
class Lexicon:
    version: str  # the content version it was read at
    synonyms: dict[str, frozenset[str]]
    pins: list[BestBet]  # the active best bets, in their order

    def groups(self, words: list[str]) -> list[list[str]]:
        """Per word, the word and its synonyms."""
        return groups_in(self.synonyms, words)

    def best_bets(self, query: str, read_as: str | None = None) -> list[BestBet]:
        """The pins that answer ``query`` (``BestBet.matching``)."""
        return BestBet.matching(query, read_as=read_as, pins=self.pins, synonyms=self.synonyms)


_kept: Lexicon | None = None


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
            synonyms=synonym_table(Synonym.objects.all()),
            pins=list(BestBet.objects.filter(is_active=True)),
        )
    return kept


def forget() -> None:
    """Read again at the next search (tests: a rolled-back transaction moves no version)."""
    global _kept
    _kept = None
