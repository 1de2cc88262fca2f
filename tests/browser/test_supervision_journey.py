"""督查考核 in a real browser: a unit reports progress on its task, the office returns it with a comment, the unit
revises, the office accepts, and the public progress page shows what was done."""

from gongkai.core.demo import DEMO_PASSWORD
from gongkai.supervision.models import ProgressReport, ReportStatus, WorkPlan
from tests.browser.conftest import axe_violations, pass_demo_second_step

TASK = "全面推进“双随机、一公开”监管"


def _login(browser, live_server, username):
    context = browser.new_context(bypass_csp=True, locale="zh-CN")
    desk = context.new_page()
    desk.goto(live_server.url + "/manage/admin/login/")
    desk.get_by_label("用户名").fill(username)
    desk.get_by_label("密码").fill(DEMO_PASSWORD)
    desk.get_by_role("button", name="登录").click()
    pass_demo_second_step(desk)
    return context, desk


def _save(desk):
    desk.get_by_role("button", name="保存", exact=True).click()
    desk.wait_for_load_state()


def test_a_unit_reports_and_the_office_reviews(live_server, page, demo_items):
    plan = WorkPlan.objects.get()
    unit_context, unit = _login(page.context.browser, live_server, "fgw_editor")
    unit.goto(live_server.url + "/manage/admin/supervision/assignment/")
    row = unit.get_by_role("row").filter(has_text=TASK)
    assert "逾期" in row.inner_text()  # the 2019 plan's quarters are long past
    row.get_by_role("link", name="填报本期进展").click()
    unit.wait_for_load_state()
    unit.get_by_label("进展情况").fill("已公开年度抽查计划。")
    unit.get_by_label("佐证链接").fill("https://www.linyi.gov.cn/fgw/sjsgk.html")
    unit.get_by_label("提交公开办审核").check()
    _save(unit)
    assert "已提交公开办审核" in unit.locator(".messagelist").inner_text()
    report = ProgressReport.objects.get(
        assignment__unit__short_name="市发展改革委", assignment__task__order=11
    )
    assert report.status == ReportStatus.SUBMITTED

    office_context, office = _login(page.context.browser, live_server, "admin")
    office.goto(live_server.url + f"/manage/admin/supervision/workplan/{plan.pk}/overview/")
    office.get_by_role("link", name="待审核").first.click()
    office.wait_for_load_state()
    office.get_by_role("link", name=TASK).first.click()
    office.wait_for_load_state()
    assert "已公开年度抽查计划。" in office.locator("main").inner_text()
    office.get_by_label("退回修改").check()
    office.get_by_label("审核意见").fill("请补充抽查结果的公开情况。")
    _save(office)
    assert "已退回" in office.locator(".messagelist").inner_text()

    unit.goto(live_server.url + "/manage/admin/supervision/progressreport/")
    unit.get_by_role("link", name=TASK).first.click()
    unit.wait_for_load_state()
    assert "请补充抽查结果的公开情况。" in unit.locator("main").inner_text()
    unit.get_by_label("进展情况").fill("已公开年度抽查计划；第四季度抽查结果36条已全部公示。")
    unit.get_by_label("提交公开办审核").check()
    _save(unit)
    unit_context.close()

    office.goto(live_server.url + f"/manage/admin/supervision/progressreport/{report.pk}/change/")
    office.get_by_label("通过").check()
    _save(office)
    office_context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    page.goto(live_server.url + "/supervision/")
    page.get_by_role("link", name=plan.title).click()
    page.get_by_label("责任单位").select_option(label="临沂市发展和改革委员会")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    task = page.locator("#task-11")
    assert "推进中" in task.inner_text()
    task.locator("summary").click()
    assert "第四季度抽查结果36条已全部公示" in task.inner_text()


def test_supervision_pages_fit_a_phone_and_have_no_serious_accessibility_findings(
    live_server, browser, demo_items
):
    plan = WorkPlan.objects.get()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, bypass_csp=True
    )
    page = context.new_page()
    problems = {}
    for path in ["/supervision/", plan.get_absolute_url(), plan.get_absolute_url() + "?state=done"]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        if found := axe_violations(page):
            problems[path] = found
    context.close()
    assert problems == {}
