"""A citizen applies and follows the application; staff answer it at the desk; the citizen reads the answer."""

import pytest

from gongkai.foi.models import Application
from tests.browser.conftest import axe_violations, pass_challenge


def test_apply_track_and_answer(live_server, page, demo):
    base = live_server.url
    page.goto(base + "/foi/")
    page.get_by_role("link", name="填写申请").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.select_option("#id_unit", label="临沂市发展和改革委员会")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "李四")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13905391234")
    page.fill("#id_description", "2024年市级服务业集聚区认定名单及认定依据")
    pass_challenge(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    code = page.locator("#tracking-code").inner_text()
    secret = page.locator("#secret").inner_text()
    assert axe_violations(page) == []

    page.goto(base + "/foi/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "办理中" in page.content() and "李*" in page.content() and "13905391234" not in page.content()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    page.goto(base + "/manage/admin/login/")
    page.fill("#id_username", "fgw_reviewer")
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    page.goto(base + "/manage/admin/foi/application/")
    page.get_by_role("link", name=code).click()
    page.wait_for_load_state()
    page.select_option("#id_kind", "answered")
    page.select_option("#id_outcome", "granted")
    page.fill("#id_reply_text", "经查，现将认定名单及认定依据随本告知书提供给您。")
    page.get_by_role("button", name="记录").click()
    page.wait_for_load_state()
    assert "已记录" in page.content(), page.locator("ul.messagelist").inner_text()
    assert Application.objects.get(tracking_code=code).status == "answered"

    page.context.clear_cookies()
    page.goto(base + "/foi/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "予以公开" in page.content() and "认定名单及认定依据随本告知书" in page.content()


@pytest.mark.parametrize("path", ["/foi/", "/foi/track/", "/foi/statistics/"])
def test_foi_pages_have_no_serious_accessibility_findings(live_server, page, demo, path):
    page.goto(live_server.url + path)
    assert axe_violations(page) == []
