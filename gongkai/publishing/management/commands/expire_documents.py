from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.publishing import services


class Command(BaseCommand):
    help = "Mark as expired the published documents whose validity period ran out (idempotent; run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would expire, change nothing")

    def handle(self, *args, dry_run=False, **options):
        ids = services.expire_documents(actor=system("expire_documents"), dry_run=dry_run)
        verb = "would expire" if dry_run else "expired"
        self.stdout.write(f"{verb} {len(ids)} document(s)" + (f": {', '.join(map(str, ids))}" if ids else ""))
