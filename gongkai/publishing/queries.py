"""Read-side queries the public pages, feeds and API share."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongkai.core.models import Organization

from .models import Column, InformationItem


def column_tree(unit: Organization) -> list[tuple[Column, int]]:
    """The unit's active columns in display order, each with its depth."""
    columns = list(Column.objects.active().filter(unit=unit).order_by("sort_order", "pk"))
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column)
    ordered: list[tuple[Column, int]] = []

    def walk(parent_id, depth):
        for column in children.get(parent_id, []):
            ordered.append((column, depth))
            walk(column.pk, depth + 1)

    walk(None, 0)
    return ordered


def descendants(column: Column) -> list[int]:
    ids, frontier = [column.pk], [column.pk]
    while frontier:
        frontier = list(Column.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def public_items() -> QuerySet[InformationItem]:
    return (
        InformationItem.objects.published()
        .select_related("unit", "replaced_by")
        .order_by("-published_at", "-pk")
    )


# Fields a listing never shows: the text of the item (read only on its own page).
LISTING_DEFERRED = ("body", "body_text")


def listed_items() -> QuerySet[InformationItem]:
    """Published items for a listing: the newest first, without their bodies."""
    return public_items().defer(*LISTING_DEFERRED)


def items_in_column(column: Column) -> QuerySet[InformationItem]:
    through = InformationItem.columns.through
    ids = through.objects.filter(column_id__in=descendants(column)).values("informationitem_id")
    return listed_items().filter(pk__in=ids)


def published_counts(column_ids) -> dict[int, int]:
    """Published items directly in each column (one query for the whole list): the column's links read from
    the (column, item) index, each joined to its item by key (an ``IN (published items)`` subquery made
    SQLite compare every link with every published item)."""
    from .models import DisclosureMode, Status

    through = InformationItem.columns.through
    rows = (
        through.objects.filter(
            column_id__in=list(column_ids),
            informationitem__status=Status.PUBLISHED,
            informationitem__disclosure_mode=DisclosureMode.PROACTIVE,
        )
        .values("column_id")
        .annotate(n=Count("informationitem_id"))
        .values_list("column_id", "n")
    )
    return dict(rows)
