"""The database itself refuses UPDATE and DELETE on the audit table.

PostgreSQL: the ``pgtrigger.Protect`` trigger declared in ``AuditEvent.Meta`` (installed by its migration).
TRUNCATE is not a row trigger there, so Django's ``flush`` (tests, ``gongkai flush``) still empties it.

SQLite: two ``BEFORE`` triggers created here. Django's ``flush`` deletes rows with ``DELETE`` on SQLite, so
the DELETE trigger lets rows go only while the one-row table ``gongkai_audit_maintenance`` says
``allow_delete = 1``; :func:`deletion_allowed` sets it around ``flush`` (see the ``flush`` command). The
table is no Django model, so ``flush`` leaves it alone. A missing flag table makes the trigger fail,
so the check fails closed. SQLite drops a table's triggers when a migration rebuilds the table, so
:func:`install_sqlite` runs again after every ``migrate`` (``post_migrate``).

Neither stops a database administrator, who can drop a trigger; the HMAC key and the anchors outside
the database are what catch such a person. :func:`problem` reports a missing or disabled trigger to
``verify_audit``.
"""

from __future__ import annotations

import contextlib

from django.db import connections

TABLE = "core_auditevent"
FLAG_TABLE = "gongkai_audit_maintenance"
SQLITE_TRIGGERS = ("gongkai_auditevent_no_update", "gongkai_auditevent_no_delete")

SQLITE_STATEMENTS = [
    "CREATE TABLE IF NOT EXISTS gongkai_audit_maintenance ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), allow_delete INTEGER NOT NULL DEFAULT 0)",
    "INSERT OR IGNORE INTO gongkai_audit_maintenance (id, allow_delete) VALUES (1, 0)",
    "CREATE TRIGGER IF NOT EXISTS gongkai_auditevent_no_update BEFORE UPDATE ON core_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS gongkai_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    "WHEN NOT EXISTS (SELECT 1 FROM gongkai_audit_maintenance WHERE id = 1 AND allow_delete = 1) "
    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END",
]


def install_sqlite(connection) -> None:
    """Create the SQLite triggers (idempotent); does nothing on other databases."""
    if connection.vendor != "sqlite" or TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_STATEMENTS:
            cursor.execute(statement)


def install_after_migrate(using="default", **kwargs) -> None:
    install_sqlite(connections[using])


@contextlib.contextmanager
def deletion_allowed(using="default"):
    """Let ``flush`` empty the audit table on SQLite (PostgreSQL's TRUNCATE needs nothing)."""
    connection = connections[using]
    if connection.vendor != "sqlite" or FLAG_TABLE not in connection.introspection.table_names():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {FLAG_TABLE} SET allow_delete = 1 WHERE id = 1")  # noqa: S608 - constant
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {FLAG_TABLE} SET allow_delete = 0 WHERE id = 1")  # noqa: S608


def problem(using="default") -> str:
    """Why the database would accept an UPDATE or DELETE of an audit record, or "" if it would not."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        from .models import AuditEvent

        for trigger in AuditEvent._meta.triggers:
            status, enabled = trigger.get_installation_status(AuditEvent, database=using)
            if status != "INSTALLED" or not enabled:
                return f"the trigger {trigger.name} on {TABLE} is {status.lower()}" + (
                    "" if enabled or status != "INSTALLED" else " but disabled"
                )
        return ""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            present = {row[0] for row in cursor.fetchall()}
            missing = [name for name in SQLITE_TRIGGERS if name not in present]
            if missing:
                return f"the trigger(s) {', '.join(missing)} on {TABLE} are missing"
            cursor.execute(f"SELECT allow_delete FROM {FLAG_TABLE} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
            if row is None or row[0]:
                return f"{FLAG_TABLE} allows deleting audit records"
        return ""
    return f"the {connection.vendor} database has no append-only trigger for {TABLE}"
