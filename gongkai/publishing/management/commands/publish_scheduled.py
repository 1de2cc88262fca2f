from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.publishing import services


class Command(BaseCommand):
    help = "Publish approved items whose scheduled time has come (idempotent; run every minute or so)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list what would be published, change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        ids = services.publish_due_items(actor=system("publish_scheduled"), dry_run=dry_run)
        verb = "would publish" if dry_run else "published"
        self.stdout.write(f"{verb} {len(ids)} item(s)" + (f": {', '.join(map(str, ids))}" if ids else ""))
