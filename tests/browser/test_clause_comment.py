"""A citizen comments on one clause in a real browser: 「对本条发表意见」 preselects the clause in the form."""

from gongkai.participation.models import Comment, Consultation
from tests.browser.conftest import axe_violations, pass_challenge


def test_comment_on_a_clause(live_server, page, demo_items):
    consultation = Consultation.objects.get(title__startswith="临沂市城市公园管理办法")
    page.goto(live_server.url + consultation.get_absolute_url())
    clause = page.locator("#clause-2")
    assert "第二条" in clause.inner_text()
    clause.get_by_role("link", name="对本条发表意见").click()
    page.wait_for_load_state()
    assert page.get_by_label("针对条文").input_value() == "2"
    page.get_by_label("意见建议").fill("建议明确公园规划区的范围。")
    pass_challenge(page)
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "您的意见已收到" in page.get_by_role("main").get_by_role("status").inner_text()
    assert Comment.objects.get(body="建议明确公园规划区的范围。").clause.label == "第二条"
    assert axe_violations(page) == []
