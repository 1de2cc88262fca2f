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


def items_in_column(column: Column) -> QuerySet[InformationItem]:
    ids = InformationItem.objects.filter(columns__in=descendants(column)).values("pk")
    return public_items().filter(pk__in=ids)


def published_counts(column_ids) -> dict[int, int]:
    """Published items directly in each column (one query for the whole list)."""
    through = InformationItem.columns.through
    rows = (
        through.objects.filter(
            column_id__in=list(column_ids), informationitem__in=InformationItem.objects.published()
        )
        .values("column_id")
        .annotate(n=Count("informationitem_id"))
        .values_list("column_id", "n")
    )
    return dict(rows)
