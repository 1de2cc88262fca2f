"""政民互动 in the workspace, in a browser at 1366 and 390 px: the city's openness office transfers a message
from its to-do list to 市发展改革委, whose editor accepts it and replies from a 常用回复 template, whose
reviewer approves the reply and publishes it after checking the masked text; every page axe-clean and
without sideways scrolling on a phone."""

from gongkai.interaction.models import EventKind, Message, MessageEvent, Status
from tests.browser.conftest import axe_violations, pass_demo_second_step

SUBJECT = "老旧小区加装电梯补贴政策"


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/manage/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    pass_demo_second_step(page)
    page.goto(base + "/manage/")


def check(page, problems: dict):
    """axe at desktop and phone width, and no sideways scroll on the phone."""
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        found = axe_violations(page, impacts=("moderate", "serious", "critical"))
        if found:
            problems[f"{page.url} @{width}"] = found
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            problems[f"{page.url} @{width} sideways"] = scroll
    page.set_viewport_size({"width": 1366, "height": 900})


def open_from_todo(page, heading: str, subject: str):
    group = page.locator("section.todo-group", has=page.get_by_role("heading", name=heading))
    group.get_by_role("link", name=subject).click()
    page.wait_for_load_state()


def test_a_message_goes_from_the_todo_list_through_transfer_reply_review_and_publication(
    live_server, page, demo_items
):
    base, problems = live_server.url, {}
    message = Message.objects.get(subject=SUBJECT)

    sign_in(page, base, "admin")
    check(page, problems)
    open_from_todo(page, "待办理的留言", SUBJECT)
    check(page, problems)
    page.select_option("#id_transferred-to_unit", label="临沂市发展和改革委员会")
    page.get_by_role("button", name="转办", exact=True).click()
    page.wait_for_load_state()
    assert "请写明转办理由。" in page.content()  # nothing moved without a reason
    check(page, problems)
    page.fill("#id_transferred-note", "涉及补贴政策，由市发展改革委答复")
    page.get_by_role("button", name="转办", exact=True).click()
    page.wait_for_load_state()
    assert Message.objects.get(pk=message.pk).unit.short_name == "市发展改革委"

    sign_in(page, base, "fgw_editor")
    open_from_todo(page, "待办理的留言", SUBJECT)
    assert "由临沂市人民政府转至临沂市发展和改革委员会办理" in page.content()
    page.get_by_role("button", name="审看通过").click()
    page.wait_for_load_state()
    assert "已审看通过" in page.content()
    check(page, problems)
    page.select_option("#id_reply_drafted-template", label="政策咨询答复")  # the script fills the reply
    reply = page.locator("#id_reply_drafted-reply_text")
    assert "政策文件" in reply.input_value()
    reply.fill(reply.input_value() + "\n老旧小区加装电梯每部补贴15万元。")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert Message.objects.get(pk=message.pk).status == Status.REPLY_REVIEW

    sign_in(page, base, "fgw_reviewer")
    open_from_todo(page, "待我审核的留言答复", SUBJECT)
    check(page, problems)
    page.get_by_label("审核通过，答复留言人").check()
    page.get_by_role("button", name="提交审核意见").click()
    page.wait_for_load_state()
    assert Message.objects.get(pk=message.pk).status == Status.ANSWERED
    body = page.locator("#id_published-public_body")
    body.fill("请问我市老旧小区加装电梯有哪些补贴？（已核对）")
    page.get_by_role("button", name="核对无误，公开展示").click()
    page.wait_for_load_state()
    assert "已在网站公开展示" in page.content()
    check(page, problems)
    assert MessageEvent.objects.filter(message=message, kind=EventKind.PUBLISHED).exists()

    page.context.clear_cookies()
    page.goto(base + f"/interaction/messages/{message.pk}/")
    content = page.content()
    assert "（已核对）" in content and "每部补贴15万元" in content
    assert "孙丽" not in content and message.phone not in content
    check(page, problems)
    assert problems == {}


def test_the_message_list_filters_and_the_admin_message_page_fit_a_phone(live_server, page, demo_items):
    base, problems = live_server.url, {}
    sign_in(page, base, "fgw_reviewer")
    page.get_by_role("link", name="政民互动").click()
    page.wait_for_load_state()
    check(page, problems)
    page.select_option("#id_due", label="超过三个月未答复")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert "电价补贴政策何时兑现？" in page.content() and "光伏项目并网审批进度咨询" not in page.content()
    check(page, problems)
    message = Message.objects.get(subject="光伏项目并网审批进度咨询")
    page.goto(base + f"/manage/admin/interaction/message/{message.pk}/change/")
    page.set_viewport_size({"width": 390, "height": 900})
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    assert problems == {}
