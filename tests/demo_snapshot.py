"""The demo data, loaded once per test session and put back for each test that asks for it.

``load_demo`` takes the better part of a minute (hundreds of items, applications with their histories, the
reports of several years); the browser journeys and several page suites each start from it. The first test
that asks loads it once, with the settings every test runs under (``tests.conftest.TEST_SETTINGS``), keeps
every table's rows (PostgreSQL: ``COPY … TO STDOUT`` in its own text format; SQLite: the rows as values) and
the files it wrote, and puts back what the database held before (the migrations' rows, which the tests
without a transaction of their own rely on). A test then gets the same
data back in about a second: the tables are emptied and the rows written in one transaction (the foreign keys
are deferred, so they are checked at its end), the files copied into the test's own media folder. The search
index is not kept: the engine rebuilds it from the restored ``SearchDocument`` rows on the first query, as
after a database restore (``gongkai.search.engine``).

Two stages are kept: ``tree`` (the official calendar and the demo's organisations and accounts,
``gongkai.core.demo.load_demo``) and ``full`` (the whole ``load_demo`` command on top of it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.test import override_settings

from gongkai.core import audit_protection


@dataclass
class Snapshot:
    tables: list[tuple[str, str, object]]  # table, column list (SQL), rows (SQLite) or COPY data (PostgreSQL)
    media: Path | None = None  # a copy of the files it wrote, put into each test's MEDIA_ROOT


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def take(media: Path | None = None, into: Path | None = None, using: str = "default") -> Snapshot:
    """Every table's rows as they are now, and a copy of the ``media`` folder made in ``into``."""
    connection = connections[using]
    connection.ensure_connection()
    kept = []
    with contextlib.closing(connection.connection.cursor()) as cursor:
        for table in _tables(connection):
            name = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {name} TO STDOUT") as copy:
                    kept.append((name, "", b"".join(bytes(block) for block in copy)))
            else:
                cursor.execute(f"SELECT * FROM {name}")  # noqa: S608 - a table name from the schema
                columns = ", ".join(connection.ops.quote_name(d[0]) for d in cursor.description)
                kept.append((name, columns, cursor.fetchall()))
    if media is None:
        return Snapshot(tables=kept)
    Path(into).mkdir(parents=True, exist_ok=True)
    if Path(media).is_dir():
        shutil.copytree(media, into, dirs_exist_ok=True)
    return Snapshot(tables=kept, media=Path(into))


def restore(snapshot: Snapshot, using: str = "default") -> None:
    """Empty every table (sequences not restarted) and write the snapshot's rows, in one transaction; copy its
    files, if it kept any, into MEDIA_ROOT."""
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    with transaction.atomic(using=using), audit_protection.deletion_allowed(using):
        connection.ensure_connection()
        with contextlib.closing(connection.connection.cursor()) as cursor:
            for statement in connection.ops.sql_flush(no_style(), _tables(connection), allow_cascade=True):
                cursor.execute(statement)
            for name, columns, rows in snapshot.tables:
                if connection.vendor == "postgresql":
                    if rows:
                        with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                            copy.write(rows)
                elif rows:
                    marks = ", ".join("?" * len(rows[0]))
                    cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)  # noqa: S608
            if connection.vendor == "postgresql":
                # Each sequence moves past the rows put back, and only ever forward, so rows rolled back to
                # later (tests/demo_db.py) keep ids below it. SQLite's AUTOINCREMENT follows the largest id.
                for model in apps.get_models(include_auto_created=True):
                    table, pk = model._meta.db_table, model._meta.pk.column
                    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
                    sequence = cursor.fetchone()[0]
                    if sequence:
                        cursor.execute(
                            f"SELECT setval(%s, m) FROM (SELECT MAX({connection.ops.quote_name(pk)}) AS m "  # noqa: S608
                            f"FROM {connection.ops.quote_name(table)}) AS t "
                            f"WHERE m > (SELECT last_value FROM {sequence})",
                            [sequence],
                        )
    ContentType.objects.clear_cache()
    if snapshot.media is not None:
        shutil.copytree(snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


def take_stages(work: Path) -> dict[str, Snapshot]:
    """Load the demo into the emptied database, keep both stages, and put back what the database held before
    (the rows the migrations wrote, which the tests without a transaction of their own rely on). Run with no
    transaction open (a session fixture's setup): ``load_demo`` commits, and what runs on commit (indexing,
    tasks) is part of the demo. ``work`` (a session's temporary folder) holds the files it wrote."""
    from gongkai.core import services
    from gongkai.core.actors import system
    from gongkai.core.demo import load_demo
    from tests.conftest import TEST_SETTINGS

    media = work / "media"
    overrides = {**TEST_SETTINGS, "DEBUG": True, "MEDIA_ROOT": media,
                 "GONGKAI_SEARCH_INDEX_DIR": work / "search-index"}  # fmt: skip
    before = take()
    # Emptied as flush does, but the sequences are not restarted; the content types and permissions the
    # migrations wrote stay, so the demo's rows name the same ids as every other test's (a test that puts the
    # demo back in its own transaction and reads a content type keeps no id its rollback removes).
    kept = {connections["default"].ops.quote_name(t) for t in ("django_content_type", "auth_permission")}
    restore(Snapshot(tables=[table for table in before.tables if table[0] in kept]))
    try:
        with override_settings(**overrides):
            services.seed_calendar_from_package(actor=system("seed_calendar"))
            load_demo()
            tree = take(media, into=work / "tree-files")
            with open(os.devnull, "w") as quiet:
                call_command("load_demo", stdout=quiet)
            return {"tree": tree, "full": take(media, into=work / "full-files")}
    finally:
        restore(before)
