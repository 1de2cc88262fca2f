from django.core.management.base import BaseCommand

from gongkai.interaction import services


class Command(BaseCommand):
    help = "E-mail handling units about messages due tomorrow or overdue (each once; run daily)."

    def handle(self, *args, **options):
        sent = services.send_reminders()
        self.stdout.write(f"reminded for {len(sent)} message(s)")
