"""Keeping the search index in step with what is public."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from . import backends, segment
from .models import Kind, SearchDocument

ITEM_SOURCE = "publishing.informationitem"
MESSAGE_SOURCE = "interaction.message"
FAQ_SOURCE = "interaction.faqentry"
GAZETTE_SOURCE = "gazette.issue"
BODY_LIMIT = 20_000


def _kind_of(item) -> str:
    codes = {column.code for column in item.columns.all()}
    if "xxgk-annual" in codes:
        return Kind.REPORT
    if "interpretation" in codes:
        return Kind.INTERPRETATION
    if "policy" in codes:
        return Kind.POLICY
    return Kind.ITEM


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
        pinyin.learn(fields["terms_title"].split() + fields["terms_keywords"].split())
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
    pinyin.learn_many(doc.terms_title.split() + doc.terms_keywords.split() for doc in docs)
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


def index_item(item_id: int) -> None:
    from gongkai.publishing.models import InformationItem

    item = InformationItem.objects.filter(pk=item_id).select_related("unit").first()
    if item is None or not item.is_public:
        _remove(ITEM_SOURCE, item_id)
        return
    _store(**item_fields(item))


def item_fields(item) -> dict:
    attachments = " ".join(a.text for a in item.attachments.all())
    published = timezone.localtime(item.published_at) if item.published_at else None
    return {
        "source": ITEM_SOURCE,
        "source_id": item.pk,
        "kind": _kind_of(item),
        "url": item.get_absolute_url(),
        "title": item.title,
        "keywords": " ".join([item.keywords, item.doc_number]),
        "body": f"{item.summary}\n{item.body_text}\n{attachments}"[:BODY_LIMIT],
        "unit": item.unit,
        "topic": item.topic,
        "genre": item.genre,
        "validity": item.validity,
        "key_areas": [area.code for area in item.key_areas.all()],
        "doc_number": item.doc_number,
        "index_no": item.index_no or "",
        "published_at": item.published_at,
        "year": published.year if published else None,
    }


def index_message(message_id: int) -> None:
    from gongkai.interaction.models import Message

    message = Message.objects.listed().filter(pk=message_id).select_related("reply_unit").first()
    if message is None:
        _remove(MESSAGE_SOURCE, message_id)
        return
    _store(**message_fields(message))


def message_fields(message) -> dict:
    return {
        "source": MESSAGE_SOURCE,
        "source_id": message.pk,
        "kind": Kind.MESSAGE,
        "url": message.get_absolute_url(),
        "title": message.public_subject,
        "keywords": "",
        "body": f"{message.public_body}\n{message.reply_text}"[:BODY_LIMIT],
        "unit": message.reply_unit,
        "validity": "valid",
        "published_at": timezone.make_aware(
            timezone.datetime.combine(message.replied_on, timezone.datetime.min.time())
        )
        if message.replied_on
        else None,
        "year": message.replied_on.year if message.replied_on else None,
    }


def index_faq(entry_id: int) -> None:
    from gongkai.interaction.models import FaqEntry

    entry = FaqEntry.objects.filter(pk=entry_id, is_published=True).select_related("unit").first()
    if entry is None:
        _remove(FAQ_SOURCE, entry_id)
        return
    _store(**faq_fields(entry))


def faq_fields(entry) -> dict:
    from django.urls import reverse

    return {
        "source": FAQ_SOURCE,
        "source_id": entry.pk,
        "kind": Kind.FAQ,
        "url": f"{reverse('interaction:faq')}#faq-{entry.pk}",
        "title": entry.question,
        "keywords": "",
        "body": entry.answer[:BODY_LIMIT],
        "unit": entry.unit,
        "validity": "valid",
        "published_at": entry.created_at,
        "year": timezone.localtime(entry.created_at).year,
    }


def index_issue(issue_id: int) -> None:
    from gongkai.gazette.models import Issue

    issue = Issue.objects.public().filter(pk=issue_id).first()
    if issue is None:
        _remove(GAZETTE_SOURCE, issue_id)
        return
    _store(**issue_fields(issue))


def issue_fields(issue) -> dict:
    contents = "\n".join(f"{a.title} {a.doc_number}" for a in issue.articles.all())
    published = timezone.make_aware(
        timezone.datetime.combine(issue.published_on, timezone.datetime.min.time())
    )
    return {
        "source": GAZETTE_SOURCE,
        "source_id": issue.pk,
        "kind": Kind.GAZETTE,
        "url": issue.get_absolute_url(),
        "title": f"临沂市人民政府公报 {issue.title}",
        "keywords": "政府公报",
        "body": f"{contents}\n{issue.pdf_text}"[: BODY_LIMIT * 5],  # a whole issue is long
        "validity": "valid",
        "published_at": published,
        "year": issue.year,
    }


def rebuild(batch: int = 200) -> int:
    """Index everything public from scratch, in batches; returns the number of documents."""
    from gongkai.gazette.models import Issue
    from gongkai.interaction.models import FaqEntry, Message
    from gongkai.publishing.models import InformationItem

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
    SearchDocument.objects.all().delete()
    from .models import VocabularyWord

    VocabularyWord.objects.all().delete()
    sources = [
        (
            InformationItem.objects.published()
            .select_related("unit")
            .prefetch_related("columns", "key_areas", "attachments"),
            item_fields,
        ),
        (Message.objects.listed().select_related("reply_unit"), message_fields),
        (FaqEntry.objects.filter(is_published=True).select_related("unit"), faq_fields),
        (Issue.objects.public().prefetch_related("articles"), issue_fields),
    ]
    for queryset, fields in sources:
        rows = []
        for obj in queryset.iterator(chunk_size=batch):
            rows.append(fields(obj))
            if len(rows) == batch:
                bulk_store(rows)
                rows = []
        if rows:
            bulk_store(rows)
    return SearchDocument.objects.count()
