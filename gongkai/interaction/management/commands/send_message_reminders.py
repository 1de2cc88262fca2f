from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.interaction import services


class Command(BaseCommand):
    help = (
        "E-mail handling units about messages due tomorrow or today and about overdue ones "
        "(each once, even if two runs overlap; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the reminders due, send nothing")

    def handle(self, *args, dry_run=False, **options):
        sent = services.send_reminders(actor=system("send_message_reminders"), dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{verb} for {len(sent)} message(s)")
        for code, stage in sent:
            self.stdout.write(f"  {code}: {stage}")
