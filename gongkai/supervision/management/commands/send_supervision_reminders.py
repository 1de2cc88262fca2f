import datetime as dt

from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.supervision import services


class Command(BaseCommand):
    help = (
        "E-mail units whose progress report for a work-plan period is not handed in: the plan's 提前提醒 working "
        "days before it is due, and once when it is overdue (each once per period; run daily). Each reminder is "
        "claimed before it is sent, so two runs at once never send it twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list the reminders due, send and record nothing"
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        sent = services.send_reminders(
            actor=system("send_supervision_reminders"), today=today, dry_run=dry_run
        )
        for unit, task, stage in sent:
            self.stdout.write(f"{stage}: {unit} · {task}")
        if dry_run:
            self.stdout.write(f"dry run: {len(sent)} report(s) would be reminded, nothing sent")
        else:
            self.stdout.write(f"reminded {len(sent)} report(s)")
