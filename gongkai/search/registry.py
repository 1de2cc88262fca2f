"""What the search index holds, as the other apps declare it: search imports none of them.

Each app that has public documents registers them in its own ``search_sources.py`` (found when the search
app is ready): a :class:`Source` names the documents (``"publishing.informationitem"``), lists the public
ones (a queryset, prefetched for rendering) and renders one to the fields of a search document. An app may
also teach search to read a query (a document number typed alone) and to label a facet's values. The app
tells search that a document changed with :func:`gongkai.search.tasks.reindex_on_commit`; search asks the
source again, so a document no longer public leaves the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Source:
    """One kind of public document. ``public()`` is every document that may be found (a queryset, with what
    ``render`` reads already joined); ``render(obj)`` gives the SearchDocument fields (``kind``, ``url``,
    ``title``, ``body``, ``unit``, ``published_at`` ...; ``source`` and ``source_id`` are added here)."""

    name: str
    public: Callable[[], models.QuerySet]
    render: Callable[[models.Model], dict]

    def fields(self, obj: models.Model) -> dict:
        return {"source": self.name, "source_id": obj.pk, **self.render(obj)}


_sources: dict[str, Source] = {}
_direct_readers: list[Callable[[str], str | None]] = []
_facet_labels: dict[str, Callable[[list], dict]] = {}


def register(source: Source) -> Source:
    _sources[source.name] = source
    return source


def get(name: str) -> Source:
    try:
        return _sources[name]
    except KeyError:
        raise LookupError(f"no search source {name!r}; registered: {', '.join(sorted(_sources))}") from None


def sources() -> list[Source]:
    return list(_sources.values())


def register_doc_number(reader: Callable[[str], str | None]) -> None:
    """``reader(query)`` answers the document number the query is, normalized, or None: such a query leads
    straight to the document that bears the number."""
    if reader not in _direct_readers:
        _direct_readers.append(reader)


def doc_numbers(query: str) -> Iterable[str]:
    for reader in _direct_readers:
        number = reader(query)
        if number:
            yield number


def register_facet_labels(facet: str, labels: Callable[[list], dict]) -> None:
    """``labels(values)`` answers {value: label} for the values of ``facet`` shown (key area codes → names)."""
    _facet_labels[facet] = labels


def facet_labels(facet: str, values: list) -> dict:
    labels = _facet_labels.get(facet)
    return labels(values) if labels else {}


def autodiscover() -> None:
    """Import every installed app's ``search_sources`` module (called once, when the search app is ready)."""
    autodiscover_modules("search_sources")
