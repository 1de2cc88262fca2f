"""Every feed of the demo read by a real feed parser (issue 24, item 15): well-formed, each entry with a title, a
link and a date, RSS items with a guid, and Atom entries with <updated> and an IRI for <id> (RFC 4287)."""

from __future__ import annotations

import feedparser
import pytest

from gongkai.datasets.models import Dataset
from gongkai.publishing import queries
from gongkai.publishing.models import Column
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def column_with_items() -> Column:
    for column in Column.objects.active().filter(unit__name="临沂市人民政府").order_by("pk"):
        if queries.items_in_column(column).exists():
            return column
    raise AssertionError("the demo city has no column with items")


def feed_paths() -> list[str]:
    column = column_with_items()
    base = f"/xxgk/{column.unit_id}/columns/{column.pk}"
    return [
        f"{base}/rss/",
        f"{base}/atom/",
        "/gazette/rss/",
        "/datasets/rss/",
        f"/datasets/{Dataset.objects.order_by('pk').first().pk}/rss/",
        "/participation/consultations/rss/",
        "/registers/powers/feed/",
        "/registers/penalties/feed/",
        "/registers/licensing/feed/",
        "/registers/coercion/feed/",
        "/registers/inspections/feed/",
    ]


def test_every_feed_parses_cleanly_with_dated_linked_entries(demo, client):
    empty = []
    for path in feed_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.feed.get("title"), path
        if not parsed.entries:
            empty.append(path)
        for entry in parsed.entries:
            assert entry.get("title") and entry.get("link"), (path, entry)
            assert entry.get("published_parsed") or entry.get("updated_parsed"), (path, entry.get("title"))
            assert entry.get("id"), (path, entry.get("title"))
    # A feed with nothing in it on a fresh demo teaches nothing: at most the ones whose register is empty.
    assert len(empty) <= 2, empty


def test_atom_entries_have_updated_and_an_iri_for_id(demo, client):
    column = column_with_items()
    response = client.get(f"/xxgk/{column.unit_id}/columns/{column.pk}/atom/")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10" and parsed.entries
    body = response.content.decode()
    assert body.count("<entry>") == body.count("<updated>") - 1  # one per entry and the feed's own
    for entry in parsed.entries:
        assert entry.get("updated_parsed"), entry.title
        # An IRI has a scheme: tag:host,date:path here, never the bare 索引号.
        assert entry.id.startswith("tag:testserver,"), entry.id
