from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.core import backup


class Command(BaseCommand):
    help = (
        "Write the database (pg_dump -Fc or SQLite's online backup) and the media files into one tar archive "
        "with a manifest (rows per table, checksums). Default: GONGKAI_BACKUP_DIR/gongkai-<time>.tar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="archive to write")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, output=None, database="default", **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.GONGKAI_BACKUP_DIR) / f"gongkai-{stamp}.tar"
        result = backup.backup(output, alias=database)
        rows = sum(table["rows"] for table in result.manifest["tables"].values())
        media = sum(1 for name in result.manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"{result.path}: {rows} rows in {len(result.manifest['tables'])} tables, {media} media files"
        )
