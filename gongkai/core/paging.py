"""Pagination of public lists that does not read through the whole archive.

A public list shows its newest entries page by page down to a fixed depth (``MAX_PAGES``); counting stops
there too (a bounded ``COUNT`` over at most ``MAX_PAGES * per_page + 1`` rows), so neither the count nor the
deepest page reads the whole archive however large it grows. Older entries are reached through search
(the page says so). Page URLs (``?page=N``) stay as they were; a number beyond the depth shows the last page.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

MAX_PAGES = 50


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, max_pages: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or MAX_PAGES
        self.truncated = False

    @cached_property
    def count(self) -> int:
        limit = self.max_pages * self.per_page
        rows = getattr(self.object_list, "queryset", self.object_list)  # column_sources.QueryRows
        # Which rows are counted does not matter, only whether there are more than the depth: no ORDER BY.
        found = rows.order_by()[: limit + 1].count() if isinstance(rows, QuerySet) else len(self.object_list)
        self.truncated = found > limit
        return min(found, limit)


DEEP_OFFSET = 200  # rows skipped from which a page is read in two steps (see ``deep_slice``)


def deep_slice(queryset: QuerySet, start: int, stop: int) -> list:
    """``list(queryset[start:stop])`` for a deep page, read in two steps: the keys of the page first (the
    database skips ``start`` entries of an index, never reading their rows), then the page's own rows by key,
    in the queryset's order. A shallow page is read directly (one query, as before)."""
    if start < DEEP_OFFSET or not isinstance(queryset, QuerySet):  # a list (filtered in Python) is sliced
        return list(queryset[start:stop])
    keys = list(queryset.values_list("pk", flat=True)[start:stop])
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


class DeepPaginator(Paginator):
    """Django's paginator reading deep pages with :func:`deep_slice` (sitemaps page through every item)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(deep_slice(self.object_list, bottom, top), number, self)
