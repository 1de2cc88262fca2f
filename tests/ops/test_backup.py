"""`gongkai backup` then `gongkai restore` into an empty database: every row and every media file comes back.

On SQLite the target is a new file; on PostgreSQL a database created here (pg_dump/pg_restore of the
server's version must be installed: `make system-deps`)."""

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.core import page_version
from gongkai.core.models import AuditEvent, Organization, User
from gongkai.gazette.models import Issue

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n% gazette\n" + bytes(range(256)) * 8


@pytest.fixture
def records(tree, office, settings):
    """A little of everything: organizations, staff, audit records, a gazette issue with its PDF, a site file."""
    issue = Issue.objects.create(
        year=2026, number=3, overall=303, published_on=dt.date(2026, 3, 1), is_published=True
    )
    issue.pdf.save("gongkai-2026-3.pdf", ContentFile(PDF))
    (Path(settings.MEDIA_ROOT) / "sites").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "sites" / "emblem.svg").write_text("<svg>徽标</svg>", encoding="utf-8")
    return issue


@dataclass
class Target:
    """An empty database of the same kind, and a media directory, for `gongkai restore` run as a process."""

    env: dict
    media: Path
    connect: object
    file: Path | None = None  # SQLite

    def restore(self, archive, *args) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "gongkai", "restore", str(archive), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def rows(self, sql):
        db = self.connect()
        try:
            cursor = db.cursor()
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]
        finally:
            db.close()

    def tables(self):
        if connection.vendor == "postgresql":
            return self.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        if not self.file.exists():
            return []
        return self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")


@pytest.fixture
def target(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GONGKAI_DEBUG": "1",
        "GONGKAI_VAR_DIR": str(tmp_path / "restored-var"),
        "GONGKAI_LOG_FORMAT": "text",
    }
    created = None
    if connection.vendor == "postgresql":
        import psycopg

        created = f"test_ops_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created}"')
        conf = connection.settings_dict
        auth = conf["USER"] + (f":{conf['PASSWORD']}" if conf["PASSWORD"] else "")
        env["DATABASE_URL"] = (
            f"postgres://{auth}@{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}/{created}"
        )
        conninfo = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
        yield Target(env, tmp_path / "restored-var" / "media", lambda: psycopg.connect(conninfo))
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{created}"')
    else:
        env.pop("DATABASE_URL", None)  # SQLite under GONGKAI_VAR_DIR: a new file
        file = tmp_path / "restored-var" / "gongkai.sqlite3"
        yield Target(env, tmp_path / "restored-var" / "media", lambda: sqlite3.connect(file), file)


@pytest.mark.django_db(transaction=True)  # pg_dump reads from its own connection: the rows must be committed
def test_backup_then_restore_into_an_empty_database_finds_every_record(records, target, tmp_path):
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "2 media files" in out.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["database"]["vendor"] == connection.vendor
    tables = manifest["tables"]
    assert tables["core_organization"] == {"model": "core.Organization", "rows": Organization.objects.count()}
    assert tables["core_user"]["rows"] == User.objects.count() >= 1
    assert tables["core_auditevent"]["rows"] == AuditEvent.objects.count() >= 5
    assert tables["gazette_issue"]["rows"] == 1
    assert sorted(n for n in manifest["files"] if n.startswith("media/")) == [
        f"media/{records.pdf.name}",
        "media/sites/emblem.svg",
    ]

    def content_version():
        """What the restored site's processes read: the shared cache (REDIS_URL, this test's too) or the file
        under its GONGKAI_VAR_DIR."""
        if settings.REDIS_URL:
            return page_version.current().token
        file = target.media.parent / "page-version"
        return file.read_text() if file.exists() else None

    # Restore elsewhere, as an operator would: `gongkai restore` with the new database's settings.
    assert target.tables() == []
    before = content_version()
    done = target.restore(archive)
    assert done.returncode == 0, done.stderr
    assert "row counts match the manifest" in done.stdout
    assert content_version() not in {None, before}  # pages and search words are read anew

    for table, entry in tables.items():
        assert target.rows(f'SELECT COUNT(*) FROM "{table}"') == [(entry["rows"],)], table  # noqa: S608
    names = target.rows("SELECT name, credit_code FROM core_organization ORDER BY id")
    assert names == list(Organization.objects.order_by("id").values_list("name", "credit_code"))
    assert "临沂市教育局" in [name for name, _code in names]
    assert target.rows("SELECT username FROM core_user") == list(User.objects.values_list("username"))
    assert target.rows('SELECT hash FROM core_auditevent ORDER BY "seq" DESC')[0] == (
        AuditEvent.objects.order_by("-seq").values_list("hash").first()
    )
    assert target.rows("SELECT overall, pdf FROM gazette_issue") == [(303, records.pdf.name)]
    assert (target.media / records.pdf.name).read_bytes() == PDF
    assert (target.media / "sites" / "emblem.svg").read_text(encoding="utf-8") == "<svg>徽标</svg>"

    # A second restore finds the database full and refuses; --force restores over it.
    done = target.restore(archive)
    assert done.returncode == 1
    assert "目标数据库不是空的" in done.stderr
    before = content_version()
    done = target.restore(archive, "--force")
    assert done.returncode == 0, done.stderr
    assert content_version() != before
    assert target.rows("SELECT COUNT(*) FROM core_organization") == [(Organization.objects.count(),)]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_has_tables_unless_forced(records, tmp_path, settings):
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    settings.MEDIA_ROOT = tmp_path / "other-media"
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Organization.objects.count() == 5  # untouched


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_archive_before_touching_anything(records, target, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/sites/emblem.svg":
                data = data.replace("徽标".encode(), "改过".encode())
            copy.addfile(member, io.BytesIO(data))
    done = target.restore(damaged)
    assert done.returncode == 1
    assert "校验和不符" in done.stderr
    assert "media/sites/emblem.svg" in done.stderr
    assert target.tables() == []
    assert not target.media.exists()


def test_restore_of_something_else_is_a_clear_error(tmp_path):
    not_tar = tmp_path / "notes.txt"
    not_tar.write_text("不是备份")
    with pytest.raises(CommandError, match="不是有效的备份文件"):
        call_command("restore", str(not_tar), stdout=io.StringIO())
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "missing.tar"), stdout=io.StringIO())
