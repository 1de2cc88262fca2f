from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.search import engine


class Command(BaseCommand):
    help = (
        "Delete the search change log's entries older than GONGKAI_SEARCH_LOG_KEEP_DAYS (the newest is kept); "
        "an index that was off longer rebuilds itself from the rows. Run daily by its timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=settings.GONGKAI_SEARCH_LOG_KEEP_DAYS,
            help="days kept (default: GONGKAI_SEARCH_LOG_KEEP_DAYS)",
        )

    def handle(self, *args, **options):
        keep = options["keep_days"]
        if keep < 1:
            self.stderr.write("保留天数至少为 1 天。")
            raise SystemExit(2)
        self.stdout.write(f"deleted {engine.prune_changes(keep)} change(s) older than {keep} day(s)")
