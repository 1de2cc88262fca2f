"""A department editor writes an item in the workspace's rich-text editor (a heading, a list and a table),
the draft autosaves, is saved and submitted; the editor runs under the site's CSP, in Chinese, and the pages
are axe-clean at desktop and phone widths."""

import re

from gongkai.publishing.models import InformationItem, Revision
from tests.browser.conftest import axe_violations

PASSWORD = "gongkai-demo-2026"


def login(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/manage/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_editor_writes_autosaves_saves_and_submits(live_server, page, demo_items):
    base = live_server.url
    login(page, base, "fgw_editor")
    page.goto(base + "/manage/items/new/")
    page.wait_for_selector(".prose-editor[data-ready]")

    # The toolbar speaks Chinese: no English word in its names or its text.
    names = page.eval_on_selector_all(
        ".prose-menubar button", "els => els.map(b => (b.getAttribute('aria-label') || '') + b.textContent)"
    )
    assert names and not [n for n in names if re.search(r"[A-Za-z]{2,}", n)]

    page.get_by_label("标题（必填）").fill("临沂市发展和改革委员会关于做好2026年冬季能源保供工作的通知")
    page.get_by_label("内容概述").fill("部署今冬能源保供工作。")
    page.get_by_label("文号").fill("临发改〔2026〕91号")
    page.get_by_label("主题分类").select_option("国民经济管理")
    page.get_by_label("体裁").select_option("通知")
    page.get_by_role("checkbox", name="政策文件", exact=True).check()

    body = page.get_by_role("textbox", name="正文")
    body.click()
    page.click(".prose-menubar__selected")
    page.get_by_role("button", name="二级标题").first.click()
    page.keyboard.type("一、总体要求")
    page.keyboard.press("Enter")
    page.keyboard.type("各县区发展改革局：")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="项目符号列表").click()
    page.keyboard.type("保障居民供暖")
    page.keyboard.press("Enter")
    page.keyboard.type("保障重点企业用能")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leave the list
    page.get_by_role("button", name="插入表格").click()
    dialog = page.locator("dialog[open]")
    assert "表格设置" in dialog.inner_text()
    dialog.get_by_label("行数").fill("2")
    dialog.get_by_label("列数").fill("2")
    dialog.get_by_role("button", name="插入表格").click()
    page.keyboard.type("项目")
    page.keyboard.press("Tab")
    page.keyboard.type("责任单位")

    # Autosave (every 30 seconds when changed; called at once here): the new item becomes a draft.
    page.evaluate("document.getElementById('item-form').autosaveNow()")
    page.wait_for_function("document.getElementById('autosave-status').textContent.includes('已自动保存')")
    assert re.search(r"已自动保存 \d\d:\d\d", page.locator("#autosave-status").inner_text())
    item = InformationItem.objects.get(doc_number="临发改〔2026〕91号")
    assert page.url.endswith(f"/manage/items/{item.pk}/")
    assert item.status == "draft"
    assert "<h2>一、总体要求</h2>" in item.body and "<ul>" in item.body and "<table>" in item.body

    page.keyboard.type("（牵头）")
    page.evaluate("document.getElementById('item-form').autosaveNow()")
    page.wait_for_function("document.getElementById('autosave-status').textContent.includes('已自动保存')")
    assert Revision.objects.filter(item=item, note="自动保存").exists()

    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "已保存。" in page.content()
    item.refresh_from_db()
    assert "责任单位（牵头）" in item.body

    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.wait_for_selector(".prose-editor[data-ready]")
    page.get_by_role("button", name="保存并送审").click()
    page.wait_for_load_state()
    assert "已送审。" in page.content()
    item.refresh_from_db()
    assert item.status == "submitted"


def test_item_list_is_axe_clean_and_fits_a_phone(live_server, page, demo_items):
    base = live_server.url
    login(page, base, "fgw_reviewer")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/manage/items/")
        assert axe_violations(page) == [], width
        assert no_sideways_scroll(page), width


def test_the_editor_runs_under_the_sites_content_security_policy(live_server, browser, demo_items):
    context = browser.new_context(locale="zh-CN")  # no bypass: the real CSP applies
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        login(page, live_server.url, "fgw_editor")
        response = page.goto(live_server.url + "/manage/items/new/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(".prose-editor[data-ready]")
        page.locator(".tiptap").click()
        page.keyboard.type("正文")
        assert page.locator("textarea[name=body]").input_value() == "<p>正文</p>"
        assert refused == []
    finally:
        context.close()


# What Word (and WPS, which writes the same kind of HTML) puts on the clipboard: classes, inline fonts and
# colours, a heading 1, list paragraphs with typed-out numbers, and a table.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<h1 style="font-family:黑体;color:#C00000"><span lang=EN-US>一、总体要求</span></h1>
<p class=MsoNormal style="text-indent:2em"><span style="font-family:仿宋_GB2312;font-size:16pt;color:red">
各县区发展改革局：<b>请认真贯彻</b><o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style="mso-list:l0 level1 lfo1"><![if !supportLists]><span
style="mso-list:Ignore">1.<span style="font:7.0pt 'Times New Roman'">&nbsp;&nbsp;</span></span><![endif]>保障居民供暖</p>
<p class=MsoListParagraphCxSpLast style="mso-list:l0 level1 lfo1"><![if !supportLists]><span
style="mso-list:Ignore">2.<span style="font:7.0pt 'Times New Roman'">&nbsp;&nbsp;</span></span><![endif]>保障重点企业用能</p>
<table class=MsoTableGrid border=1 style="border-collapse:collapse"><tr><td width=200 style="background:yellow">
<p class=MsoNormal>项目</p></td><td><p class=MsoNormal>责任单位</p></td></tr></table>
</body></html>"""


def test_pasting_from_word_keeps_structure_and_drops_styling(live_server, page, demo_items):
    login(page, live_server.url, "fgw_editor")
    page.goto(live_server.url + "/manage/items/new/")
    page.wait_for_selector(".prose-editor[data-ready]")
    page.locator(".tiptap").click()
    page.evaluate(
        """html => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", "一、总体要求")
            document.querySelector(".tiptap").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}))
        }""",
        WORD_HTML,
    )
    body = page.locator("textarea[name=body]").input_value()
    assert "<h2>一、总体要求</h2>" in body
    assert "<strong>请认真贯彻</strong>" in body
    assert re.search(r"<ol[^>]*><li><p>保障居民供暖</p></li><li><p>保障重点企业用能</p></li></ol>", body)
    assert "<table>" in body and "<p>项目</p>" in body and "<p>责任单位</p>" in body
    for styling in ("style=", "class=", "font", "color", "Mso", "仿宋", "mso-"):
        assert styling not in body, styling


def test_an_uploaded_picture_goes_into_the_body_with_one_click(live_server, page, demo_items):
    from gongkai.core.models import User
    from gongkai.publishing import services
    from gongkai.publishing.models import Attachment
    from tests.publishing.samples import png_bytes

    editor = User.objects.get(username="fgw_editor")
    item = InformationItem.objects.filter(unit=editor.unit, status="draft").order_by("pk").first()
    picture = services.add_attachment(actor=editor, item=item, data=png_bytes(), name="项目分布图.png")
    login(page, live_server.url, "fgw_editor")
    page.goto(f"{live_server.url}/manage/items/{item.pk}/")
    page.wait_for_selector(".prose-editor[data-ready]")
    page.locator(".tiptap").click()
    page.keyboard.press("Control+End")
    page.get_by_role("button", name="插入正文 项目分布图.png").click()
    body = page.locator("textarea[name=body]").input_value()
    assert re.search(rf'<img src="{re.escape(picture.get_absolute_url())}" alt="项目分布图"', body), body
    assert Attachment.objects.filter(item=item).count() >= 1
    assert axe_violations(page) == []
