"""Every staff page of every demo role, in Chromium: no English word once the pages' scripts have run (the
admin's column picker and calendar write their words from the jsi18n catalog), and axe-core finds nothing
above minor.

Each role signs in through the sign-in page as a person would (password, then the authenticator's code for
the roles that have one), and the sweep follows the links under /manage/ from the workspace home and the
admin's index, with every admin model's changelist, add form and first change form (one page of each
kind; no logout, delete confirmation or download). Each kind of page is visited once, by the first role to
reach it (the test without a browser checks every role's pages); the failure lists page, role and findings.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, pass_demo_second_step
from tests.staff_pages import (
    DEMO_PASSWORD,
    ROLES,
    Findings,
    admin_start_paths,
    crawl,
    data_values,
    english_on_page,
    page_kind,
)

ABOVE_MINOR = ("moderate", "serious", "critical")


def sign_in(page, base: str, username: str, findings: Findings, data) -> None:
    page.context.clear_cookies()
    page.goto(base + "/manage/admin/login/?next=/manage/")
    findings.add_english("anonymous", "/manage/admin/login/", english_on_page(page.content(), data))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    if "/two-factor/verify/" in page.url:
        findings.add_english(
            username, "/manage/admin/two-factor/verify/", english_on_page(page.content(), data)
        )
    pass_demo_second_step(page)
    assert "/login/" not in page.url and "/two-factor/" not in page.url, f"{username} could not sign in"


def test_every_staff_page_is_chinese_and_accessible(live_server, page, demo_items):
    base = live_server.url
    data = data_values()
    findings = Findings()
    axed: set[str] = set()
    visited: dict[str, int] = {}
    total = 0
    for role in ROLES:
        sign_in(page, base, role, findings, data)

        def fetch(path, role=role):
            response = page.goto(base + path)
            if response is None:
                return None
            if response.status >= 500:
                findings.other.append(f"[{role}] {path}: answered {response.status}")
            if response.status != 200 or "text/html" not in (response.headers.get("content-type") or ""):
                return None
            if not page.url.startswith(base + path.split("?")[0]):
                return None  # redirected elsewhere: that page is swept on its own
            page.wait_for_load_state("load")
            return page.content()  # the document as the scripts left it

        # The words of every page of every role are checked without a browser (tests/test_staff_pages.py);
        # here each kind of page is visited once, by the first role that reaches it, for what only a
        # browser shows: the text the scripts write, and axe.
        for path, html in crawl(fetch, admin_start_paths(), kinds=visited):
            total += 1
            findings.add_english(role, path, english_on_page(html, data))
            kind = page_kind(path)
            if kind not in axed:
                axed.add(kind)
                for violation in axe_violations(page, impacts=ABOVE_MINOR):
                    findings.other.append(f"[{role}] {path}: axe {violation}")
    assert total > 100, f"only {total} pages reached"
    assert not findings, f"{total} pages swept; found:\n" + findings.report()


def test_column_picker_speaks_chinese(live_server, page, demo_items):
    """The issue's example: the admin's column picker said "Choose 所属栏目 by selecting them ..."."""
    data = data_values()
    findings = Findings()
    sign_in(page, live_server.url, "fgw_editor", findings, data)
    page.goto(live_server.url + "/manage/admin/publishing/informationitem/add/")
    page.wait_for_selector("#id_columns_add")
    picker = page.locator(".selector").first
    text = picker.inner_text() + " ".join(
        page.eval_on_selector_all(".selector [title]", "els => els.map(e => e.title)")
    )
    assert "选择全部" in text and "移除全部" in text
    assert "Choose" not in text and "Remove" not in text
    assert not english_on_page(page.content(), data)


@pytest.mark.parametrize("width", [390])
def test_two_factor_devices_page_fits_a_phone(live_server, page, demo_items, width):
    findings = Findings()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "fgw_admin", findings, data_values())
    page.goto(live_server.url + "/manage/admin/two-factor/")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the devices page scrolls sideways by {overflow}px at {width}px"
    assert axe_violations(page, impacts=ABOVE_MINOR) == []
