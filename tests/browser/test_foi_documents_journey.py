"""Issue 21's "done when", as the applicant and the handler meet it: the application goes in with an identity
proof; asked for a correction, the applicant sends it with a file through the tracking page; the handler
finds both files on the case page, uploads the released information (a PDF naming a person), redacts her
identity number (proposed by the masking rules) and name on the marking page, answers 部分公开 and attaches
the notice; the applicant downloads both from the tracking page, which records the service; the released
information is then proposed for proactive disclosure, published and found by search. Every page axe-clean
at 1366 and 390 px."""

import re

from gongkai.core.actors import system
from gongkai.core.documents import chinese_font_available
from gongkai.core.models import User
from gongkai.foi import services
from gongkai.foi.models import Application, ApplicationDocument, EventKind, Status
from gongkai.publishing import services as publishing
from tests.browser.conftest import pass_challenge
from tests.browser.test_foi_workspace import check_page
from tests.foi.test_redaction import ID, NAME, extracted, text_pdf
from tests.publishing import samples

SUBJECT = "2025年城区老旧小区改造项目的资金拨付明细"


def track(page, base: str, code: str, secret: str) -> None:
    page.goto(base + "/foi/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()


def test_identity_proof_correction_redaction_download_and_publication(
    live_server, page, demo_items, tmp_path
):
    base = live_server.url
    proof = tmp_path / "身份证正面.png"
    proof.write_bytes(samples.png_bytes())
    page.goto(base + "/foi/apply/")
    page.select_option("#id_unit", label="临沂市发展和改革委员会")
    page.select_option("#id_applicant_type", "natural_person")
    page.fill("#id_applicant_name", "李四")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13905391234")
    page.fill("#id_description", SUBJECT)
    page.set_input_files("#id_identity_proof", str(proof))
    check_page(page)
    pass_challenge(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()
    code = page.locator("#tracking-code").inner_text()
    secret = page.locator("#secret").inner_text()
    application = Application.objects.get(tracking_code=code)
    assert application.documents.get().name == "身份证正面.png"

    services.record_event(
        actor=system("browser_test"), application=application, kind=EventKind.CORRECTION_REQUESTED,
        note="请写明所需明细的年度和小区名称。",
    )  # fmt: skip
    track(page, base, code, secret)
    assert "在线补正" in page.content()
    check_page(page)
    page.get_by_role("button", name="提交补正").click()  # empty: refused in Chinese, nothing recorded
    page.wait_for_load_state()
    assert "请填写补正内容或上传补正材料" in page.content()
    check_page(page)
    page.get_by_label("补正内容").fill("所需为2025年兰山区各老旧小区改造项目的资金拨付明细。")
    screenshot = tmp_path / "截图.png"
    screenshot.write_bytes(samples.png_bytes())
    page.set_input_files("#id_files", str(screenshot))
    page.get_by_role("button", name="提交补正").click()
    page.wait_for_load_state()
    assert "已收到您的补正" in page.content()
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS

    page.context.clear_cookies()
    page.goto(base + "/manage/login/?next=" + f"/manage/foi/{application.pk}/")
    page.fill("#id_username", "fgw_editor")
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    files = page.locator("#files").inner_text()
    assert "身份证正面.png" in files and "截图.png" in files and "补正材料" in files

    # The released information, made by the test, names a person and her identity number.
    released = tmp_path / "补偿名单.pdf"
    released.write_bytes(text_pdf(f"被征收人{NAME}，身份证号{ID}，", "补偿标准每平方米3200元。"))
    page.select_option("#id_kind", "released")
    page.set_input_files("#id_file", str(released))
    page.get_by_role("button", name="上传文件").click()
    page.wait_for_load_state()
    assert "已添加文件“补偿名单.pdf”" in page.content()
    check_page(page)

    page.get_by_role("link", name=re.compile("遮盖处理.*补偿名单")).click()
    page.wait_for_load_state()
    check_page(page)
    page.get_by_label(re.compile("证件号码")).check()  # proposed by the masking rules
    page.get_by_label("其他要遮盖的文字").fill(NAME)
    page.get_by_role("button", name="生成遮盖后的文件").click()
    page.wait_for_load_state()
    assert "已生成“补偿名单（遮盖处理）.pdf”" in page.content()
    redacted = ApplicationDocument.objects.get(name="补偿名单（遮盖处理）.pdf")
    text = extracted(redacted.file.read())
    assert NAME not in text and ID not in text and "条例第十五条" in text and "3200" in text

    services.record_event(
        actor=system("browser_test"), application=application, kind=EventKind.ANSWERED, outcome="partial",
        reply_text="现提供补偿名单，其中被征收人的姓名和身份证号码已作处理。",
        withheld_note="被征收人的姓名和身份证号码属于个人隐私（条例第十五条）。",
    )  # fmt: skip
    page.reload()
    with_notice = chinese_font_available()
    if with_notice:
        page.get_by_role("button", name="将“政府信息公开申请答复告知书”附到答复文件").click()
        page.wait_for_load_state()
        assert "已将告知书附到答复文件中" in page.content()

    page.context.clear_cookies()
    track(page, base, code, secret)
    assert "答复文件" in page.content() and "补偿名单.pdf" not in page.content().replace(
        "补偿名单（遮盖处理）.pdf", ""
    )
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="补偿名单（遮盖处理）.pdf").click()
    assert download.value.suggested_filename == "补偿名单（遮盖处理）.pdf"
    if with_notice:
        with page.expect_download() as notice:
            page.get_by_role("link", name=re.compile("政府信息公开申请答复告知书")).click()
        assert notice.value.suggested_filename.endswith(".pdf")
    application.refresh_from_db()
    assert application.status == Status.CLOSED  # the first download: served
    assert application.events.filter(kind=EventKind.DELIVERED).exists()

    # Art. 44: the released information proposed for proactive disclosure, reviewed, published, found.
    page.goto(base + "/manage/login/?next=" + f"/manage/foi/{application.pk}/")
    page.fill("#id_username", "fgw_editor")
    page.fill("#id_password", "gongkai-demo-2026")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    page.get_by_label("公开信息的标题").fill("兰山区老旧小区改造项目补偿标准")
    page.select_option("#id_column", index=1)  # the unit's first column
    page.get_by_role("button", name="生成主动公开信息草稿").click()
    page.wait_for_load_state()
    assert "/manage/items/" in page.url and "已生成主动公开信息草稿" in page.content()
    application.refresh_from_db()
    item = application.published_as
    item = publishing.update_item(
        actor=system("browser_test"), item=item, expected_version=item.version, summary="老旧小区改造项目补偿标准。",
        written_on=application.answered_on, topic="城乡建设、环境保护", genre="其他",
    )  # fmt: skip
    reviewer = User.objects.get(username="fgw_reviewer")
    editor = User.objects.get(username="fgw_editor")
    publishing.submit_item(actor=editor, item=item)
    publishing.approve_item(actor=reviewer, item=item)
    page.goto(base + "/search/?q=" + "老旧小区改造项目补偿标准")
    assert "兰山区老旧小区改造项目补偿标准" in page.content()
