"""Keyed audit hashes and append-only enforcement in the database.

- ``hash_scheme`` and ``key_id`` on every record: existing records were hashed with plain SHA-256 and stay
  ``sha256`` (re-keying them would make whatever they now contain verify); new records are HMAC-SHA256
  under ``GONGKAI_AUDIT_KEY``. A chain that has unkeyed records is sealed with one keyed record.
- PostgreSQL: the pgtrigger Protect trigger refuses UPDATE and DELETE. SQLite: triggers do the same
  (created only on SQLite; see gongkai/core/audit_protection.py).
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def seal(apps, schema_editor):
    from gongkai.core import audit

    audit.seal_legacy_chain(apps.get_model("core", "AuditEvent"), apps.get_model("core", "AuditChainHead"))


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from gongkai.core import audit_protection

    for statement in audit_protection.SQLITE_STATEMENTS:
        schema_editor.execute(statement)


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from gongkai.core import audit_protection

    for name in audit_protection.SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {audit_protection.FLAG_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_publicchallenge"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash_scheme",
            field=models.CharField(
                choices=[("sha256", "SHA-256"), ("hmac-sha256", "HMAC-SHA256")],
                default="sha256",
                editable=False,
                max_length=16,
                verbose_name="哈希算法",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name="密钥编号"),
        ),
        migrations.RunPython(seal, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="auditevent",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="a9043e623706cd6457f6ad43abcff01319f851a7",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_6d6e0",
                    table="core_auditevent",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.RunPython(sqlite_triggers, drop_sqlite_triggers),
    ]
