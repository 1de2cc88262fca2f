from django.core.management.base import BaseCommand

from gongkai.search import index


class Command(BaseCommand):
    help = "Rebuild the search index from everything public (information items, published messages)."

    def handle(self, *args, **options):
        self.stdout.write(f"indexed {index.rebuild()} document(s)")
