"""Issue 21's documents, as the applicant and the handler meet them: the application goes in with an identity
proof; asked for a correction, the applicant sends it with a file through the tracking page; the handler
finds both files on the case page, uploads the released information and answers; the applicant downloads it
from the tracking page, which records the service. Every page axe-clean at 1366 and 390 px."""

from gongkai.core.actors import system
from gongkai.foi import services
from gongkai.foi.models import Application, EventKind, Status
from tests.browser.conftest import pass_challenge
from tests.browser.test_foi_workspace import check_page
from tests.publishing import samples

SUBJECT = "2025年城区老旧小区改造项目的资金拨付明细"


def track(page, base: str, code: str, secret: str) -> None:
    page.goto(base + "/foi/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()


def test_identity_proof_correction_released_file_and_download(live_server, page, demo, tmp_path):
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
    released = tmp_path / "资金拨付明细.pdf"
    released.write_bytes(samples.pdf_bytes())
    page.select_option("#id_kind", "released")
    page.set_input_files("#id_file", str(released))
    page.get_by_role("button", name="上传文件").click()
    page.wait_for_load_state()
    assert "已添加文件“资金拨付明细.pdf”" in page.content()
    check_page(page)
    services.record_event(
        actor=system("browser_test"), application=application, kind=EventKind.ANSWERED, outcome="granted",
        reply_text="您申请的信息予以公开，见所附文件。",
    )  # fmt: skip

    page.context.clear_cookies()
    track(page, base, code, secret)
    assert "答复文件" in page.content()
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="资金拨付明细.pdf").click()
    assert download.value.suggested_filename == "资金拨付明细.pdf"
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.events.filter(kind=EventKind.DELIVERED).exists()
