"""`gongkai expire_register_entries`: take out of the search index the penalties whose public period ended in the
last days (the pages and the API read the period against today already; the index is told here). Idempotent:
run it every night; a missed night is caught up by the look-back."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.registers.models import Decision
from gongkai.search.tasks import index_document

LOOK_BACK_DAYS = 30


class Command(BaseCommand):
    help = "Take penalties past their public period out of the search index (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        ended = Decision.objects.filter(
            public_until__lt=today, public_until__gte=today - dt.timedelta(days=LOOK_BACK_DAYS)
        ).values_list("pk", flat=True)
        for pk in ended:
            if not dry_run:
                index_document.enqueue("registers.decision", pk)
        self.stdout.write(
            f"{len(ended)} penalty decision(s) past their public period{' (dry run)' if dry_run else ''}"
        )
