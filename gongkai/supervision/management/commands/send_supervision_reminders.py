import datetime as dt

from django.core.management.base import BaseCommand

from gongkai.supervision import services


class Command(BaseCommand):
    help = (
        "E-mail units whose progress report for a work-plan period is not handed in: the plan's 提前提醒 working "
        "days before it is due, and once when it is overdue (each once per period; run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        sent = services.send_reminders(today=today)
        for unit, task, stage in sent:
            self.stdout.write(f"{stage}: {unit} · {task}")
        self.stdout.write(f"reminded {len(sent)} report(s)")
