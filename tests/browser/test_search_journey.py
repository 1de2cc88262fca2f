"""Searching in a real browser: suggestions as you type, the service card, did-you-mean, and axe-core."""

from tests.browser.conftest import axe_violations


def test_suggestions_as_you_type_then_the_service_card(live_server, page, demo_items):
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="站内搜索")  # a search box with suggestions
    box.press_sequentially("社保", delay=50)
    page.wait_for_function("document.querySelectorAll('#search-suggestions option').length > 0")
    options = page.eval_on_selector_all("#search-suggestions option", "els => els.map(e => e.value)")
    assert "社保卡" in options
    box.fill("社保卡")
    box.press("Enter")
    page.wait_for_load_state()
    card = page.locator(".service-card")
    assert "12333" in card.inner_text() and "居民身份证原件" in card.inner_text()
    assert card.get_by_role("link", name="在线办理").get_attribute("href") == "https://si.12333.gov.cn/"


def test_did_you_mean_leads_to_results(live_server, page, demo_items):
    page.goto(live_server.url + "/search/?q=" + "空气质凉")
    assert "以下结果包含其中部分词语" in page.locator("main").inner_text()  # meanwhile, those with 空气
    page.locator(".did-you-mean").get_by_role("link", name="空气质量").click()
    page.wait_for_load_state()
    assert page.get_by_role("combobox", name="搜索", exact=True).input_value() == "空气质量"
    assert "环境空气质量状况" in page.locator(".search-hits").inner_text()
    assert "以下结果包含其中部分词语" not in page.locator("main").inner_text()


def test_search_pages_have_no_serious_accessibility_findings_and_fit_a_phone(
    live_server, browser, demo_items
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, bypass_csp=True
    )
    page = context.new_page()
    problems = {}
    for path in (
        "/search/",
        "/search/?q=社保卡",
        "/search/?q=义务教育",
        "/search/?q=空气质凉",
        "/search/?q=养老保险怎么交",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        if found := axe_violations(page):
            problems[path] = found
    context.close()
    assert problems == {}
