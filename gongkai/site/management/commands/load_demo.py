"""`gongkai load_demo`: every app's demo data, in order. It lives in the site app, the top of the app graph
(nothing imports it), because it imports every app; in core it made core and every app import each other."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo
from gongkai.datasets import demo as datasets_demo
from gongkai.foi import corrections_demo, remedies_demo
from gongkai.foi import demo as foi_demo
from gongkai.foi import published_demo as foi_published_demo
from gongkai.gazette import demo as gazette_demo
from gongkai.guides import demo as guides_demo
from gongkai.inspection import demo as inspection_demo
from gongkai.interaction import demo as interaction_demo
from gongkai.newmedia import demo as newmedia_demo
from gongkai.participation import demo as participation_demo
from gongkai.policy import demo as policy_demo
from gongkai.publishing import demo as publishing_demo
from gongkai.publishing import demo_submissions
from gongkai.registers import demo as registers_demo
from gongkai.reports import demo as reports_demo
from gongkai.scans import demo as scans_demo
from gongkai.search import demo as search_demo
from gongkai.sites import demo as sites_demo
from gongkai.spotchecks import demo as spotchecks_demo
from gongkai.supervision import demo as supervision_demo
from gongkai.visits import demo as visits_demo
from gongkai.webreports import demo as webreports_demo


class Command(BaseCommand):
    help = "Load the demo data built from the seed document (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # The demo accounts' password is public (README, this command's output): never on a real site.
        # The check is here, in the one entry point an operator runs; the loader functions stay callable
        # from Python (tests), where whoever calls them already has the database.
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with debug off (GONGKAI_DEBUG is not 1): it creates staff accounts "
                "whose password is published in the README. Load the demo into a development database only."
            )
        report = load_demo()
        sites_demo.load(report)
        publishing_demo.load(report)
        foi_demo.load(report)
        corrections_demo.load(report)  # requests to correct records (Art. 41)
        remedies_demo.load(report)  # an application closed without a reply: the 办结告知书 with remedies
        interaction_demo.load(report)
        policy_demo.load(report)
        registers_demo.load(report)  # before the reports: table 2's decision and fee rows come from it
        spotchecks_demo.load(report)
        datasets_demo.load(report)
        guides_demo.load(report)
        newmedia_demo.load(report)
        visits_demo.load(report)
        reports_demo.load(report)  # after the register: table 2's normative-document rows come from it
        gazette_demo.load(report)
        participation_demo.load(report)
        supervision_demo.load(report)
        search_demo.load(report)
        foi_published_demo.load(report)  # after the index is built: Art. 36(1) replies search it
        demo_submissions.load(report)  # submits items the other demos published
        sites_demo.load_blocks(report)  # the news columns and records the blocks show exist by now
        # Issue 23, after everything they read: the archive scan, the day's inspection, the annual report.
        scans_demo.load(report)
        inspection_demo.load(report)
        webreports_demo.load(report)
        self.stdout.write(
            f"demo data: {report.organizations_created} organization(s), {report.staff_created} staff account(s), "
            f"{report.items_created} information item(s) and {report.applications_created} application(s) created"
        )
        self.stdout.write(f"demo logins (password for all: {DEMO_PASSWORD}) at /manage/:")
        for username, unit, role in report.logins:
            self.stdout.write(f"  {username:<16} {role:<8} {unit}")
        self.stdout.write(
            f"two-factor sign-in (公开办, 单位管理员): authenticator secret {DEMO_TOTP_SECRET} "
            f"(add it to an authenticator app, or: oathtool --totp -b {DEMO_TOTP_SECRET})"
        )
