"""Keeping the search index in step with what is public."""

from __future__ import annotations

from django.db import connection, transaction

from . import backends, registry, segment
from .models import SearchDocument

BODY_LIMIT = 20_000  # characters of a document's body that are indexed (sources cut their bodies to it)


def _with_terms(fields: dict) -> dict:
    fields["terms_title"] = segment.index_terms(fields["title"])
    fields["terms_keywords"] = segment.index_terms(fields.get("keywords", ""))
    fields["terms_body"] = segment.index_terms(fields.get("body", ""))
    return fields


@transaction.atomic
def _store(*, source: str, source_id: int, **fields) -> SearchDocument:
    from . import pinyin

    fields = _with_terms(fields)
    if not SearchDocument.objects.filter(source=source, source_id=source_id).exists():
        pinyin.learn(f"{fields['terms_title']} {fields['terms_keywords']} {fields['terms_body']}".split())
    doc, _created = SearchDocument.objects.update_or_create(
        source=source, source_id=source_id, defaults=fields
    )
    with connection.cursor() as cursor:
        backends.current().upsert(cursor, doc)
    return doc


@transaction.atomic
def bulk_store(rows: list[dict]) -> list[SearchDocument]:
    """Index many documents new to the index in one go (rebuilds, archive imports, the benchmark): one INSERT
    per table for the batch and one vocabulary update, instead of a round of queries per document. Each row
    holds ``source``, ``source_id`` and the fields ``_store`` takes."""
    from . import pinyin

    docs = SearchDocument.objects.bulk_create([SearchDocument(**_with_terms(dict(row))) for row in rows])
    pinyin.learn_many(f"{d.terms_title} {d.terms_keywords} {d.terms_body}".split() for d in docs)
    with connection.cursor() as cursor:
        backends.current().bulk_insert(cursor, docs)
    return docs


@transaction.atomic
def _remove(source: str, source_id: int) -> None:
    doc = SearchDocument.objects.filter(source=source, source_id=source_id).first()
    if doc is None:
        return
    with connection.cursor() as cursor:
        backends.current().remove(cursor, doc.pk)
    doc.delete()


def index_document(source: str, source_id: int) -> None:
    """Bring one document of ``source`` into step: stored if it is public now, removed if not. Idempotent."""
    found = registry.get(source)
    obj = found.public().filter(pk=source_id).first()
    if obj is None:
        _remove(source, source_id)
        return
    _store(**found.fields(obj))


def rebuild(batch: int = 200) -> int:
    """Index everything public from scratch, in batches; returns the number of documents."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
    SearchDocument.objects.all().delete()
    from .models import VocabularyWord

    VocabularyWord.objects.all().delete()
    for source in registry.sources():
        rows = []
        for obj in source.public().iterator(chunk_size=batch):
            rows.append(source.fields(obj))
            if len(rows) == batch:
                bulk_store(rows)
                rows = []
        if rows:
            bulk_store(rows)
    return SearchDocument.objects.count()
