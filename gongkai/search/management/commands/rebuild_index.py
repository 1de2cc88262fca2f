from django.core.management.base import BaseCommand

from gongkai.search import index


class Command(BaseCommand):
    help = (
        "Index everything public again (information items, published messages), segmenting in a pool of "
        "processes; the site keeps serving meanwhile. Shows documents/s and the time left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=None, help="segmenting processes (default: cores)"
        )
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, **options):
        def show(text: str) -> None:
            self.stderr.write(text, ending="")
            self.stderr.flush()

        total = index.rebuild(batch=options["batch"], processes=options["processes"], progress_to=show)
        self.stdout.write(f"indexed {total} document(s)")
