"""RSS 2.0 and Atom feeds for every column, on the site that covers the column's unit (another site's column
moves to that site's host; the feed's links carry the host the request came in on)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from gongkai.sites.scope import elsewhere

from . import queries
from .models import Column

FEED_SIZE = 30


class _Moved(Exception):  # raised by get_object: the column is another site's
    def __init__(self, response):
        self.response = response


class ColumnRss(Feed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except _Moved as moved:
            return moved.response

    def get_object(self, request, unit_id, column_id):
        found = get_object_or_404(
            Column.objects.active().select_related("unit"), pk=column_id, unit_id=unit_id
        )
        if moved := elsewhere(request, found.unit):
            raise _Moved(moved)
        return found

    def title(self, column):
        return f"{column.unit.name} · {column.name}"

    def link(self, column):
        return column.get_absolute_url()

    def description(self, column):
        return column.description or column.name

    def items(self, column):
        return queries.items_in_column(column)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_updateddate(self, item):
        # Atom requires <updated> on every entry (RFC 4287 §4.1.2): the later of the last edit and publication.
        if item.updated_at and item.published_at:
            return max(item.updated_at, item.published_at)
        return item.published_at or item.updated_at

    def item_guid(self, item):
        return item.index_no or str(item.pk)

    item_guid_is_permalink = False


class ColumnAtom(ColumnRss):
    feed_type = Atom1Feed
    subtitle = ColumnRss.description

    def item_guid(self, item):
        # An Atom <id> is an IRI (RFC 4287 §4.2.6), not the bare 索引号: returning None makes Django write a tag
        # URI of the item's link and publication date, which stays the same however often the item is edited.
        return None
