from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.foi import services


class Command(BaseCommand):
    help = (
        "Close applications whose correction period (Art. 30) or fee payment period ran out. Each is claimed "
        "with a conditional update, so two runs at once close it once. Idempotent; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args, dry_run=False, **options):
        codes = services.close_overdue(actor=system("close_lapsed_applications"), dry_run=dry_run)
        verb = "would close" if dry_run else "closed"
        self.stdout.write(f"{verb} {len(codes)} application(s)" + (f": {', '.join(codes)}" if codes else ""))
