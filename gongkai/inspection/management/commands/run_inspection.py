"""`gongkai run_inspection`: compute every site's inspection indicators for the day and keep the results (the
history and the responsible units' to-dos read them). Idempotent: a rerun replaces the day's results."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.inspection import services


class Command(BaseCommand):
    help = "Compute the website and new-media inspection indicators for every active site (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to judge (YYYY-MM-DD, default today)")

    def handle(self, *args, date=None, **options):
        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: expected YYYY-MM-DD, got {date!r}") from exc
        kept = services.run_daily(day)
        self.stdout.write(f"inspection of {day.isoformat()}: {kept} result(s) kept")
