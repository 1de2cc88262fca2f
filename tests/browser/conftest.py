"""Playwright (Python) driving Debian's Chromium against the live server, with axe-core for accessibility.

`make test` installs Chromium (apt) and axe-core (npm) when they are missing. Run these alone with
`pytest -m browser`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls our fixtures make there are
# ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Flags for this closed network: no background connections Chromium would make on its own.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the site's own pages never need inline script.
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db, demo_snapshots, request):
    """The demo tree and the official calendar (a transactional test starts from empty tables); a test that
    also asks for ``demo_items`` gets the whole demo alone (it holds the tree), whichever it names first."""
    from tests.demo_snapshot import restore

    if "demo_items" not in request.fixturenames:
        restore(demo_snapshots["tree"])


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    if not AXE.exists():
        raise RuntimeError("axe-core is not installed: `make test` runs npm ci")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations']
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


@pytest.fixture
def demo_items(transactional_db, demo_snapshots):
    """The whole demo (``load_demo``): catalogs, items, applications, messages, reports."""
    from tests.demo_snapshot import restore

    restore(demo_snapshots["full"])


def pass_demo_second_step(page) -> None:
    """After the password, a demo office or unit admin enters its authenticator's current code."""
    import base64

    from django_otp.oath import totp

    from gongkai.core.demo import DEMO_TOTP_SECRET

    page.wait_for_load_state()
    if "/two-factor/verify/" in page.url:
        page.get_by_label("验证码（必填）").fill(f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}")
        page.get_by_role("button", name="验证并登录").click()
        page.wait_for_load_state()


def pass_challenge(page, timeout: float = 30000) -> None:
    """Wait until the browser has solved the form's ALTCHA proof of work; the text question is then hidden."""
    page.wait_for_function(
        "() => { const q = document.querySelector('[data-challenge-question]'); return q && q.hidden; }",
        timeout=timeout,
    )
