"""The W3C Nu HTML checker (vnu.jar from the vnu-jar npm package, on the machine's Java) on every public page
type, fetched as served by the live server: 0 errors. One JVM start checks all the pages at once."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone

from gongkai.foi.demo import DEMO_TRACKING
from tests.browser.conftest import ROOT
from tests.browser.test_page_conventions import main_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def first_url(queryset) -> str | None:
    found = queryset.order_by("pk").first()
    return found.get_absolute_url() if found is not None else None


def page_types() -> list[str]:
    """One page of each public type beyond the main pages: details of every kind, lists with filters, the
    forms, empty results and the 404 page."""
    from gongkai.core.models import Organization
    from gongkai.datasets.models import Release
    from gongkai.gazette.models import Issue
    from gongkai.interaction.models import Message
    from gongkai.participation.models import Consultation, Meeting, Proposal
    from gongkai.policy.models import Cleanup, RegisterEntry
    from gongkai.publishing.models import Column, InformationItem
    from gongkai.registers.models import BudgetDisclosure, Decision, FeeItem, PowerItem
    from gongkai.supervision.models import WorkPlan

    items = InformationItem.objects.published()
    county = Organization.objects.get(name="临沂市兰山区人民政府")
    column = Column.objects.active().filter(items__in=items).order_by("pk").first()
    # The two pages the issue names (item 111 and consultation 1 of a SQLite demo: keys differ on PostgreSQL,
    # whose sequences the test database does not reset), an item whose body has headings of its own, then an
    # item of every genre and validity.
    named_item = items.order_by("pk")[110:111].first() or items.order_by("pk").first()
    first_consultation = Consultation.objects.order_by("pk").first()
    pages = [
        named_item.get_absolute_url(),
        first_consultation.get_absolute_url(),
        first_url(items.filter(body__contains="<h")),
        *{first_url(items.filter(genre=genre)) for genre in items.values_list("genre", flat=True).distinct()},
        *{first_url(items.filter(validity=v)) for v in items.values_list("validity", flat=True).distinct()},
        first_url(items.filter(attachments__isnull=False)),
        f"{named_item.get_absolute_url()}print/",
        f"/xxgk/{column.unit_id}/columns/{column.pk}/",
        f"/organizations/{county.pk}/",
        "/search/",
        "/search/?q=没有这样的词语组合",
        "/policy/issuers/",
        "/policy/cleanups/",
        first_url(Cleanup.objects.filter(published_at__isnull=False)),
        first_url(RegisterEntry.objects.filter(item__status="published")),
        "/gazette/",
        first_url(Issue.objects.public()),
        *{first_url(Consultation.objects.public().exclude(pk=first_consultation.pk))},
        "/participation/decisions/",
        "/participation/proposals/",
        "/participation/meetings/",
        first_url(Proposal.objects.filter(status=Proposal.Status.REPLIED)),
        first_url(Meeting.objects.filter(is_published=True)),
        "/interaction/write/",
        "/interaction/follow/",
        "/interaction/stats/",
        "/interaction/faq/",
        first_url(Message.objects.listed()),
        "/foi/apply/",
        "/foi/track/",
        "/foi/statistics/",
        "/supervision/",
        first_url(WorkPlan.objects.public()),
        "/registers/inspections/matters/",
        "/registers/inspections/results/",
        first_url(PowerItem.objects.public()),
        first_url(FeeItem.objects.all()),
        first_url(BudgetDisclosure.objects.all()),
        first_url(Decision.objects.public(timezone.localdate()).filter(kind="licensing")),
        first_url(Release.objects.public()),
        "/calendar/?start=2019-09-20&days=20",
        "/no-such-page/",
    ]
    return list(dict.fromkeys(p for p in [*main_pages(), *pages] if p))


def foi_tracking_page(request, base: str, code: str, secret: str) -> str:
    """The tracking page of a demo application, found with its code and secret."""
    form = request.get(base + "/foi/track/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text()).group(1)
    answer = request.post(
        base + "/foi/track/",
        form={"csrfmiddlewaretoken": token, "tracking_code": code, "secret": secret},
    )
    assert answer.ok, answer.status
    assert code in answer.text()
    return answer.text()


class Headings(HTMLParser):
    """Heading levels in document order."""

    def __init__(self):
        super().__init__()
        self.levels: list[int] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


def heading_skips(html: str) -> list[str]:
    """Each place a heading goes more than one level below the one before (an h3 right after the h1): the
    Nu checker leaves this to a warning, WCAG 1.3.1 and the page conventions do not."""
    parser = Headings()
    parser.feed(html)
    return [f"h{a} → h{b}" for a, b in pairwise([1, *parser.levels]) if b > a + 1]


def fetch(request, base: str, path: str):
    """The page as served; a record of a county is served on the county's portal, asked for by its host."""
    response = request.get(base + path, max_redirects=0)
    if response.status in (301, 302):
        target = urlsplit(response.headers["location"])
        if target.netloc and target.netloc != urlsplit(base).netloc:
            response = request.get(base + target.path, headers={"Host": target.netloc})
    return response


def vnu_errors(files: dict[Path, str]) -> list[str]:
    """Run the checker once on all the files; each error as one readable line with the page it is on."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        raise RuntimeError("Java or vnu.jar is missing: `make test` installs them (apt, npm ci)")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(run.stdout)["messages"]
    by_name = {path.name: url for path, url in files.items()}
    found = []
    for message in messages:
        url = by_name.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())
        found.append(f"{url} ({where}): {message['message']}  [{extract}]")
    return found


def test_every_public_page_type_passes_the_nu_html_checker(live_server, page, demo_items, tmp_path):
    request = page.context.request
    files, errors = {}, []
    for number, path in enumerate(page_types()):
        response = fetch(request, live_server.url, path)
        assert response.ok or path == "/no-such-page/", (path, response.status)
        assert "text/html" in response.headers["content-type"], path
        file = tmp_path / f"page{number:03d}.html"
        file.write_bytes(response.body())
        files[file] = path
        if skips := heading_skips(response.text()):
            errors.append(f"{path}: heading levels skip ({', '.join(skips)})")
    for state, (code, secret) in DEMO_TRACKING.items():
        tracking = tmp_path / f"foi-track-{state}.html"
        tracking.write_text(foi_tracking_page(request, live_server.url, code, secret), encoding="utf-8")
        files[tracking] = f"/foi/track/ (the demo's {state} application)"
    assert len(files) > 70
    errors += vnu_errors(files)
    assert errors == [], "\n" + "\n".join(errors)
