from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.core import services
from gongkai.core.actors import system
from gongkai.core.models import User


class Command(BaseCommand):
    help = "Issue an API bearer token for a staff account and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what the token is for")

    def handle(self, *args, username, name, **options):
        staff = User.objects.filter(username=username).first()
        if staff is None:
            raise CommandError(f"no staff account named {username!r}")
        try:
            _, raw = services.issue_token(actor=system("issue_token"), staff=staff, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(raw)
