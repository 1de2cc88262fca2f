"""Journeys a visitor makes in a real browser, and axe-core on every public page."""

import pytest

from gongkai.core.models import Organization
from tests.browser.conftest import axe_violations


def test_elder_mode_switches_on_and_persists_across_pages(live_server, page, demo):
    page.goto(live_server.url + "/")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("class") == "elder"
    larger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= normal_size * 1.25

    # 机构设置 left the main menu for the footer (a portal's menu stays short).
    page.get_by_role("navigation", name="网站导航").get_by_role("link", name="机构设置").click()
    page.wait_for_load_state()
    assert page.url.endswith("/organizations/")
    assert page.locator("html").get_attribute("class") == "elder"
    assert page.get_by_role("button", name="退出长者模式").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="退出长者模式").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("class") is None


def test_elder_mode_works_without_javascript(live_server, browser, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/calendar/")
    page.get_by_role("button", name="长者模式").click()
    page.wait_for_load_state()
    assert page.url.endswith("/calendar/")
    assert page.locator("html").get_attribute("class") == "elder"
    context.close()


def test_calculator_journey_by_keyboard(live_server, page, demo):
    page.goto(live_server.url + "/calendar/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
    page.get_by_label("起算日期").fill("2024-02-01")
    page.get_by_label("工作日数").fill("20")
    page.get_by_role("button", name="计算截止日期").click()
    page.wait_for_load_state()
    assert "2024年3月5日" in page.locator(".result").inner_text()


def _public_urls(live_server):
    county = Organization.objects.get(name="临沂市兰山区人民政府")
    return [
        "/",
        "/organizations/",
        f"/organizations/{county.pk}/",
        "/calendar/",
        "/calendar/?start=2019-09-20&days=20",
        "/calendar/?start=2019-02-30&days=400",
        "/calendar/?year=2027",
        "/policy/",
        "/no-such-page/",
    ]


@pytest.mark.parametrize("elder", [False, True])
def test_no_serious_accessibility_findings_on_public_pages(live_server, page, demo, elder):
    if elder:
        page.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    problems = {}
    for path in _public_urls(live_server):
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_phone_layout_has_no_horizontal_scroll(live_server, browser, demo):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    for path in ("/", "/organizations/", "/calendar/"):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()


def test_the_accessibility_check_catches_a_real_violation(page):
    page.set_content('<!DOCTYPE html><html><body><main><img src="data:,"></main></body></html>')
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
