from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core import audit_anchors


class Command(BaseCommand):
    help = (
        "Append the audit chain's head (seq, hash, record count, time; signed) to GONGKAI_AUDIT_ANCHOR_FILE "
        "and mail it to the openness office; run daily. Verifies the log first and refuses a broken one; "
        "a head already anchored is not anchored again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print the line, write and mail nothing")

    def handle(self, *args, dry_run=False, **options):
        # Anchoring a rewritten log would vouch for it: verify_audit raises CommandError if it is broken.
        call_command("verify_audit", stdout=self.stdout, stderr=self.stderr)
        anchor = audit_anchors.current()
        line = audit_anchors.to_line(anchor)
        previous = audit_anchors.last()
        if previous and (previous.get("seq"), previous.get("hash")) == (anchor["seq"], anchor["hash"]):
            self.stdout.write(f"head #{anchor['seq']} is already anchored; nothing written")
            return
        if dry_run:
            self.stdout.write(f"would append: {line}")
            return
        audit_anchors.append(anchor)
        mailed = audit_anchors.mail(anchor)
        self.stdout.write(f"anchored head #{anchor['seq']} in {audit_anchors.anchor_file()}: {line}")
        self.stdout.write(f"mailed to {', '.join(mailed)}" if mailed else "not mailed (no mail configured)")
