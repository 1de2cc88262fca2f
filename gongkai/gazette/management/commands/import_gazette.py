from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.actors import system
from gongkai.gazette import services


class Command(BaseCommand):
    help = (
        "Import past gazette issues from DIR: contents.csv (年份, 期号, 总期号, 出版日期, PDF, 栏目, 顺序, 标题, 文号, "
        "页码; one row per contents entry, UTF-8 or GB18030) and the PDFs it names. Any invalid row: nothing is "
        "imported. Issues already in the archive (same 总期号) are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report, import nothing"
        )

    def handle(self, *args, directory: Path, dry_run=False, **options):
        if not (directory / "contents.csv").is_file():
            raise CommandError(f"no contents.csv in {directory}")
        try:
            report = services.import_archive(directory, actor=system("import_gazette"), dry_run=dry_run)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        for message in report.errors:
            self.stdout.write(message)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); nothing imported")
        if dry_run:
            self.stdout.write("dry run: every row is valid; nothing imported")
            return
        for issue in report.issues:
            self.stdout.write(f"imported {issue.title}: {issue.articles.count()} article(s)")
        if report.skipped:
            self.stdout.write(f"skipped {len(report.skipped)} issue(s) already in the archive")
        self.stdout.write(self.style.SUCCESS(f"imported {len(report.issues)} issue(s)"))
