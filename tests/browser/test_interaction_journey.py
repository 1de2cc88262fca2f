"""A citizen writes a message; staff handle and answer it; it appears in the public list, masked, with dates."""

from django.utils import timezone

from gongkai.interaction.models import Message
from tests.browser.conftest import axe_violations, pass_challenge


def test_write_handle_answer_and_find_it_listed(live_server, page, demo_items):
    base = live_server.url
    page.goto(base + "/interaction/write/")
    assert axe_violations(page) == []
    page.select_option("#id_channel", label="咨询")
    page.fill("#id_subject", "咨询企业开办补贴")
    page.fill("#id_body", "我是李明，电话13912345678，想咨询新开办企业有哪些补贴政策。")
    page.fill("#id_name", "李明")
    page.fill("#id_phone", "13912345678")
    pass_challenge(page)  # the browser solves the proof of work; the question is not shown
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_load_state()
    code = page.locator("#query-code").inner_text()
    message = Message.objects.get(query_code=code)

    page.context.clear_cookies()
    page.goto(base + "/manage/admin/login/")
    page.fill("#id_username", "fgw_reviewer")
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    for kind, fill in (
        ("accepted", {}),
        ("reply_drafted", {"#id_reply_text": "新开办企业可申请创业补贴，详见市人社局网站。"}),
        ("answered", {}),
        ("published", {}),
    ):
        page.goto(base + f"/manage/admin/interaction/message/{message.pk}/change/")
        page.select_option("#id_kind", kind)
        for selector, value in fill.items():
            page.fill(selector, value)
        page.get_by_role("button", name="记录").click()
        page.wait_for_load_state()
        assert "已记录" in page.content(), kind

    page.context.clear_cookies()
    page.goto(base + "/interaction/")
    page.get_by_role("link", name="咨询企业开办补贴").click()
    page.wait_for_load_state()
    content = page.content()
    assert "李*" in content and "139****5678" in content
    assert "李明" not in content and "13912345678" not in content
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in content
    assert axe_violations(page) == []


def test_interaction_pages_have_no_serious_accessibility_findings(live_server, page, demo_items):
    problems = {}
    for path in (
        "/interaction/",
        "/interaction/follow/",
        "/interaction/stats/",
        "/interaction/faq/",
        "/foi/apply/",
        "/reports/",
    ):
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}
