"""Keeping the search index in step with what is public."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from . import backends, segment
from .models import Kind, SearchDocument

ITEM_SOURCE = "publishing.informationitem"
MESSAGE_SOURCE = "interaction.message"
FAQ_SOURCE = "interaction.faqentry"
BODY_LIMIT = 20_000


def _kind_of(item) -> str:
    codes = set(item.columns.values_list("code", flat=True))
    if "xxgk-annual" in codes:
        return Kind.REPORT
    if "interpretation" in codes:
        return Kind.INTERPRETATION
    if "policy" in codes:
        return Kind.POLICY
    return Kind.ITEM


@transaction.atomic
def _store(source: str, source_id: int, **fields) -> SearchDocument:
    from . import pinyin

    fields["terms_title"] = segment.index_terms(fields["title"])
    fields["terms_keywords"] = segment.index_terms(fields.get("keywords", ""))
    if not SearchDocument.objects.filter(source=source, source_id=source_id).exists():
        pinyin.learn(fields["terms_title"].split() + fields["terms_keywords"].split())
    fields["terms_body"] = segment.index_terms(fields.get("body", ""))
    doc, _created = SearchDocument.objects.update_or_create(
        source=source, source_id=source_id, defaults=fields
    )
    with connection.cursor() as cursor:
        backends.current().upsert(cursor, doc)
    return doc


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
    attachments = " ".join(item.attachments.values_list("text", flat=True))
    published = timezone.localtime(item.published_at) if item.published_at else None
    _store(
        ITEM_SOURCE,
        item.pk,
        kind=_kind_of(item),
        url=item.get_absolute_url(),
        title=item.title,
        keywords=" ".join([item.keywords, item.doc_number]),
        body=f"{item.summary}\n{item.body_text}\n{attachments}"[:BODY_LIMIT],
        unit=item.unit,
        topic=item.topic,
        genre=item.genre,
        validity=item.validity,
        key_areas=list(item.key_areas.values_list("code", flat=True)),
        doc_number=item.doc_number,
        index_no=item.index_no or "",
        published_at=item.published_at,
        year=published.year if published else None,
    )


def index_message(message_id: int) -> None:
    from gongkai.interaction.models import Message

    message = Message.objects.listed().filter(pk=message_id).select_related("reply_unit").first()
    if message is None:
        _remove(MESSAGE_SOURCE, message_id)
        return
    _store(
        MESSAGE_SOURCE,
        message.pk,
        kind=Kind.MESSAGE,
        url=message.get_absolute_url(),
        title=message.public_subject,
        keywords="",
        body=f"{message.public_body}\n{message.reply_text}"[:BODY_LIMIT],
        unit=message.reply_unit,
        validity="valid",
        published_at=timezone.make_aware(
            timezone.datetime.combine(message.replied_on, timezone.datetime.min.time())
        )
        if message.replied_on
        else None,
        year=message.replied_on.year if message.replied_on else None,
    )


def index_faq(entry_id: int) -> None:
    from django.urls import reverse

    from gongkai.interaction.models import FaqEntry

    entry = FaqEntry.objects.filter(pk=entry_id, is_published=True).select_related("unit").first()
    if entry is None:
        _remove(FAQ_SOURCE, entry_id)
        return
    _store(
        FAQ_SOURCE,
        entry.pk,
        kind=Kind.FAQ,
        url=f"{reverse('interaction:faq')}#faq-{entry.pk}",
        title=entry.question,
        keywords="",
        body=entry.answer[:BODY_LIMIT],
        unit=entry.unit,
        validity="valid",
        published_at=entry.created_at,
        year=timezone.localtime(entry.created_at).year,
    )


def rebuild() -> int:
    """Index everything public from scratch; returns the number of documents."""
    from gongkai.interaction.models import FaqEntry, Message
    from gongkai.publishing.models import InformationItem

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts")
    SearchDocument.objects.all().delete()
    for pk in InformationItem.objects.published().values_list("pk", flat=True):
        index_item(pk)
    for pk in Message.objects.listed().values_list("pk", flat=True):
        index_message(pk)
    for pk in FaqEntry.objects.filter(is_published=True).values_list("pk", flat=True):
        index_faq(pk)
    return SearchDocument.objects.count()
