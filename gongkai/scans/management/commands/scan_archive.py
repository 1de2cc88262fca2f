"""Queue a scan of the published archive (all checks, or one with --check); the task worker runs it.

Run daily by deploy/systemd/gongkai-scan-archive.timer. ``--now`` runs it in this process instead (an
operator's one-off, or a closed site without a worker)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.actors import system
from gongkai.scans import services
from gongkai.scans.models import Check, RunStatus, Trigger


class Command(BaseCommand):
    help = "Queue a scan of published information (lexicon and leaders' titles, personal data, links)."

    def add_arguments(self, parser):
        parser.add_argument("--check", choices=Check.values, default="", help="one check only")
        parser.add_argument("--now", action="store_true", help="run in this process instead of queueing")

    def handle(self, *args, check="", now=False, **options):
        from django.db import transaction

        from gongkai.core.claims import claim
        from gongkai.scans import scanner
        from gongkai.scans.models import ScanRun

        actor = system("scan_archive")
        if not now:
            run = services.request_scan(actor=actor, kind=check, trigger=Trigger.COMMAND)
            self.stdout.write(f"queued scan run {run.pk} ({check or 'all checks'})")
            return
        with transaction.atomic():
            run = ScanRun.objects.create(kind=check, trigger=Trigger.COMMAND)
        if not claim(ScanRun.objects.filter(status=RunStatus.QUEUED), run.pk, status=RunStatus.RUNNING):
            raise CommandError("run already taken")
        run.refresh_from_db()
        scanner.execute(run)
        self.stdout.write(
            f"scan run {run.pk}: {run.items} items, {run.attachments} attachments, {run.found} found, "
            f"{run.created} new, {run.closed} closed as fixed"
        )
