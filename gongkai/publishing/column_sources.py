"""Columns another module fills: a registry of record sources for catalog columns.

Some columns of the standard catalog (国办公开办函〔2019〕61号: 法定主动公开内容 and the key areas) hold records
that live in another module rather than as information items: the 行政法规、规章和规范性文件 column is the
policy register, 政府信息公开年报 the unit's annual reports, 人大代表建议和政协委员提案办理 the proposal replies.
An app that keeps such records registers a provider for the column's code in its own ``column_sources.py``
(found when publishing is ready, so publishing never imports those apps; they import publishing)::

    column_sources.register("a20-01", provider, label=_("规范性文件和规章台账"), more=lambda unit: url)

``provider(unit, request)`` returns the rows for one unit: a sequence of :class:`Row` (or of dicts with the
keys title, url, date, note, item_id), or :class:`QueryRows` over a queryset so that a page reads only
its own rows. The column page shows these rows when the column holds no items of its own, and beside the
items when it does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Row:
    title: str
    url: str
    date: dt.date | None = None
    note: str = ""
    # The information item this record is published as, if any: not listed twice beside the column's items.
    item_id: int | None = None


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    provider: Callable
    more: Callable | None = None  # unit -> the module's own list of these records, or None

    def rows(self, unit, request) -> Sequence[Row]:
        rows = self.provider(unit, request)
        if isinstance(rows, QueryRows):
            return rows
        return [as_row(r) for r in rows]

    def more_url(self, unit) -> str:
        return self.more(unit) if self.more else ""


def as_row(value) -> Row:
    if isinstance(value, Row):
        return value
    if isinstance(value, dict):
        date = value.get("date")
        if isinstance(date, dt.datetime):
            date = date.date()
        return Row(
            title=str(value["title"]),
            url=str(value["url"]),
            date=date,
            note=str(value.get("note") or ""),
            item_id=value.get("item_id"),
        )
    raise TypeError(f"not a column row: {value!r}")


class QueryRows:
    """A queryset read page by page, each record turned into a :class:`Row` (a Paginator takes it)."""

    def __init__(self, queryset, to_row: Callable):
        self.queryset = queryset
        self.to_row = to_row

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [as_row(self.to_row(obj)) for obj in self.queryset[index]]
        return as_row(self.to_row(self.queryset[index]))


def count_rows(found: Sequence) -> list[int]:
    """The number of rows of each of ``found`` (what :meth:`Source.rows` returned), the querysets of every
    :class:`QueryRows` counted in ONE query (a scalar subquery each; the same query once), so that a page
    listing many columns' record counts costs one query whatever modules register sources."""
    from django.core.exceptions import EmptyResultSet
    from django.db import connections

    counts: list[int | None] = [None if isinstance(rows, QueryRows) else len(rows) for rows in found]
    subqueries: dict[tuple, list[int]] = {}
    alias = None
    for index, rows in enumerate(found):
        if not isinstance(rows, QueryRows):
            continue
        queryset = rows.queryset.order_by().values("pk")
        alias = queryset.db
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            counts[index] = 0
            continue
        subqueries.setdefault((sql, tuple(params)), []).append(index)
    if subqueries:
        # each part is SQL Django compiled, its values passed as parameters
        parts = [f"(SELECT COUNT(*) FROM ({sql}) counted_{n})" for n, (sql, _p) in enumerate(subqueries)]  # noqa: S608
        params = [param for _sql, group in subqueries for param in group]
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            values = cursor.fetchone()
        for value, indexes in zip(values, subqueries.values(), strict=True):
            for index in indexes:
                counts[index] = value
    return [int(n) for n in counts]


_sources: dict[str, list[Source]] = {}


def register(code: str, provider: Callable, *, label, more: Callable | None = None) -> None:
    """Let ``provider`` fill the columns whose code is ``code`` (registering the same provider again is a no-op)."""
    found = _sources.setdefault(code, [])
    if any(s.provider is provider for s in found):
        return
    found.append(Source(code=code, label=str(label), provider=provider, more=more))


def unregister(code: str, provider: Callable) -> None:
    _sources[code] = [s for s in _sources.get(code, []) if s.provider is not provider]


def sources_for(code: str) -> list[Source]:
    return list(_sources.get(code, []))


def codes() -> set[str]:
    return {code for code, found in _sources.items() if found}


def autodiscover() -> None:
    autodiscover_modules("column_sources")
