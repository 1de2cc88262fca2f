"""Notices to applicants: DOCX in the GB/T 9704 layout and PDF with real Chinese text."""

import datetime as dt
import io

import pytest
import time_machine
from docx import Document
from docx.shared import Pt

from gongkai.foi import notices, services
from gongkai.foi.models import Outcome
from tests.conftest import api_client, logged_in
from tests.foi.conftest import DESK

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(lodge):
    with time_machine.travel(dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        application = lodge(dt.date(2024, 3, 1))
        services.record_event(
            actor=DESK,
            application=application,
            kind="answered",
            on=dt.date(2024, 3, 20),
            outcome=Outcome.PARTIAL,
            reply_text="现向您提供立项批复文件（隐去个人信息）。",
            withheld_note="文件附件涉及第三方商业秘密。",
        )
    application.refresh_from_db()
    return application


def test_reply_notice_docx_follows_gbt_9704(answered):
    data = notices.to_docx(notices.build(answered, "reply"))
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]  # fmt: skip
    assert [round(length.mm) for length in sizes] == [210, 297, 37, 35, 28, 26]
    title, number = document.paragraphs[0], document.paragraphs[1]
    assert title.text == "政府信息公开申请答复告知书" and title.runs[0].font.size == Pt(22)
    assert number.text.startswith("市发展改革委依申〔2024〕") and number.text.endswith("号")
    body = next(p for p in document.paragraphs if p.text.startswith("经审查"))
    assert body.runs[0].font.size == Pt(16) and body.paragraph_format.first_line_indent == Pt(32)
    assert body.paragraph_format.line_spacing == Pt(29)
    east_asia = body.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == "仿宋_GB2312"
    texts = [p.text for p in document.paragraphs]
    assert "张三丰：" in texts and "（印章）" in texts and "2024年3月20日" in texts
    assert any("第三方商业秘密" in t for t in texts) and any("第三十七条" in t for t in texts)


def test_reply_notice_pdf_carries_chinese_text(answered):
    from pypdf import PdfReader

    pdf = notices.to_pdf(notices.build(answered, "reply"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "答复告知书" in text and "张三丰" in text


def test_without_a_chinese_font_the_pdf_is_refused_with_a_reason(answered, tmp_path, monkeypatch):
    empty = tmp_path / "fonts.conf"
    empty.write_text(
        '<?xml version="1.0"?><fontconfig><cachedir>' + str(tmp_path) + "</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # a real fontconfig that knows no fonts
    with pytest.raises(notices.NoticeUnavailable, match="fonts-noto-cjk"):
        notices.to_pdf(notices.build(answered, "reply"))


def test_a_notice_needs_its_step_first(lodge):
    application = lodge(dt.date(2024, 3, 1))
    with pytest.raises(notices.NoticeUnavailable, match="补正告知书"):
        notices.build(application, "correction")


def test_notices_download_for_the_handling_unit_only(answered, editor_a, editor_b):
    response = logged_in(editor_a).get(f"/manage/admin/foi/application/{answered.pk}/notices/reply.docx")
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert (
        logged_in(editor_b).get(f"/manage/admin/foi/application/{answered.pk}/notices/reply.docx").status_code
        == 404
    )
    pdf = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{answered.pk}/notices/reply.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    missing = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{answered.pk}/notices/fee.pdf")
    assert missing.status_code == 422
