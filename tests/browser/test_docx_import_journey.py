"""An editor imports a GB/T 9704 Word document on a phone-sized screen: the form is usable at 390 px and
axe-clean, a wrong file comes back with its error, the right one becomes a draft with each field read."""

import datetime as dt

from gongkai.publishing.models import InformationItem
from tests.browser.conftest import axe_violations, pass_demo_second_step
from tests.browser.test_publishing_journey import login
from tests.docx_factory import DOC_NUMBER, TITLE, gbt9704_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_import_a_word_document_on_a_phone(live_server, page, demo_items):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "fgw_editor")
    page.goto(base + "/manage/items/import/")
    assert page.locator("h1").inner_text() == "导入 Word 文档"
    assert no_sideways_scroll(page)
    assert axe_violations(page, impacts=("moderate", "serious", "critical")) == []

    page.set_input_files(
        "#id_file", {"name": "通知.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    page.get_by_role("button", name="导入并新建草稿").click()
    page.wait_for_load_state()
    assert "“通知.pdf”不是 Word 文档（.docx）" in page.locator(".error-summary").inner_text()
    assert no_sideways_scroll(page)
    assert axe_violations(page, impacts=("moderate", "serious", "critical")) == []
    assert not InformationItem.objects.filter(title=TITLE).exists()

    page.set_input_files("#id_file", {"name": "发改委通知.docx", "mimeType": DOCX, "buffer": gbt9704_docx()})
    page.select_option("#id_column", label="政策文件")
    page.get_by_role("button", name="导入并新建草稿").click()
    page.wait_for_load_state()
    item = InformationItem.objects.get(title=TITLE)
    assert (item.status, item.doc_number, item.written_on) == ("draft", DOC_NUMBER, dt.date(2026, 3, 5))
    assert [c.code for c in item.columns.all()] == ["policy"]
    assert f"/{item.pk}/" in page.url
    shown = page.content()
    assert "请核对识别结果" in shown and "发文机关：临沂市发展和改革委员会" in shown


def test_the_openness_office_chooses_the_unit_on_a_phone(live_server, page, demo_items):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base, "admin")
    pass_demo_second_step(page)
    page.goto(base + "/manage/items/import/")
    assert page.locator("select#id_unit option").count() > 2
    assert page.locator("select#id_column optgroup").count() >= 1
    assert no_sideways_scroll(page)
    assert axe_violations(page, impacts=("moderate", "serious", "critical")) == []
