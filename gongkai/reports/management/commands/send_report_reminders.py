from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.reports import services


class Command(BaseCommand):
    help = (
        "Remind units whose annual report for last year is not published "
        "(from 1 January; each stage once, even if two runs overlap; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the reminders due, send nothing")

    def handle(self, *args, dry_run=False, **options):
        sent = services.send_report_reminders(actor=system("send_report_reminders"), dry_run=dry_run)
        self.stdout.write(f"{'would remind' if dry_run else 'reminded'} {len(sent)} unit(s)")
        for name, stage in sent:
            self.stdout.write(f"  {name}: {stage}")
