from django.conf import settings
from django.core.management.base import BaseCommand

from gongkai.core.actors import system
from gongkai.foi import documents


class Command(BaseCommand):
    help = (
        "Delete the applicants' files (identity proof, material, corrections) of applications closed more than "
        "GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS ago with no reconsideration or suit pending; each file's record "
        "stays with the day it went, and the audit log says so. Idempotent; run daily by its timer."
    )

    def handle(self, *args, **options):
        gone = documents.purge_applicant_files(actor=system("purge_foi_files"))
        keep = settings.GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS
        self.stdout.write(
            f"deleted {gone} applicant file(s) of applications closed more than {keep} day(s) ago"
        )
