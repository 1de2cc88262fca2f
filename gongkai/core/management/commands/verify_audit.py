from django.core.management.base import BaseCommand, CommandError

from gongkai.core import audit_anchors, audit_protection
from gongkai.core.audit import verify_chain

REASONS = {
    "missing": "a record is missing (sequence gap)",
    "link": "a record does not link to the one before it",
    "content": "a record's content does not match its hash",
    "truncated": "records were removed from the end of the log",
    "key": "a record is signed with an unknown audit key (set GONGKAI_AUDIT_OLD_KEYS)",
    "scheme": "an unkeyed (plain SHA-256) record follows keyed ones",
    "unkeyed": "the newest record is not keyed (keyed records were recomputed without the key)",
}


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain, every anchor in GONGKAI_AUDIT_ANCHOR_FILE and the database's "
        "append-only triggers; exits non-zero naming what broke."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"audit log altered at record #{report.broken_at}: {REASONS[report.reason]} "
                f"({report.checked} record(s) verified before it)"
            )
        path = audit_anchors.anchor_file()
        anchors = audit_anchors.check(path)
        if not anchors.ok:
            raise CommandError(
                f"audit log does not match its anchors: line {anchors.line} of {path}: {anchors.problem} "
                f"({anchors.checked} anchor(s) matched before it)"
            )
        problem = audit_protection.problem()
        if problem:
            raise CommandError(f"audit log is not protected by the database: {problem}")
        anchored = (
            f"{anchors.checked} anchor(s) in {path} matched"
            if anchors.checked
            else f"no anchors in {path} yet (run `gongkai anchor_audit` daily)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"audit log intact: {report.checked} record(s) verified, {anchored}")
        )
