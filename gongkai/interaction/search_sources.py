"""Published messages and FAQ entries as search finds them (registered with the search app when it is ready)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind
from gongkai.search.tasks import reindex_on_commit

from .models import FaqEntry, Message

MESSAGE_SOURCE = "interaction.message"
FAQ_SOURCE = "interaction.faqentry"


def public_messages() -> QuerySet[Message]:
    return Message.objects.listed().select_related("reply_unit")


def message_fields(message: Message) -> dict:
    replied = (
        timezone.make_aware(dt.datetime.combine(message.replied_on, dt.time.min))
        if message.replied_on
        else None
    )
    return {
        "kind": Kind.MESSAGE,
        "url": message.get_absolute_url(),
        "title": message.public_subject,
        "keywords": "",
        "body": f"{message.public_body}\n{message.reply_text}"[:BODY_LIMIT],
        "unit": message.reply_unit,
        "validity": "valid",
        "published_at": replied,
        "year": message.replied_on.year if message.replied_on else None,
    }


def public_faqs() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(is_published=True).select_related("unit")


def faq_fields(entry: FaqEntry) -> dict:
    return {
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


def _faq_changed(sender, instance: FaqEntry, **kwargs) -> None:
    reindex_on_commit(FAQ_SOURCE, instance.pk)


registry.register(registry.Source(name=MESSAGE_SOURCE, public=public_messages, render=message_fields))
registry.register(registry.Source(name=FAQ_SOURCE, public=public_faqs, render=faq_fields))
# An FAQ entry is configuration saved in the back office: whatever saves or deletes it reindexes it.
post_save.connect(_faq_changed, sender=FaqEntry, dispatch_uid="search-faq-saved")
post_delete.connect(_faq_changed, sender=FaqEntry, dispatch_uid="search-faq-deleted")
