"""Close the past days of visit statistics: the day's hits become daily aggregates and are deleted, the
day's salt is forgotten. Run nightly after midnight (deploy/systemd/gongkai-roll_up_visits.timer); idempotent
and safe to overlap (each hit is claimed by one run)."""

from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.visits import services


class Command(BaseCommand):
    help = "访问统计：把前一日及更早的访问记录汇总为每日统计并删除访客编码"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出待汇总的日期，不写入")

    def handle(self, *args, **options):
        if options["dry_run"]:
            pending = services.pending_days()
            self.stdout.write(f"visits to roll up: {', '.join(d.isoformat() for d in pending) or '-'}")
            return
        result = services.roll_up(actor=system("roll_up_visits"))
        days = ", ".join(d.isoformat() for d in result.days) or "-"
        self.stdout.write(f"visits rolled up: {len(result.days)} day(s) ({days}), {result.hits} hit(s)")
