"""Two full-text backends behind one interface: SQLite FTS5 (embedded default) and PostgreSQL tsvector/GIN.

Both index the same segmented terms (``SearchDocument.terms_*``) with field weights: title above keywords
above body. SQLite ranks with FTS5's BM25; PostgreSQL with ts_rank_cd over weighted vectors (it has no BM25).
A query is a list of groups (a word and its synonyms): every group must match, any alternative of a group will
do; an alternative is a term, or a tuple of terms that must all be there (a long word's parts).
"""

from __future__ import annotations

from django.db import connection

TITLE_WEIGHT, KEYWORDS_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


class SqliteBackend:
    name = "sqlite-fts5"

    def upsert(self, cursor, doc) -> None:
        cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [doc.pk])
        cursor.execute(
            "INSERT INTO search_fts(rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
            [doc.pk, doc.terms_title, doc.terms_keywords, doc.terms_body],
        )

    def bulk_insert(self, cursor, docs) -> None:
        """Rows for documents new to the index, in one statement per batch."""
        cursor.executemany(
            "INSERT INTO search_fts(rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
            [(d.pk, d.terms_title, d.terms_keywords, d.terms_body) for d in docs],
        )

    def remove(self, cursor, doc_id: int) -> None:
        cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [doc_id])

    def expression(self, groups: list[list]) -> str:
        def alternative(a) -> str:
            return "(" + " AND ".join(_quote(t) for t in a) + ")" if isinstance(a, tuple) else _quote(a)

        return " AND ".join("(" + " OR ".join(alternative(a) for a in group) + ")" for group in groups)

    def matching_ids_sql(self, groups) -> tuple[str, list]:
        return "SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.expression(groups)]

    def ranked(self, groups, limit: int) -> list[tuple[int, float]]:
        # The weights are module constants; the query expression and limit are parameters.
        sql = (
            "SELECT rowid, -bm25(search_fts, %s, %s, %s) AS score "
            "FROM search_fts WHERE search_fts MATCH %s ORDER BY score DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [TITLE_WEIGHT, KEYWORDS_WEIGHT, BODY_WEIGHT, self.expression(groups), limit])
            return list(cursor.fetchall())


class PostgresBackend:
    name = "postgresql-tsvector"

    VECTOR = (
        "UPDATE search_searchdocument SET search_vector = setweight(to_tsvector('simple', terms_title), 'A') || "
        "setweight(to_tsvector('simple', terms_keywords), 'B') || setweight(to_tsvector('simple', terms_body), 'C') "
        "WHERE id = ANY(%s)"
    )

    def upsert(self, cursor, doc) -> None:
        cursor.execute(self.VECTOR, [[doc.pk]])

    def bulk_insert(self, cursor, docs) -> None:
        """The vectors of a batch, from the terms already stored, in one statement."""
        cursor.execute(self.VECTOR, [[d.pk for d in docs]])

    def remove(self, cursor, doc_id: int) -> None:
        """The row itself goes; nothing else to do."""

    def expression(self, groups: list[list]) -> str:
        def term(t: str) -> str:
            return "'" + t.replace("'", "").replace("\\", "") + "'"

        def alternative(a) -> str:
            return "(" + " & ".join(term(t) for t in a) + ")" if isinstance(a, tuple) else term(a)

        return " & ".join("(" + " | ".join(alternative(a) for a in group) + ")" for group in groups)

    def matching_ids_sql(self, groups) -> tuple[str, list]:
        return (
            "SELECT id FROM search_searchdocument WHERE search_vector @@ to_tsquery('simple', %s)",
            [self.expression(groups)],
        )

    def ranked(self, groups, limit: int) -> list[tuple[int, float]]:
        weights = [0.0, BODY_WEIGHT / TITLE_WEIGHT, KEYWORDS_WEIGHT / TITLE_WEIGHT, 1.0]  # D, C, B, A
        sql = (
            "SELECT id, ts_rank_cd(%s::float4[], search_vector, q, 1) AS score FROM search_searchdocument, "
            "to_tsquery('simple', %s) q WHERE search_vector @@ q ORDER BY score DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [weights, self.expression(groups), limit])
            return list(cursor.fetchall())


def current():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
