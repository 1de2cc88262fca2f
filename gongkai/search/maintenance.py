"""The openness office's upkeep of the search dictionary, synonyms and best bets, as audited services.

Each save or delete checks the SUPERVISE capability, validates, writes one audit record
(``search.<model>.saved`` / ``.deleted``) and, once committed, moves the dictionary version so that every
worker reloads its words (see ``segment._ensure_dictionary``).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import models, transaction

from gongkai.core import records
from gongkai.core.roles import Capability

# What maintaining the search vocabulary takes: the openness office.
WRITE = Capability.SUPERVISE
VERSION_KEY = "search:dictionary-version"


def _move_dictionary_version() -> None:
    cache.set(VERSION_KEY, cache.get(VERSION_KEY, 0) + 1, None)


def _announce() -> None:
    # Moved now (this request sees its own change) and again after commit: a worker that reloaded between
    # the two read the words before the commit and must read them once more.
    _move_dictionary_version()
    transaction.on_commit(_move_dictionary_version)


@transaction.atomic
def save_entry(*, actor, obj: models.Model) -> models.Model:
    """Add or change a domain word, a synonym or a best bet."""
    saved = records.save_record(
        actor=actor, obj=obj, capability=WRITE, unit=None, action=records.action_name(obj, "saved")
    )
    _announce()
    if obj._meta.model_name in {"domainword", "synonym"}:
        from .tasks import learn_lexicon

        # Its pinyin is known at once (yingshanghuanjing -> 营商环境), not at the next document indexed.
        transaction.on_commit(learn_lexicon.enqueue)
    return saved


@transaction.atomic
def delete_entry(*, actor, obj: models.Model) -> None:
    records.delete_record(actor=actor, obj=obj, capability=WRITE, unit=None)
    _announce()
