"""The policy library and the gazette in a real browser: a repealed document's banner and replacement, and
axe-core on their pages."""

import datetime as dt

from gongkai.core.actors import system
from gongkai.gazette.models import Issue
from gongkai.policy import services
from gongkai.policy.models import Cleanup, Interpretation, RegisterEntry
from tests.browser.conftest import axe_violations


def test_a_repealed_document_shows_its_banner_and_leads_to_its_replacement(live_server, page, demo_items):
    page.goto(live_server.url + "/policy/register/?state=repealed")
    title_link = page.locator("table.data-table tbody tr").first.locator("td").nth(1).get_by_role("link")
    title = title_link.inner_text()
    title_link.click()
    page.wait_for_load_state()
    banner = page.get_by_role("note")
    assert "废止" in banner.inner_text()
    banner.get_by_role("link").click()  # 现行文件
    page.wait_for_load_state()
    replaces = page.get_by_role("region", name="本文件替代")
    assert title in replaces.inner_text()


def test_policy_and_gazette_pages_have_no_serious_accessibility_findings_and_fit_a_phone(
    live_server, browser, demo_items
):
    entry = RegisterEntry.objects.filter(item__validity="valid").first()
    services.amend(actor=system("browser_test"), entry=entry, body=entry.item.body + "<p>第二版增加的条款。</p>",
                   effective_on=dt.date(2026, 1, 1), note="增加一条")  # fmt: skip
    interpreted = Interpretation.objects.first().policy
    issue = Issue.objects.public().first()
    paths = ["/gazette/", issue.get_absolute_url(), "/policy/", "/policy/register/", f"/policy/register/{entry.pk}/?a=1&b=2", "/policy/issuers/",
             "/policy/cleanups/", Cleanup.objects.first().get_absolute_url(), interpreted.get_absolute_url()]  # fmt: skip
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, bypass_csp=True
    )
    page = context.new_page()
    problems = {}
    for path in paths:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        if found := axe_violations(page):
            problems[path] = found
    context.close()
    assert problems == {}
