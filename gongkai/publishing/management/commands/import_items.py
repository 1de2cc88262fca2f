from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from gongkai.core.actors import system
from gongkai.core.models import Organization
from gongkai.publishing import importer, services


class Command(BaseCommand):
    help = (
        "Import legacy published items from CSV or XLSX for one unit. Columns (first row): 标题, 发布日期, 栏目 "
        "(required) and 索引号, 文号, 成文日期, 主题分类, 体裁, 内容概述, 关键词, 有效性, 重点领域, 正文. "
        "A file with any invalid row imports nothing unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--unit", required=True, help="the unit's unified social credit code (or full name)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and report, import nothing"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the others"
        )

    def handle(self, *args, file: Path, unit: str, dry_run=False, skip_invalid=False, **options):
        organization = Organization.objects.filter(Q(credit_code=unit.upper()) | Q(name=unit)).first()
        if organization is None:
            raise CommandError(f"no organization with credit code or name {unit!r}")
        if not file.exists():
            raise CommandError(f"no such file: {file}")
        actor = system("import_items")
        services.ensure_catalog(actor=actor, unit=organization)
        try:
            rows = importer.read_rows(file)
        except Exception as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        report = importer.import_rows(
            rows, actor=actor, unit=organization, dry_run=dry_run, skip_invalid=skip_invalid
        )
        for error in report.errors:
            self.stdout.write(f"第{error.row}行：{error.message}")
        valid = len(report.imported)
        if report.committed:
            self.stdout.write(
                self.style.SUCCESS(f"imported {valid} of {report.total} row(s) into {organization.name}")
            )
        elif dry_run:
            self.stdout.write(f"dry run: {valid} of {report.total} row(s) valid; nothing imported")
        else:
            raise CommandError(
                f"{len(report.errors)} invalid row(s); nothing imported (fix them, or use --skip-invalid)"
            )
