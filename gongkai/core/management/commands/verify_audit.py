from django.core.management.base import BaseCommand, CommandError

from gongkai.core.audit import verify_chain

REASONS = {
    "missing": "a record is missing (sequence gap)",
    "link": "a record does not link to the one before it",
    "content": "a record's content does not match its hash",
    "truncated": "records were removed from the end of the log",
}


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain; exits non-zero and names the first bad record if it was altered."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit log altered at record #{report.broken_at}: {REASONS[report.reason]} "
                f"({report.checked} record(s) verified before it)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {report.checked} record(s) verified"))
