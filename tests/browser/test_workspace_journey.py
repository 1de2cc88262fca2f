"""The issue's first journey, end to end in the workspace: an editor imports a GB/T 9704 Word document and
finds each field read, previews it and submits it; the reviewer approves it from the to-do list; the public
page shows it."""

import datetime as dt

from gongkai.publishing.models import InformationItem
from tests.browser.conftest import axe_violations
from tests.browser.test_publishing_journey import login
from tests.docx_factory import ADDRESSEE, ATTACHMENTS, DOC_NUMBER, ISSUER, TABLE, TITLE, gbt9704_docx
from tests.publishing.samples import pdf_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_import_preview_submit_approve_publish(live_server, page, demo_items):
    base = live_server.url
    login(page, base, "fgw_editor")
    page.goto(base + "/manage/")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="公开信息").click()
    page.get_by_role("link", name="导入 Word 文档").click()
    page.set_input_files(
        "#id_file", {"name": "重点项目通知.docx", "mimeType": DOCX, "buffer": gbt9704_docx()}
    )
    page.select_option("#id_column", label="政策文件")
    page.get_by_role("button", name="导入并新建草稿").click()
    page.wait_for_load_state()

    # Each field read from the layout, shown in the editor to check and correct.
    item = InformationItem.objects.get(title=TITLE)
    assert page.input_value("#id_title") == TITLE
    assert page.input_value("#id_doc_number") == DOC_NUMBER
    assert page.input_value("#id_written_on") == "2026-03-05"
    assert page.input_value("#id_issuer") == ISSUER
    read = page.locator(".ws-messages").inner_text()
    assert f"发文机关：{ISSUER}" in read
    assert ADDRESSEE.rstrip("：") in read
    assert all(name in read for name in ATTACHMENTS)
    assert (item.status, item.written_on) == ("draft", dt.date(2026, 3, 5))
    assert "<table" in item.body and TABLE[1][0] in item.body
    assert ISSUER + "文件" not in item.body and DOC_NUMBER not in item.body
    assert axe_violations(page) == []

    # The preview is the public page with a banner, before anyone else may see it.
    page.get_by_role("link", name="预览", exact=True).first.click()
    page.wait_for_load_state()
    assert "此页面仅供预览，尚未公开" in page.content()
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert page.locator("main table").filter(has_text=TABLE[1][0]).count() == 1
    page.goto(base + f"/manage/items/{item.pk}/")
    assert page.locator("input[name=columns]:checked").count() == 1, page.locator(
        "input[name=columns]:checked"
    ).count()

    # What a Word document does not carry, the editor adds: the summary, the topic and the attachments the
    # document's 附件 note names (each checked before submission).
    page.fill("#id_summary", "部署2026年重点项目谋划储备工作。")
    page.select_option("#id_topic", "国民经济管理")
    for number, name in enumerate(ATTACHMENTS, 1):
        page.set_input_files(
            "#id_upload", {"name": f"附件{number}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
        )
        page.fill("#id_upload_name", name)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_load_state()
    page.get_by_role("button", name="保存并送审").click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "submitted", page.locator("main").inner_text()[:800]

    login(page, base, "fgw_reviewer")
    page.goto(base + "/manage/")
    page.get_by_role("region", name="待我审核的信息").get_by_role("link", name=TITLE).click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_role("button", name="通过", exact=True).click()
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "published"

    page.context.clear_cookies()
    page.goto(base + item.get_absolute_url())
    assert page.get_by_role("heading", name=TITLE).is_visible()
    assert DOC_NUMBER in page.locator("table.metadata").inner_text()
