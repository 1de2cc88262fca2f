"""The workspace in a real browser, from the to-do list: 发改委's editor revises the progress report the office
returned and hands it in with an evidence file, the office accepts it after being told a return needs a
reason; 发改委's reviewer groups the public's comments on its draft with adoption replies and publishes the
feedback. Every page is axe-clean at 1366 and 390 px wide and never scrolls sideways on a phone."""

from __future__ import annotations

from gongkai.core.demo import DEMO_PASSWORD
from gongkai.participation.models import CommentGroup, Consultation
from gongkai.supervision.models import ProgressReport, ReportStatus
from tests.browser.conftest import axe_violations, pass_demo_second_step
from tests.publishing.samples import pdf_bytes

TASK = "推进新旧动能转换重大工程信息公开"
DRAFT = "临沂市新能源汽车充电基础设施建设补贴办法（征求意见稿）"


def _login(browser, live_server, username):
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 1366, "height": 900})
    desk = context.new_page()
    desk.goto(live_server.url + "/manage/login/")
    desk.get_by_label("用户名").fill(username)
    desk.get_by_label("密码").fill(DEMO_PASSWORD)
    desk.get_by_role("button", name="登录").click()
    pass_demo_second_step(desk)
    desk.goto(live_server.url + "/manage/")
    return context, desk


def _clean_at_both_widths(desk) -> None:
    for width in (1366, 390):
        desk.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(desk) == [], (width, desk.url)
        assert desk.evaluate("document.documentElement.scrollWidth") <= width, (width, desk.url)
    desk.set_viewport_size({"width": 1366, "height": 900})


def test_a_returned_progress_report_is_revised_from_the_to_do_list_and_accepted(
    live_server, page, demo_items, tmp_path
):
    unit_context, unit = _login(page.context.browser, live_server, "fgw_editor")
    todo = unit.get_by_role("region", name="待填报的工作要点进展")
    _clean_at_both_widths(unit)
    todo.get_by_role("link", name=f"1. {TASK}（2019年第3季度）").click()
    unit.wait_for_load_state()
    assert "请补充入库项目扶持政策公开情况及网址" in unit.locator(".ws-returned").inner_text()
    _clean_at_both_widths(unit)
    unit.get_by_label("进展情况").fill(
        "已公开新旧动能转换重大工程实施方案和入库项目扶持政策，并发布政策解读。"
    )
    unit.get_by_label("佐证链接").fill("https://www.linyi.gov.cn/fgw/xjdn.html")
    evidence = tmp_path / "入库项目扶持政策.pdf"
    evidence.write_bytes(pdf_bytes())
    unit.get_by_label("上传佐证材料").set_input_files(str(evidence))
    unit.get_by_role("button", name="提交公开办审核").click()
    unit.wait_for_load_state()
    assert "已提交公开办审核" in unit.locator(".ws-messages").inner_text()
    report = ProgressReport.objects.get(
        assignment__unit__short_name="市发展改革委", assignment__task__order=1
    )
    assert report.status == ReportStatus.SUBMITTED
    assert [a.name for a in report.attachments.all()] == ["入库项目扶持政策.pdf"]
    unit_context.close()

    office_context, office = _login(page.context.browser, live_server, "admin")
    office.get_by_role("region", name="待审核的工作要点进展").get_by_role(
        "link", name=f"1. {TASK}（2019年第3季度）"
    ).click()
    office.wait_for_load_state()
    assert "入库项目扶持政策.pdf" in office.locator("main").inner_text()
    _clean_at_both_widths(office)
    office.get_by_label("退回修改").check()
    office.get_by_role("button", name="提交审核结果").click()
    office.wait_for_load_state()
    assert "退回时请写明需要修改或补充的内容。" in office.locator(".error-summary").inner_text()
    _clean_at_both_widths(office)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # nothing changed
    office.get_by_label("通过").check()
    office.get_by_role("button", name="提交审核结果").click()
    office.wait_for_load_state()
    assert "已通过该进展报送" in office.locator(".ws-messages").inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    office_context.close()


def test_a_reviewer_groups_the_comments_with_adoption_replies_and_publishes_the_feedback(
    live_server, page, demo_items
):
    context, desk = _login(page.context.browser, live_server, "fgw_reviewer")
    desk.get_by_role("region", name="待归类答复的公众意见").get_by_role("link", name=DRAFT).click()
    desk.wait_for_load_state()
    _clean_at_both_widths(desk)

    desk.get_by_label("建议对新建居民小区充电桩的建设费用给予补贴").check()
    desk.get_by_label("充电桩补贴应覆盖老旧小区").check()
    desk.get_by_label("补贴标准偏低").check()
    desk.get_by_label("新归类的意见概要").fill("扩大补贴范围、提高补贴标准")
    desk.get_by_label("采纳情况", exact=True).select_option(label="部分采纳")
    desk.get_by_role("button", name="归入所选意见").click()
    desk.wait_for_load_state()
    assert "须说明理由" in desk.locator(".error-summary").inner_text()  # a partial adoption needs its reason
    assert not CommentGroup.objects.filter(consultation__title=DRAFT).exists()
    _clean_at_both_widths(desk)
    desk.get_by_label("理由", exact=True).fill("老旧小区纳入补贴范围；补贴标准按省定标准执行，暂不提高。")
    desk.get_by_role("button", name="归入所选意见").click()
    desk.wait_for_load_state()
    assert "已将3条意见归入" in desk.locator(".ws-messages").inner_text()

    desk.get_by_label("希望公布补贴申请的办理时限").check()
    desk.get_by_label("建议在乡镇增设公共充电站").check()
    desk.get_by_label("新归类的意见概要").fill("公开办理时限、增设乡镇充电站")
    desk.get_by_label("采纳情况", exact=True).select_option(label="采纳")
    desk.get_by_role("button", name="归入所选意见").click()
    desk.wait_for_load_state()
    assert "已将2条意见归入" in desk.locator(".ws-messages").inner_text()

    # the associations' and enterprises' comments through their invitations (定向征询)
    desk.get_by_label("建议将换电站纳入补贴范围").check()
    desk.get_by_label("第二条对“充电基础设施”的界定不够明确").check()
    desk.get_by_label("建议补贴按实际充电量分年度拨付").check()
    desk.get_by_label("新归类的意见概要").fill("换电站、私人充电桩和拨付方式")
    desk.get_by_label("采纳情况", exact=True).select_option(label="部分采纳")
    desk.get_by_label("理由", exact=True).fill(
        "换电站纳入补贴范围；私人自用充电桩不在本办法补贴之列；拨付方式维持一次性拨付。"
    )
    desk.get_by_role("button", name="归入所选意见").click()
    desk.wait_for_load_state()
    assert "所有意见都已归类。" in desk.locator("main").inner_text()

    desk.get_by_label("意见采纳情况说明").fill("经认真研究，对公众意见采纳情况说明如下。")
    desk.get_by_role("button", name="发布采纳情况").click()
    desk.wait_for_load_state()
    assert "意见采纳情况已发布" in desk.locator(".ws-messages").inner_text()
    consultation = Consultation.objects.get(title=DRAFT)
    assert consultation.report_published_at is not None
    assert sorted(consultation.groups.values_list("decision", flat=True)) == ["adopted", "partly", "partly"]
    _clean_at_both_widths(desk)
    desk.goto(live_server.url + "/manage/")
    assert DRAFT not in desk.locator("main").inner_text()  # off the to-do list
    context.close()


def test_the_lists_and_the_annual_report_pages_are_clean_at_both_widths(live_server, page, demo_items):
    context, desk = _login(page.context.browser, live_server, "fgw_reviewer")
    todo = desk.get_by_role("region", name="待发布的政府信息公开年度报告")
    todo.get_by_role("link", name="临沂市发展和改革委员会2025年政府信息公开工作年度报告").click()
    desk.wait_for_load_state()
    assert "草稿" in desk.locator("main").inner_text()
    _clean_at_both_widths(desk)
    desk.get_by_role("link", name="预览").click()
    desk.wait_for_load_state()
    assert "尚未公开" in desk.locator(".ws-preview-banner").inner_text()
    _clean_at_both_widths(desk)
    for path in ("/manage/supervision/", "/manage/supervision/reports/", "/manage/participation/"):
        desk.goto(live_server.url + path)
        _clean_at_both_widths(desk)
    from gongkai.core.actors import system
    from gongkai.participation import services

    consultation = Consultation.objects.get(title=DRAFT)
    services.group_comments(actor=system("test"), consultation=consultation, comments=consultation.comments.all()[:2],
                            summary="扩大补贴范围")  # fmt: skip
    desk.goto(live_server.url + "/manage/participation/")
    desk.get_by_role("link", name=DRAFT, exact=True).click()
    desk.wait_for_load_state()
    desk.get_by_role("link", name="扩大补贴范围").click()
    desk.wait_for_load_state()
    _clean_at_both_widths(desk)
    context.close()


def test_the_units_annual_report_is_written_in_the_workspace(live_server, page, demo_items):
    import datetime as dt

    from gongkai.reports.models import AnnualReport

    year = dt.date.today().year - 1
    unit_context, unit = _login(page.context.browser, live_server, "fgw_editor")
    unit.get_by_role("link", name=f"临沂市发展和改革委员会{year}年政府信息公开工作年度报告").first.click()
    unit.wait_for_load_state()
    unit.get_by_role("link", name="编辑报告").click()
    unit.wait_for_load_state()
    assert "/manage/admin/" not in unit.url
    _clean_at_both_widths(unit)
    unit.get_by_label("行政许可·本年处理决定数量").fill("-3")
    unit.get_by_role("button", name="保存").click()
    unit.wait_for_load_state()
    assert "不能为负数" in unit.locator(".error-summary").inner_text()
    _clean_at_both_widths(unit)
    unit.get_by_label("行政许可·本年处理决定数量").fill("401")
    unit.get_by_label("五、存在的主要问题及改进情况").fill("栏目更新提醒机制已建立，解读形式仍需丰富。")
    unit.get_by_role("button", name="保存").click()
    unit.wait_for_load_state()
    assert "年度报告已保存" in unit.locator(".ws-messages").inner_text()
    report = AnnualReport.objects.get(unit__short_name="市发展改革委", year=year)
    assert report.table2_manual["licensing"]["decisions"] == 401
    assert report.problems == "栏目更新提醒机制已建立，解读形式仍需丰富。"
    unit_context.close()
