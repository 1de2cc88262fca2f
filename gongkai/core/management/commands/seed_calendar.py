from django.core.management.base import BaseCommand

from gongkai.core import calendar as cal
from gongkai.core import services
from gongkai.core.actors import system


class Command(BaseCommand):
    help = "Load official holidays and make-up workdays from the chinese-calendar package (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="also replace days that staff entered by hand"
        )

    def handle(self, *args, overwrite=False, **options):
        years = cal.package_years()
        written = services.seed_calendar_from_package(actor=system("seed_calendar"), overwrite=overwrite)
        total = sum(written.values())
        self.stdout.write(f"calendar: package covers {years.start}-{years.stop - 1}; {total} day(s) written")
