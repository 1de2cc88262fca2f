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
from tests.foi.conftest import DESK, applicant

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


# Remedies (救济途径) in the deciding notices only; the closure notice; large print -------------------------

REMEDY = "可自收到本告知书之日起六十日内向临沂市人民政府申请行政复议"


def _text(notice) -> tuple[str, str]:
    import re

    import fitz

    docx = "".join(p.text for p in Document(io.BytesIO(notices.to_docx(notice))).paragraphs)
    pdf = "".join(page.get_text() for page in fitz.open(stream=notices.to_pdf(notice), filetype="pdf"))
    return re.sub(r"\s+", "", docx), re.sub(r"\s+", "", pdf)


@pytest.fixture
def lapsed(lodge):
    """An application whose correction period ran out: closed without a reply on the merits."""
    with time_machine.travel(dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        application = lodge(dt.date(2024, 3, 1))
        services.record_event(
            actor=DESK, application=application, kind="correction_requested", on=dt.date(2024, 3, 4),
            note="请写明文件的名称或文号。", deadline=dt.date(2024, 3, 15),
        )  # fmt: skip
        services.record_event(
            actor=DESK, application=application, kind="closed", on=dt.date(2024, 3, 18),
            outcome=Outcome.OTHER_OVERDUE_CORRECTION,
        )  # fmt: skip
    application.refresh_from_db()
    return application


def test_the_reply_ends_with_the_remedies_before_the_seal(answered):
    docx, pdf = _text(notices.build(answered, "reply"))
    for text in (docx, pdf):
        assert REMEDY in text and text.index(REMEDY) < text.index("（印章）")
        assert "对行政复议决定不服的" in text  # 部分公开: reconsideration first by default


def test_a_closure_notice_cites_the_basis_and_carries_the_remedies(lapsed):
    assert ("closure", "政府信息公开申请办结告知书") in notices.available(lapsed)
    notice = notices.build(lapsed, "closure")
    assert notice.title == "政府信息公开申请办结告知书"
    docx, pdf = _text(notice)
    for text in (docx, pdf):
        assert "逾期未补正" in text and "第三十条" in text and "2024年3月15日前作出补正" in text
        assert REMEDY in text and "六个月内" in text


def test_a_correction_notice_carries_no_remedies(lapsed):
    docx, pdf = _text(notices.build(lapsed, "correction"))
    assert "行政复议" not in docx and "行政复议" not in pdf


def test_an_answered_application_closed_afterwards_has_no_closure_notice(answered):
    services.record_event(actor=DESK, application=answered, kind="closed", on=dt.date(2024, 3, 25))
    assert "closure" not in dict(notices.available(answered))
    with pytest.raises(notices.NoticeUnavailable, match="办结告知书"):
        notices.build(answered, "closure")


def test_large_print_downloads_from_the_workspace_and_the_api(answered, editor_a):
    response = logged_in(editor_a).get(f"/manage/foi/{answered.pk}/notices/reply.large-pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "%E5%A4%A7%E5%AD%97%E7%89%88" in response["Content-Disposition"]  # 大字版 in the file name
    detail = logged_in(editor_a).get(f"/manage/foi/{answered.pk}/").content.decode()
    assert "救济途径" in detail and "reply.large-pdf" in detail and REMEDY in detail
    api = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{answered.pk}/notices/reply.large-pdf")
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    bad = api_client(editor_a).get(f"/api/v1/staff/foi/applications/{answered.pk}/notices/reply.odt")
    assert bad.status_code == 422


def test_the_tracking_page_and_api_show_the_remedies_and_large_print(tree, office):
    from django.test import Client

    with time_machine.travel(dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        application, secret, _ = services.register_application(
            actor=office,
            unit=tree.street,
            data=applicant(),
            channel="in_person",
            received_on=dt.date(2024, 3, 1),
        )
        client = Client()
        before = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
        assert "救济途径" not in before.content.decode()
        other, other_secret, _ = services.register_application(
            actor=office,
            unit=tree.street,
            data=applicant(),
            channel="in_person",
            received_on=dt.date(2024, 3, 2),
        )
        services.record_event(
            actor=DESK,
            application=other,
            kind="consultation_started",
            on=dt.date(2024, 3, 5),
            party="某某公司",
        )
        party = client.post(
            "/foi/track/",
            {"tracking_code": other.tracking_code, "secret": other_secret, "notice": "consultation"},
        )
        assert party.status_code == 400 and "某某公司" not in party.content.decode()
        services.record_event(
            actor=DESK, application=application, kind="answered", on=dt.date(2024, 3, 20),
            outcome=Outcome.DENIED_PROCESS_INFO, reply_text="属于过程性信息。",
        )  # fmt: skip
        page = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
        html = page.content.decode()
        assert "救济途径" in html and "临沂市兰山区人民政府" in html and "对行政复议决定不服的" in html
        assert 'name="notice" value="reply"' in html and 'name="size" value="3"' in html
        large = client.post(
            "/foi/track/", {"tracking_code": application.tracking_code, "secret": secret, "notice": "reply"}
        )
        assert large.status_code == 200 and large.content.startswith(b"%PDF")
        refused = client.post(
            "/foi/track/", {"tracking_code": application.tracking_code, "secret": secret, "notice": "consult"}
        )
        assert refused.status_code == 400 and "告知书类型" in refused.content.decode()
        wrong = client.post(
            "/foi/track/", {"tracking_code": application.tracking_code, "secret": "X", "notice": "reply"}
        )
        assert not wrong.content.startswith(b"%PDF")
        api = client.post(
            "/api/v1/foi/track",
            {"tracking_code": application.tracking_code, "secret": secret},
            content_type="application/json",
        )
        assert api.json()["remedies"].startswith(
            "如对本告知书不服，可自收到本告知书之日起六十日内向临沂市兰山区人民政府"
        )
