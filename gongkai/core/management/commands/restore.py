from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.core import backup, page_version


class Command(BaseCommand):
    help = (
        "Restore an archive written by `gongkai backup` into an EMPTY database (no tables: a new SQLite file, "
        "a database just created with createdb) and the media directory; checks every checksum first and the "
        "rows of every table afterwards, then moves the content version (pages and search words are read "
        "anew). --force overwrites a database or media directory that has content."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument("--force", action="store_true", help="overwrite a database that is not empty")

    def handle(self, *args, archive, database="default", force=False, **options):
        manifest = backup.restore(archive, alias=database, force=force)
        # Every process serving the restored database drops what it kept of the old one: cached pages and
        # their ETags, the search lexicon's words, synonyms and best bets (both follow the content version).
        page_version.bump()
        rows = sum(table["rows"] for table in manifest["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"restored {rows} rows in {len(manifest['tables'])} tables and {media} media files "
            f"(backup of {manifest['created_at']}); row counts match the manifest"
        )
