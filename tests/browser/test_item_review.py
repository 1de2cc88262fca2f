"""A reviewer opens an item from the to-do list on /manage/, reads its preview, its checks and what changed
since the public last saw it, tries to return it without a reason, then approves it; the public finds it.
The reviewer's page and the preview are checked with axe at desktop and phone widths."""

from gongkai.publishing.models import InformationItem, Status
from tests.browser.conftest import axe_violations, pass_demo_second_step

PASSWORD = "gongkai-demo-2026"
# "No finding above minor" (the workspace's standard).
ABOVE_MINOR = ("moderate", "serious", "critical")


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/manage/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    pass_demo_second_step(page)


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_reviewer_returns_without_reason_then_approves_from_the_todo_list(live_server, page, demo_items):
    base = live_server.url
    item = InformationItem.objects.get(status=Status.SUBMITTED, summary__endswith="（修订后重新发布）")

    login(page, base, "fgw_reviewer")
    page.goto(base + "/manage/")
    todo = page.get_by_role("region", name="待我审核的信息")
    todo.get_by_role("link", name=item.title).click()
    page.wait_for_load_state()
    assert page.url == base + f"/manage/items/{item.pk}/review/"

    # Preview, checks, the difference from the published version, the level: on one screen.
    assert page.get_by_role("heading", name="预览", exact=True).is_visible()
    assert page.get_by_role("heading", name="发布前检查").is_visible()
    assert "第 1 级审核，共 1 级" in page.locator(".review-side").inner_text()
    diff = page.locator("section[aria-labelledby=diff-title]")
    assert "首次发布" not in diff.inner_text()
    assert "本通知自印发之日起施行，原通知同时废止。" in diff.locator("ins").all_inner_texts()[-1]
    assert "内容概述" in diff.inner_text()
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert axe_violations(page, ABOVE_MINOR) == [], width
        assert fits_the_width(page), width
    page.set_viewport_size({"width": 1366, "height": 900})

    # The full preview: the public page under its banner, kept out of search engines.
    page.get_by_role("link", name="打开完整预览（与公开页面相同）").click()
    page.wait_for_load_state()
    assert "此页面仅供预览，尚未公开" in page.locator(".preview-banner").inner_text()
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert axe_violations(page) == [], width
        assert fits_the_width(page), width
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("link", name="去审核").click()
    page.wait_for_load_state()

    # 退回 without a reason: a Chinese error next to the field, nothing changes.
    page.get_by_role("button", name="退回", exact=True).click()
    page.wait_for_load_state()
    assert "退回时请写明原因" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("退回理由（必填）").get_attribute("aria-invalid") == "true"
    assert axe_violations(page, ABOVE_MINOR) == []
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED

    page.get_by_label("审核意见（选填）").fill("修订内容已核对，同意发布。")
    page.get_by_role("button", name="通过", exact=True).click()
    page.wait_for_load_state()
    assert page.url == base + "/manage/"
    assert "已审核通过并发布" in page.locator(".ws-messages").inner_text()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED

    page.context.clear_cookies()
    page.goto(base + item.get_absolute_url())
    assert page.get_by_role("heading", name=item.title).is_visible()
    assert "本通知自印发之日起施行" in page.locator(".item-body").inner_text()
