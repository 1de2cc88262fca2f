"""`gongkai probe_sites`: probe the availability of every site whose interval has passed (a day divided by its
probes per day, 48 by default). Run it every few minutes; each site is probed at its own pace."""

from django.core.management.base import BaseCommand

from gongkai.inspection import services
from gongkai.sites.models import Site


class Command(BaseCommand):
    help = "Probe each active site's pages (15 s limit) when its interval has passed (run every 5 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="probe every site now, whatever its interval")

    def handle(self, *args, all=False, **options):
        for site in Site.objects.filter(is_active=True).select_related("root"):
            if all or services.due_for_probe(site):
                probe = services.probe(site)
                state = "ok" if probe.ok else f"FAILED ({probe.error})"
                self.stdout.write(f"{site.name}: {probe.url} {state} in {probe.elapsed_ms} ms")
