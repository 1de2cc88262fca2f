"""公众参与 in a real browser: a citizen comments on an open consultation; staff close it, record the
adoption and publish the report, which the public page then shows."""

from gongkai.core.demo import DEMO_PASSWORD
from gongkai.participation.models import Consultation
from tests.browser.conftest import axe_violations, pass_challenge, pass_demo_second_step


def test_comment_close_record_adoption_and_publish(live_server, page, demo_items):
    consultation = Consultation.objects.get(title__startswith="临沂市城市公园管理办法")
    page.goto(live_server.url + "/participation/")
    page.get_by_role("link", name=consultation.title).click()
    page.wait_for_load_state()
    assert "征集中" in page.locator(".consultation-state").inner_text()
    page.get_by_label("意见建议").fill("建议在公园入口设置电子导览图。")
    page.get_by_label("联系方式（选填）").fill("13905391234")
    pass_challenge(page)
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "您的意见已收到" in page.get_by_role("main").get_by_role("status").inner_text()

    staff = page.context.browser.new_context(bypass_csp=True, locale="zh-CN")
    desk = staff.new_page()
    desk.goto(live_server.url + "/manage/admin/login/")
    desk.get_by_label("用户名").fill("admin")
    desk.get_by_label("密码").fill(DEMO_PASSWORD)
    desk.get_by_role("button", name="登录").click()
    pass_demo_second_step(desk)
    # close the consultation now
    desk.goto(live_server.url + "/manage/admin/participation/consultation/")
    desk.locator(f'input[name="_selected_action"][value="{consultation.pk}"]').check()
    desk.get_by_role("combobox", name="动作").select_option("close_now")
    desk.get_by_role("button", name="执行").click()
    desk.wait_for_load_state()
    assert "已结束征集" in desk.locator(".messagelist").inner_text()
    # one group for all three comments, adopted
    desk.goto(live_server.url + f"/manage/admin/participation/consultation/{consultation.pk}/change/")
    desk.locator('input[name="groups-0-summary"]').fill("完善公园设施与开放服务")
    desk.locator('select[name="groups-0-decision"]').select_option("adopted")
    desk.get_by_role("button", name="保存", exact=True).click()
    desk.wait_for_load_state()
    group_id = consultation.groups.get().pk
    for comment in consultation.comments.all():
        desk.goto(live_server.url + f"/manage/admin/participation/comment/{comment.pk}/change/")
        desk.locator('select[name="group"]').select_option(str(group_id))
        desk.locator('select[name="status"]').select_option("published")
        desk.get_by_role("button", name="保存", exact=True).click()
        desk.wait_for_load_state()
    desk.goto(live_server.url + "/manage/admin/participation/consultation/")
    desk.locator(f'input[name="_selected_action"][value="{consultation.pk}"]').check()
    desk.get_by_role("combobox", name="动作").select_option("publish_report")
    desk.get_by_role("button", name="执行").click()
    desk.wait_for_load_state()
    assert "已发布采纳情况" in desk.locator(".messagelist").inner_text()
    staff.close()

    page.goto(live_server.url + consultation.get_absolute_url())
    report = page.get_by_role("region", name="意见采纳情况")
    assert "共收到意见 3 条，其中采纳 3 条" in report.inner_text()
    assert "建议在公园入口设置电子导览图" in page.locator("main").inner_text()
    assert "13905391234" not in page.content()
    assert "已反馈" in page.locator(".consultation-state").inner_text()


def test_participation_pages_have_no_serious_accessibility_findings(live_server, page, demo_items):
    problems = {}
    paths = [
        "/participation/",
        "/participation/decisions/",
        *[c.get_absolute_url() for c in Consultation.objects.all()],
    ]
    for path in paths:
        page.goto(live_server.url + path)
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}
