"""`gongkai backup` and `gongkai restore` (备份与恢复): the database and the media files in one tar archive.

The archive holds, in this order:

- ``manifest.json``: format, Gongkai and Django versions, the database vendor, the rows of every table
  (counted in the same snapshot the dump was taken from), and the SHA-256 of every other member;
- the database: ``database.pgdump`` (``pg_dump -Fc`` of one snapshot, PostgreSQL) or ``database.sqlite3``
  (SQLite's online backup API: a consistent copy while the site runs);
- ``media/…``: the uploaded files (attachments, gazette PDFs, site emblems).

Restoring checks every checksum before touching anything, refuses a database that already has tables (or a
media directory with files) unless ``force``, and afterwards compares each table's rows with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


def gongkai_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def model_tables() -> dict[str, str]:
    """Table name -> model label for every table the project's models own (many-to-many tables included)."""
    tables: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.swapped:
            tables.setdefault(meta.db_table, meta.label)
    return dict(sorted(tables.items()))


def count_rows(cursor, quote, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the models
        counts[table] = cursor.fetchone()[0]
    return counts


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore (the password never on a command line)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def run_tool(args: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise CommandError(
            _("找不到 %(tool)s：请安装与数据库服务器版本一致的 PostgreSQL 客户端（make system-deps）。")
            % {"tool": args[0]}
        ) from exc
    if done.returncode:
        raise CommandError(_("%(tool)s 失败：%(error)s") % {"tool": args[0], "error": done.stderr.strip()})


def dump_postgresql(alias: str, target: Path, tables) -> dict[str, int]:
    """pg_dump of one snapshot, and the rows counted in that same snapshot."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows(cursor, connection.ops.quote_name, tables)
        run_tool(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            pg_environment(connection.settings_dict),
        )
    return counts


def dump_sqlite(alias: str, target: Path, tables) -> dict[str, int]:
    """SQLite's online backup API, then the rows counted in the copy."""
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        counts = count_rows(cursor, connection.ops.quote_name, tables)
    finally:
        copy.close()
    return counts


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def backup(output: Path, alias: str = "default") -> BackupResult:
    connection = connections[alias]
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise CommandError(_("不支持的数据库：%(vendor)s") % {"vendor": vendor})
    tables = model_tables()
    media_root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        counts = (dump_postgresql if vendor == "postgresql" else dump_sqlite)(alias, dump, tables)
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        files = {dump.name: {"sha256": sha256_file(dump), "size": dump.stat().st_size}}
        for path in media:
            name = str(PurePosixPath("media", *path.relative_to(media_root).parts))
            files[name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "gongkai_version": gongkai_version(),
            "django_version": django.get_version(),
            "database": {"vendor": vendor, "file": dump.name},
            "tables": {table: {"model": label, "rows": counts[table]} for table, label in tables.items()},
            "files": files,
        }
        partial = output.with_name(output.name + ".partial")
        # The archive holds applicants' personal data: readable by its owner only.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=dump.name)
            for path in media:
                tar.add(path, arcname=str(PurePosixPath("media", *path.relative_to(media_root).parts)))
        partial.replace(output)
    return BackupResult(output, manifest)


def safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(_("备份文件中有不安全的路径：%(name)s") % {"name": name})
    return path


def open_archive(archive: Path) -> tarfile.TarFile:
    if not archive.is_file():
        raise CommandError(_("找不到备份文件：%(path)s") % {"path": archive})
    try:
        return tarfile.open(archive, mode="r")
    except tarfile.TarError as exc:
        raise CommandError(_("不是有效的备份文件：%(path)s") % {"path": archive}) from exc


def read_archive(archive: Path, work: Path) -> dict:
    """Extract the members the manifest names into ``work`` and check each one's checksum."""
    with open_archive(archive) as tar:
        try:
            manifest = json.load(tar.extractfile(MANIFEST))
        except (KeyError, AttributeError, ValueError) as exc:
            raise CommandError(_("备份文件缺少清单（manifest.json）。")) from exc
        if manifest.get("format") != FORMAT:
            raise CommandError(_("备份格式版本不受支持：%(format)s") % {"format": manifest.get("format")})
        for name, expected in manifest["files"].items():
            target = work / safe_member(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                source = tar.extractfile(name)
            except KeyError:
                source = None
            if source is None:
                raise CommandError(_("备份文件缺少：%(name)s") % {"name": name})
            with source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
            if sha256_file(target) != expected["sha256"]:
                raise CommandError(_("校验和不符，备份文件已损坏：%(name)s") % {"name": name})
    return manifest


def database_has_tables(alias: str) -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def restore(archive: Path, alias: str = "default", force: bool = False) -> dict:
    connection = connections[alias]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        work = Path(tmp)
        manifest = read_archive(archive, work)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise CommandError(
                _("备份来自 %(source)s 数据库，不能恢复到 %(target)s 数据库。")
                % {"source": vendor, "target": connection.vendor}
            )
        if not force and database_has_tables(alias):
            raise CommandError(_("目标数据库不是空的；确认要覆盖时请加 --force。"))
        if not force and media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
            raise CommandError(_("媒体文件目录不是空的；确认要覆盖时请加 --force。"))
        dump = work / manifest["database"]["file"]
        connection.close()
        if vendor == "postgresql":
            args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
            if force:
                args += ["--clean", "--if-exists"]
            run_tool(
                [*args, f"--dbname={connection.settings_dict['NAME']}", str(dump)],
                pg_environment(connection.settings_dict),
            )
        else:
            source = sqlite3.connect(dump)
            target = sqlite3.connect(connection.settings_dict["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        media_source = work / "media"
        if media_source.is_dir():
            shutil.copytree(media_source, media_root, dirs_exist_ok=True)
        # The restored database must hold what the manifest counted, table by table.
        with connection.cursor() as cursor:
            counts = count_rows(cursor, connection.ops.quote_name, manifest["tables"])
        wrong = {t: (v["rows"], counts[t]) for t, v in manifest["tables"].items() if counts[t] != v["rows"]}
        if wrong:
            detail = "、".join(f"{t}（{want} → {got}）" for t, (want, got) in wrong.items())
            raise CommandError(_("恢复后的行数与清单不符：%(tables)s") % {"tables": detail})
    return manifest
