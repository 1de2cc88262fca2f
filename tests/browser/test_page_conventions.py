"""The public shell in a real browser at 1366 and 390 px: no horizontal scroll, the phone menu collapsed and
opened by keyboard, search results before filters, register and report tables reflowed into labelled rows,
elder mode leaving the first screen to content, the reading aids, and axe-core on both widths."""

from __future__ import annotations

import pytest

from gongkai.core.models import Organization
from gongkai.reports.models import AnnualReport
from tests.browser.conftest import axe_violations

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def main_pages() -> list[str]:
    from gongkai.datasets.models import Dataset
    from gongkai.guides.models import ServiceGuide
    from gongkai.registers.models import Decision, PowerChange
    from gongkai.spotchecks.models import Plan
    from gongkai.webreports.models import WebsiteReport

    city = Organization.objects.get(name="临沂市人民政府")
    report = AnnualReport.objects.filter(status="published").first()
    adjusted = PowerChange.objects.filter(kind="changed").select_related("item").first()
    person = Decision.objects.filter(kind="penalty", subject_type="natural", repaired_on__isnull=True).first()
    pages = [
        "/",
        "/xxgk/",
        f"/xxgk/{city.pk}/",
        f"/xxgk/{city.pk}/guide/",
        "/policy/",
        "/policy/register/",
        "/search/?q=教育",
        "/interaction/",
        "/participation/",
        "/foi/",
        "/reports/",
        "/organizations/",
        "/calendar/",
        "/sitemap/",
        "/contact/",
        # Issue 22: the key-area registers, random inspections and periodic data releases.
        "/registers/",
        "/registers/powers/",
        adjusted.item.get_absolute_url(),
        "/registers/penalties/",
        "/registers/budgets/",
        "/registers/fees/",
        "/registers/inspections/",
        Plan.objects.filter(results_published_at__isnull=False).order_by("pk").first().get_absolute_url(),
        "/datasets/",
        Dataset.objects.order_by("pk").first().get_absolute_url(),
        # Issue 23: 办事服务, the new-media accounts, the visit-statistics notice and the website annual report.
        "/services/",
        ServiceGuide.objects.filter(status="published").order_by("pk").first().get_absolute_url(),
        "/newmedia/",
        "/visits/",
        "/website-reports/",
        WebsiteReport.objects.filter(status="published").order_by("pk").first().get_absolute_url(),
    ]
    if person is not None:
        pages.append(person.get_absolute_url())
    if report is not None:
        pages.append(report.get_absolute_url())
    return pages


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport=PHONE, device_scale_factor=2)
    yield context.new_page()
    context.close()


def test_phone_pages_have_no_horizontal_scroll_and_no_serious_axe_finding(live_server, phone, demo_items):
    problems = {}
    for path in main_pages():
        phone.goto(live_server.url + path)
        if not phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
            problems[path] = "horizontal scroll"
            continue
        found = axe_violations(phone)
        if found:
            problems[path] = found
    assert problems == {}


def test_desktop_pages_have_no_serious_axe_finding(live_server, page, demo_items):
    page.set_viewport_size(DESKTOP)
    problems = {}
    for path in [*main_pages(), "/sitemap/"]:
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_reading_aids_have_no_serious_axe_finding(live_server, phone, demo_items):
    phone.context.add_cookies(
        [{"name": n, "value": v, "url": live_server.url} for n, v in (("gk_contrast", "1"), ("gk_size", "3"))]
    )
    for path in ("/", "/policy/register/", "/xxgk/"):
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        assert axe_violations(phone) == [], path


def test_the_phone_menu_is_collapsed_and_opens_by_keyboard(live_server, phone, demo_items):
    phone.goto(live_server.url + "/xxgk/")
    nav = phone.get_by_role("navigation", name="主导航")
    assert not nav.is_visible()
    header = phone.locator("header").bounding_box()
    assert header["height"] <= 130  # it was 380 of 844 px before the menu folded
    # Tab from the top of the page to the menu button, then Space opens it.
    for _ in range(10):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.id") == "nav-toggle":
            break
    assert phone.evaluate("document.activeElement.id") == "nav-toggle"
    outline = phone.evaluate("getComputedStyle(document.querySelector('.nav-toggle-label')).outlineStyle")
    assert outline != "none"  # the focus is visible on the button the checkbox stands behind
    phone.keyboard.press("Space")
    assert nav.is_visible()
    nav.get_by_role("link", name="政策文件").focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.url.endswith("/policy/")


def test_on_a_desktop_the_menu_is_open_and_filters_sit_beside_results(live_server, page, demo_items):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").is_visible()
    assert not page.get_by_text("菜单", exact=True).is_visible()
    page.goto(live_server.url + "/search/?q=教育")
    hits = page.locator(".search-hits").bounding_box()
    filters = page.locator("details.search-filters")
    assert filters.locator("ul a").first.is_visible()
    assert filters.bounding_box()["x"] > hits["x"] + hits["width"] - 1


def test_search_results_come_before_filters_on_a_phone(live_server, phone, demo_items):
    phone.goto(live_server.url + "/search/?q=教育")
    first_hit = phone.locator(".search-hits li").first.bounding_box()
    filters = phone.locator("details.search-filters")
    assert filters.bounding_box()["y"] > first_hit["y"]
    facet_link = filters.locator("ul a").first
    assert not facet_link.is_visible()
    filters.locator("summary").click()
    assert facet_link.is_visible()


def test_tables_reflow_into_labelled_rows_and_elder_mode_keeps_the_first_screen(
    live_server, phone, demo_items
):
    phone.goto(live_server.url + "/policy/register/")
    row = phone.locator("table.data-table tbody tr").first
    cell = row.locator("td[data-label='文件名称']")
    assert phone.evaluate("el => getComputedStyle(el).display", cell.element_handle()) == "grid"
    assert cell.bounding_box()["width"] > 300  # one labelled line per field, not one character per line
    report = AnnualReport.objects.filter(status="published").first()
    phone.goto(live_server.url + report.get_absolute_url())
    table3 = phone.locator("table.report-table").nth(1)
    assert not table3.locator("tr.head-row").first.is_visible()
    value = table3.locator("td[data-label='自然人']").first
    assert value.bounding_box()["width"] > 300
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Elder mode leaves the first screen to content.
    phone.context.add_cookies([{"name": "gk_elder", "value": "1", "url": live_server.url}])
    phone.goto(live_server.url + "/xxgk/")
    assert phone.locator("html").get_attribute("class") == "elder"
    main_top = phone.locator("main").bounding_box()["y"]
    assert main_top < 844 * 0.3, main_top
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_menu_text_size_contrast_and_cursor_work_by_keyboard_without_javascript(
    live_server, browser, demo_items
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert not page.get_by_role("navigation", name="主导航").is_visible()
    page.get_by_text("菜单", exact=True).click()
    assert page.get_by_role("navigation", name="主导航").is_visible()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/policy/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="特大字号").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/policy/")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= normal * 1.45
    page.get_by_role("button", name="高对比度").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert page.get_by_role("button", name="高对比度").get_attribute("aria-pressed") == "true"
    with page.expect_navigation():
        page.get_by_role("button", name="大鼠标").click()
    assert "cursor-arrow.svg" in page.evaluate("getComputedStyle(document.body).cursor")
    context.close()


def test_read_aloud_uses_the_browsers_speech_synthesis(live_server, page, demo_items):
    # A stand-in for speechSynthesis records what would be spoken (headless Chromium has no voices).
    page.add_init_script(
        """
        window.__spoken = [];
        const fake = {
          speaking: false, paused: false,
          getVoices: () => [{lang: 'zh-CN', name: 'test'}],
          speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); window.__last = u; },
          cancel() { window.__cancelled = true; }, pause() { window.__paused = true; }, resume() {},
        };
        Object.defineProperty(window, 'speechSynthesis', {value: fake});
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
        """
    )
    page.goto(live_server.url + "/xxgk/")
    read = page.get_by_role("button", name="朗读")
    assert read.is_visible()
    read.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("window.__spoken.length === 1")
    # Each sentence is queued when the one before ends.
    page.evaluate("() => { for (let i = 0; i < 6; i++) window.__last.onend(); }")
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 7
    assert spoken[0]["lang"] == "zh-CN"
    assert "政府信息公开" in " ".join(s["text"] for s in spoken)
    assert not any("主导航" in s["text"] or "字号" in s["text"] for s in spoken)
    page.get_by_role("button", name="暂停").click()
    assert page.evaluate("window.__paused") is True
    assert page.get_by_role("button", name="继续").is_visible()
    page.get_by_role("button", name="停止").click()
    assert page.evaluate("window.__cancelled") is True
    assert not page.get_by_role("button", name="停止").is_visible()


def test_the_county_portal_is_blue_and_says_so_in_its_footer(live_server, browser, demo_items):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://lanshan.localhost:{port}/")
    assert page.locator("body").get_attribute("class") == "theme-blue"
    footer = page.locator("footer").inner_text()
    assert "网站标识码：3713020001" in footer and "主办：临沂市兰山区人民政府办公室" in footer
    for label in ("网站地图", "联系我们", "我为政府网站找错"):
        assert page.locator("footer").get_by_role("link", name=label).is_visible()
    context.close()
