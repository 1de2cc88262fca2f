import datetime as dt

from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.participation import proposals


class Command(BaseCommand):
    help = (
        "E-mail lead units about NPC suggestions and CPPCC proposals whose reply is due within 15 days and "
        "once the three-month deadline has passed (each once per deadline, even if two runs overlap; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="list the reminders due, send nothing")

    def handle(self, *args, today=None, dry_run=False, **options):
        sent = proposals.send_reminders(actor=system("send_proposal_reminders"), today=today, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{verb} for {len(sent)} proposal(s)")
        for number, stage in sent:
            self.stdout.write(f"  {number}: {stage}")
