import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongkai.core.actors import system
from gongkai.core.models import Organization
from gongkai.supervision import services
from gongkai.supervision.annex import read_file
from gongkai.supervision.models import Schedule


class Command(BaseCommand):
    help = (
        "Import a work plan's task decomposition table (工作任务, 具体任务, 具体要求, 责任单位 — or 牵头单位/配合单位) "
        "from FILE: the work points' own text (.txt, the table tab-separated as in the seed), .csv or .xlsx. "
        "Title, document number, issuer and date are read from a text file; give them for CSV/XLSX. Responsible "
        "units are matched to the organization tree; names that match nothing are listed to be resolved in the "
        "back office. Any bad row: nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--government", help="full or short name of the issuing government")
        parser.add_argument("--title")
        parser.add_argument("--year", type=int)
        parser.add_argument("--doc-number", default="")
        parser.add_argument("--issued-on", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--schedule", choices=Schedule.values, default="", help="report schedule")
        parser.add_argument("--dry-run", action="store_true", help="read and match, import nothing")

    def handle(self, *args, file: Path, government=None, title=None, year=None, doc_number="", issued_on=None,
               schedule="", dry_run=False, **options):  # fmt: skip
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        unit = None
        if government:
            unit = (Organization.objects.filter(name=government).first()
                    or Organization.objects.filter(short_name=government).first())  # fmt: skip
            if unit is None:
                raise CommandError(f"no organization named {government}")
        try:
            with transaction.atomic():
                table = read_file(file)
                report = services.import_plan(actor=system("import_workplan"), table=table, government=unit, title=title or "", year=year,
                                     doc_number=doc_number, issued_on=issued_on, schedule=schedule)  # fmt: skip
                self._print(report)
                if dry_run:
                    transaction.set_rollback(True)
                    self.stdout.write("dry run: nothing imported")
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error

    def _print(self, report):
        plan = report.plan
        self.stdout.write(f"{plan.title}（{plan.doc_number or '无文号'}，{plan.issued_on}）")
        self.stdout.write(f"{report.tasks} tasks, {report.assignments} assignments")
        if report.open_ended:
            self.stdout.write("open-ended (等有关部门): tasks " + ", ".join(map(str, report.open_ended)))
        for order, name in report.unmatched:
            self.stdout.write(
                self.style.WARNING(f"task {order}: unmatched unit “{name}” — resolve it in the back office")
            )
        self.stdout.write(self.style.SUCCESS(f"imported {report.tasks} tasks"))
