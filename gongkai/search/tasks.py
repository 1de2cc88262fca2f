"""The search index's background work: one document brought into step, by its source's name and key."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from . import index


@task()
def index_document(source: str, source_id: int) -> None:
    """Store the document if it is public, remove it if not (idempotent: run twice, the index is the same)."""
    index.index_document(source, source_id)


def reindex_on_commit(source: str, source_id: int) -> None:
    """Queue the reindexing of one document once the current transaction commits (at once outside one), so
    the worker reads what was committed and a rolled-back change queues nothing."""
    transaction.on_commit(lambda: index_document.enqueue(source, source_id))


@task()
def learn_lexicon() -> None:
    """Spell the office's domain words and synonyms into the pinyin vocabulary (after one is saved), here in
    the task worker, so the web worker that saved it does not load pypinyin."""
    from . import pinyin

    pinyin.learn_lexicon()
