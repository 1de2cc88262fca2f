from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.foi import services


class Command(BaseCommand):
    help = (
        "E-mail handling units 5, 3 and 1 working days before replies are due (once per threshold: each "
        "reminder is claimed with a conditional update, so two runs at once send it once; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the reminders due, send nothing")

    def handle(self, *args, dry_run=False, **options):
        sent = services.send_reminders(actor=system("send_foi_reminders"), dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{verb} for {len(sent)} application(s)")
        for code, left in sent:
            self.stdout.write(f"  {code}: {left} working day(s) left")
