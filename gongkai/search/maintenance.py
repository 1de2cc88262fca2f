"""The openness office's upkeep of the search dictionary, synonyms and best bets, as audited services.

Each save or delete checks the SUPERVISE capability, validates, writes one audit record
(``search.<model>.saved`` / ``.deleted``) and moves the content version, so that every worker reads its
words again (see ``search/lexicon.py``).
"""

from __future__ import annotations

from django.db import models, transaction

from gongkai.core import page_version, records
from gongkai.core.roles import Capability

# What maintaining the search vocabulary takes: the openness office.
WRITE = Capability.SUPERVISE


def _announce() -> None:
    # The content version, which the lexicon follows (search/lexicon.py), moves now (this request
    # sees its own change) and again after commit (the audit record's ``page_version.changed``): a worker
    # that read the words between the two read them before the commit and reads them once more.
    page_version.bump()


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
