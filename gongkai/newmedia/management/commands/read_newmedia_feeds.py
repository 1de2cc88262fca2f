"""`gongkai read_newmedia_feeds`: read the RSS/Atom feed of every operating new-media account that has one and
record its new entries as updates (run daily by gongkai-read_newmedia_feeds.timer). Idempotent: an entry read
before is not counted again, so a second run or a second machine does no harm."""

from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.newmedia import feedreader
from gongkai.newmedia.models import Account


class Command(BaseCommand):
    help = "Read the feeds of the operating new-media accounts into their updates (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the accounts, read nothing")
        parser.add_argument("--account", type=int, help="only this account (its id)")

    def handle(self, *args, dry_run=False, account=None, **options):
        accounts = Account.objects.checked().exclude(feed_url="").select_related("unit").order_by("pk")
        if account:
            accounts = accounts.filter(pk=account)
        actor = system("read_newmedia_feeds")
        read = new = failed = 0
        for found in accounts:
            if dry_run:
                self.stdout.write(f"{found.pk} {found.name}: {found.feed_url}")
                continue
            result = feedreader.read_feed(actor=actor, account=found)
            read += 1
            new += result.new
            if result.error:
                failed += 1
                self.stderr.write(f"{found.pk} {found.name}: {result.error}")
        self.stdout.write(
            f"{read} feed(s) read, {new} new update(s), {failed} failed{' (dry run)' if dry_run else ''}"
        )
