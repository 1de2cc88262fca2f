"""Django's ``flush``, able to empty the append-only audit table on SQLite (see core/audit_protection.py).

Flushing wipes every table, the audit log included, as it always did; on PostgreSQL it uses TRUNCATE,
which the row triggers do not cover. Tests rely on it between transactional tests.
"""

from django.core.management.commands import flush

from gongkai.core import audit_protection


class Command(flush.Command):
    def handle(self, **options):
        with audit_protection.deletion_allowed(options["database"]):
            return super().handle(**options)
