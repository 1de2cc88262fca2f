"""Information items as search finds them (registered with the search app when it is ready)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from . import docnumber
from .models import InformationItem, KeyArea

ITEM_SOURCE = "publishing.informationitem"


def public_items() -> QuerySet[InformationItem]:
    return (
        InformationItem.objects.published()
        .select_related("unit")
        .prefetch_related("columns", "key_areas", "attachments")
    )


def kind_of(item: InformationItem) -> str:
    codes = {column.code for column in item.columns.all()}
    if "xxgk-annual" in codes:
        return Kind.REPORT
    if "interpretation" in codes:
        return Kind.INTERPRETATION
    if "policy" in codes:
        return Kind.POLICY
    return Kind.ITEM


def item_fields(item: InformationItem) -> dict:
    attachments = " ".join(a.text for a in item.attachments.all())
    published = timezone.localtime(item.published_at) if item.published_at else None
    return {
        "kind": kind_of(item),
        "url": item.get_absolute_url(),
        "title": item.title,
        "keywords": " ".join([item.keywords, item.doc_number]),
        "body": f"{item.summary}\n{item.body_text}\n{attachments}"[:BODY_LIMIT],
        "unit": item.unit,
        "topic": item.topic,
        "genre": item.genre,
        "validity": item.validity,
        "valid_until": item.valid_until,  # search derives "expired" from it on the next day (search.engine)
        "key_areas": [area.code for area in item.key_areas.all()],
        "doc_number": item.doc_number,
        "index_no": item.index_no or "",
        "published_at": item.published_at,
        "year": published.year if published else None,
    }


def doc_number_of(query: str) -> str | None:
    """A query that is a document number (国办发〔2019〕14号, also typed with other brackets), normalized."""
    return docnumber.normalize(query) if docnumber.parse(query) else None


def key_area_names(codes: list) -> dict:
    return dict(KeyArea.objects.filter(code__in=codes).values_list("code", "name"))


registry.register(registry.Source(name=ITEM_SOURCE, public=public_items, render=item_fields))
registry.register_doc_number(doc_number_of)
registry.register_facet_labels("key_area", key_area_names)
