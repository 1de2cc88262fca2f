"""Importing a Word document laid out under GB/T 9704 as a new draft: what is read, the clean body, the
pictures and the original file as attachments, every refusal, and the staff API."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import AuditEvent, User
from gongkai.publishing import docx_import, gbt9704, services
from gongkai.publishing.models import Attachment, InformationItem, PublishingConfig, Revision
from tests.conftest import api_client
from tests.docx_factory import (
    ADDRESSEE,
    ATTACHMENTS,
    DATE_IN_CHINESE,
    DOC_NUMBER,
    ISSUER,
    TITLE,
    gbt9704_docx,
)
from tests.publishing import samples
from tests.publishing.conftest import column

OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le")


def read(**options) -> docx_import.ReadDocument:
    return docx_import.read_docx(gbt9704_docx(**options))


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "\n", html)


# Reading the layout (pure) ---------------------------------------------------------------------------------


def test_every_part_of_a_gbt9704_notice_is_read():
    result = read()
    assert result.issuer == ISSUER
    assert result.doc_number == DOC_NUMBER
    assert result.title == TITLE
    assert result.addressee == ADDRESSEE
    assert result.written_on == dt.date(2026, 3, 5)
    assert result.attachment_names == list(ATTACHMENTS)
    assert result.warnings == []


def test_the_body_keeps_the_table_and_loses_the_header_the_signature_and_the_imprint():
    body = read().body_html
    assert body.startswith(f"<p>{ADDRESSEE}</p>")  # 主送机关 stays, first
    assert "<table>" in body and "<td><p>临沂港区物流园</p></td>" in body
    assert "<p>一、总体要求</p>" in body and "<p>（一）加强项目储备。" in body
    assert "<p>附件：1.2026年重点项目储备清单</p><p>2.重点项目申报表</p>" in body
    text = text_of(body)
    for gone in (f"{ISSUER}文件", DOC_NUMBER, TITLE, "2026年3月5日\n", "抄送", "印发"):
        assert gone not in text
    assert ISSUER not in text  # neither the red header nor the signature
    # Styling is dropped: no fonts, sizes, colours, classes or inline styles.
    assert not re.search(r"style=|class=|color|font|<span", body)


def test_full_width_punctuation_is_kept_and_spread_titles_are_joined():
    result = read(
        title="关于印发《重点项目管理办法（试行）》的通知",
        attachments=("项目清单（第一批）", "申报表：样式"),
    )
    assert result.title == "关于印发《重点项目管理办法（试行）》的通知"
    assert result.attachment_names == ["项目清单（第一批）", "申报表：样式"]
    assert read(title="关于做好 2026 年重点 项目工作的通知").title == "关于做好2026年重点项目工作的通知"


def test_a_date_in_chinese_numerals_is_read():
    result = read(date=DATE_IN_CHINESE)
    assert result.written_on == dt.date(2026, 3, 5)
    assert DATE_IN_CHINESE not in result.body_html


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2026年3月5日", dt.date(2026, 3, 5)),
        ("2026年12月31日", dt.date(2026, 12, 31)),
        ("二〇二六年三月五日", dt.date(2026, 3, 5)),
        ("二〇二六年十月十日", dt.date(2026, 10, 10)),
        ("二〇二五年十二月二十一日", dt.date(2025, 12, 21)),
        ("二〇二四年二月二十九日", dt.date(2024, 2, 29)),
        ("二零二六年一月三十日", dt.date(2026, 1, 30)),
        ("２０２６年３月５日", dt.date(2026, 3, 5)),
    ],
)
def test_date_lines_in_either_numerals(line, expected):
    assert read(date=line).written_on == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2026年3月5日", (dt.date(2026, 3, 5), True)),
        ("2026 年 3 月 5 日", (dt.date(2026, 3, 5), True)),
        ("二〇二六年十一月二十日", (dt.date(2026, 11, 20), True)),
        ("二〇二六年二月三十日", (None, False)),
        ("二〇二六年十十月一日", (None, False)),
        ("2026年3月5日印发", None),
        ("自2026年3月5日起施行", None),
        ("二〇二六年", None),
    ],
)
def test_date_line_table(line, expected):
    assert gbt9704.parse_date(line) == expected


def test_an_impossible_date_is_not_taken_and_the_editor_is_told():
    result = read(date="2026年2月30日")
    assert result.written_on is None
    assert "成文日期“2026年2月30日”不是有效的日期，请在编辑页填写。" in result.warnings


def test_without_a_date_line_the_editor_is_asked_to_fill_it_in():
    result = read(date=None)
    assert result.written_on is None
    assert "未识别到成文日期，请在编辑页填写。" in result.warnings
    assert ISSUER not in text_of(result.body_html)  # the signature is still taken out


@pytest.mark.parametrize(
    "typed", ["临发改[2026]15号", "临发改（2026）15号", "临发改【2026】15号", "临发改(2026)15号"]
)
def test_wrong_brackets_in_the_number_are_corrected_with_a_warning(typed):
    result = read(doc_number=typed)
    assert result.doc_number == DOC_NUMBER
    assert any("六角括号〔〕" in w and typed in w for w in result.warnings)


def test_a_number_with_a_leading_zero_is_kept_as_written_and_flagged():
    result = read(doc_number="临发改〔2026〕015号")
    assert result.doc_number == "临发改〔2026〕015号"
    assert any("序号不编虚位" in w for w in result.warnings)


def test_without_a_red_header_the_rest_is_still_read():
    result = read(header=False)
    assert result.issuer == ""
    assert "未识别到发文机关（红头），请核对发布机构。" in result.warnings
    assert (result.doc_number, result.title, result.written_on) == (DOC_NUMBER, TITLE, dt.date(2026, 3, 5))


def test_a_plain_document_becomes_body_with_warnings():
    result = docx_import.read_docx(samples.docx_bytes("会议纪要正文。"))
    assert result.body_html == "<p>会议纪要正文。</p>"
    assert (result.title, result.doc_number, result.issuer, result.written_on) == ("", "", "", None)
    assert "未识别到标题，请在编辑页填写。" in result.warnings


def test_a_single_attachment_without_a_number():
    assert read(attachments=("重点项目申报表",)).attachment_names == ["重点项目申报表"]


def test_word_heading_styles_become_headings_of_the_page():
    body = read(heading_styles=True).body_html
    assert "<h2>一、总体要求</h2>" in body and "<h2>三、工作要求</h2>" in body


def test_chinese_heading_style_names_and_word_lists_are_kept():
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    document.add_paragraph("正文。")
    document.add_paragraph("（一）小标题", style=document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH))
    for text, style in (("第一项", "List Bullet"), ("第二项", "List Bullet"), ("甲", "List Number")):
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    assert docx_import.read_docx(out.getvalue()).body_html == (
        "<p>正文。</p><h3>（一）小标题</h3><ul><li>第一项</li><li>第二项</li></ul><ol><li>甲</li></ol>"
    )


def test_pictures_are_collected_and_placed_by_address():
    result = read()
    [picture] = result.images
    assert picture.content_type == "image/png" and picture.data.startswith(b"\x89PNG")
    assert picture.name == "正文图片1.png"
    assert '<img alt="图片1" src="#docx-image-1">' in result.body_html
    placed = docx_import.place_images(result.body_html, {1: "/xxgk/attachments/9/"})
    assert 'src="/xxgk/attachments/9/"' in placed
    dropped = docx_import.place_images(result.body_html, {1: None})
    assert "<img" not in dropped and "未能导入" in dropped


def test_a_closing_line_of_the_body_is_not_taken_for_the_signature():
    result = read(closing="特此通知", attachments=(), signature=None)
    assert result.written_on == dt.date(2026, 3, 5)
    assert "<p>特此通知</p>" in result.body_html


def test_signature_and_date_in_one_paragraph():
    result = read(signature_with_date=True)
    assert result.written_on == dt.date(2026, 3, 5)
    assert ISSUER not in text_of(result.body_html)


def test_the_seal_above_the_signature_is_not_a_picture_of_the_body():
    result = read(seal=True)
    assert len(result.images) == 1 and result.body_html.count("<img") == 1


def test_the_same_picture_twice_is_one_picture():
    result = read(image=2)
    assert len(result.images) == 1 and result.body_html.count('src="#docx-image-1"') == 2


def test_a_red_header_in_a_table_is_read():
    result = read(header_in_table=True)
    assert result.issuer == ISSUER and result.title == TITLE
    assert "<table>" in result.body_html and f"{ISSUER}文件" not in result.body_html


def test_a_red_header_in_a_text_box_is_read_once():
    result = read(header_in_text_box=True)
    assert result.issuer == ISSUER and result.title == TITLE and result.doc_number == DOC_NUMBER
    assert ISSUER not in text_of(result.body_html)


def test_something_that_is_not_a_word_document_cannot_be_read():
    with pytest.raises(docx_import.Unreadable):
        docx_import.read_docx(b"PK\x03\x04 not really a zip")


# The service -----------------------------------------------------------------------------------------------


def import_file(unit, actor, data=None, name="关于做好重点项目谋划储备工作的通知.docx", **kwargs):
    return services.import_docx(
        actor=actor, unit=unit, data=gbt9704_docx() if data is None else data, name=name, **kwargs
    )


def test_import_creates_a_draft_with_what_was_read(catalogs, editor_a):
    policy = column(catalogs.dept_a)
    imported = import_file(catalogs.dept_a, editor_a, columns=[policy])
    item = InformationItem.objects.get()
    assert imported.item == item
    assert (item.status, item.unit, item.created_by) == ("draft", catalogs.dept_a, editor_a)
    assert (item.title, item.doc_number, item.written_on) == (TITLE, DOC_NUMBER, dt.date(2026, 3, 5))
    assert (
        item.issuer == ISSUER
    )  # 发文机关 is kept on the item, for the editor to correct and the page to show
    assert item.genre == "通知"
    assert list(item.columns.all()) == [policy]
    original, picture = item.attachments.order_by("sort_order")
    assert (original.name, original.kind) == ("关于做好重点项目谋划储备工作的通知.docx", "docx")
    assert (picture.name, picture.kind) == ("正文图片1.png", "png")
    assert f'src="{picture.get_absolute_url()}"' in item.body
    assert "docx-image" not in item.body
    assert item.body_text.startswith(ADDRESSEE)
    assert imported.warnings == [
        "原文件“关于做好重点项目谋划储备工作的通知.docx”已作为附件保存；如不需要随信息公开，请在编辑页删除。"
    ]
    actions = list(AuditEvent.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert actions.count("publishing.attachment.added") == 2
    assert {"publishing.item.created", "publishing.item.read_from_docx"} <= set(actions)
    assert Revision.objects.filter(item=item).exists()


def test_without_a_title_the_file_name_is_used_and_the_editor_told(catalogs, editor_a):
    imported = import_file(
        catalogs.dept_a, editor_a, data=gbt9704_docx(title=None), name="C:\\文件\\能源保供.docx"
    )
    assert imported.item.title == "能源保供"
    assert imported.warnings[0] == "未识别到标题，已用文件名“能源保供”作为标题，请在编辑页修改。"


def test_a_document_of_another_issuer_is_flagged(catalogs, editor_b):
    imported = import_file(catalogs.dept_b, editor_b)
    assert imported.item.unit == catalogs.dept_b
    assert (
        "文件的发文机关为“临沂市发展和改革委员会”，与所选单位“临沂市教育局”不同，请核对。"
        in imported.warnings
    )


def test_a_picture_the_site_cannot_show_is_left_out_with_a_note(catalogs, editor_a):
    from docx import Document
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(picture, "TIFF")
    document = Document()
    document.add_paragraph("正文第一段。")
    document.add_paragraph().add_run().add_picture(io.BytesIO(picture.getvalue()))
    out = io.BytesIO()
    document.save(out)
    imported = import_file(catalogs.dept_a, editor_a, data=out.getvalue(), name="图片.docx")
    item = imported.item
    assert [a.kind for a in item.attachments.all()] == ["docx"]
    assert "<img" not in item.body and "［此处原有一张图片，未能导入］" in item.body
    assert any("第1张图片（TIFF 格式）网站不能显示" in w for w in imported.warnings)


def _too_big() -> bytes:
    return samples.with_entry(gbt9704_docx(), "word/media/padding.bin", bytes(1024 * 1024))


BAD_FILES = [
    ("empty", lambda: b"", "空.docx", "文件“空.docx”是空的，请重新选择。"),
    ("pdf", samples.pdf_bytes, "通知.docx", "“通知.docx”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。"),
    ("text", lambda: "通知正文".encode(), "通知.txt", "“通知.txt”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。"),
    ("excel", samples.xlsx_bytes, "表.docx", "“表.docx”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。"),
    ("old word", lambda: OLD_WORD, "通知.doc", "“通知.doc”是旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入。"),
    (
        "macro",
        lambda: samples.with_entry(gbt9704_docx(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"),
        "宏.docx",
        "“宏.docx”：文件中含有宏、ActiveX 控件或嵌入的程序对象，出于安全原因不能上传。",
    ),
    (
        "ole object",
        lambda: samples.with_entry(gbt9704_docx(), "word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0"),
        "嵌入.docx",
        "“嵌入.docx”：文件中含有宏、ActiveX 控件或嵌入的程序对象，出于安全原因不能上传。",
    ),
    ("too big", _too_big, "大.docx", "文件不能超过 1 MB。"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("make", "name", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_a_refused_file_gives_its_chinese_reason_and_creates_nothing(catalogs, editor_a, make, name, message):
    config = PublishingConfig.current()
    config.max_attachment_mb = 1
    config.save()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        import_file(catalogs.dept_a, editor_a, data=make(), name=name)
    assert refused.value.message_dict == {"file": [message]}
    assert not InformationItem.objects.exists() and not Attachment.objects.exists()
    assert AuditEvent.objects.count() == events


def test_another_units_editor_may_not_import_into_my_unit(catalogs, editor_b):
    with pytest.raises(PermissionDenied):
        import_file(catalogs.dept_a, editor_b)
    assert not InformationItem.objects.exists()


def test_a_column_of_another_unit_is_refused(catalogs, office):
    with pytest.raises(ValidationError):
        import_file(catalogs.dept_a, office, columns=[column(catalogs.dept_b)])
    assert not InformationItem.objects.exists() and not Attachment.objects.exists()


# The API ---------------------------------------------------------------------------------------------------

URL = "/api/v1/staff/items/from-docx"


def post(client, unit, data=None, name="通知.docx", **extra):
    upload = SimpleUploadedFile(name, gbt9704_docx() if data is None else data)
    return client.post(URL, {"file": upload, "unit_id": unit.pk, **extra})


def test_api_creates_the_draft_and_answers_with_what_was_read(catalogs, editor_a):
    response = post(api_client(editor_a), catalogs.dept_a, column_id=column(catalogs.dept_a).pk)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "title", "doc_number", "written_on", "issuer", "body", "attachments", "warnings"} <= set(
        body
    )
    item = InformationItem.objects.get(pk=body["id"])
    assert body["title"] == TITLE and body["doc_number"] == DOC_NUMBER
    assert body["written_on"] == "2026-03-05" and body["issuer"] == ISSUER
    assert body["addressee"] == ADDRESSEE and body["attachment_names"] == list(ATTACHMENTS)
    assert body["body"] == item.body and body["status"] == "draft"
    assert [(a["name"], a["kind"]) for a in body["attachments"]] == [
        ("通知.docx", "docx"),
        ("正文图片1.png", "png"),
    ]
    assert all(a["url"].startswith("/") for a in body["attachments"])
    assert body["warnings"] == ["原文件“通知.docx”已作为附件保存；如不需要随信息公开，请在编辑页删除。"]
    assert list(item.columns.all()) == [column(catalogs.dept_a)]


def test_api_needs_a_staff_token(catalogs, client):
    assert post(client, catalogs.dept_a).status_code == 401
    assert not InformationItem.objects.exists()


def test_api_hides_another_units_and_their_columns(catalogs, editor_a):
    client = api_client(editor_a)
    response = post(client, catalogs.dept_b)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert post(client, catalogs.dept_a, column_id=column(catalogs.dept_b).pk).status_code == 404
    assert not InformationItem.objects.exists()


def test_api_refuses_a_staff_member_without_a_role(catalogs):
    roleless = User.objects.create_user(username="roleless", unit=catalogs.dept_a, role="")
    response = post(api_client(roleless), catalogs.dept_a)
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert not InformationItem.objects.exists()


def test_api_office_may_not_file_under_one_unit_with_anothers_column(catalogs, office):
    response = post(api_client(office), catalogs.dept_a, column_id=column(catalogs.dept_b).pk)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"column_id": "只能选择本单位的栏目。"}


def test_api_answers_a_bad_file_with_422_in_chinese(catalogs, editor_a):
    response = post(api_client(editor_a), catalogs.dept_a, data=samples.pdf_bytes(), name="通知.pdf")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "file": "“通知.pdf”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。"
    }
    assert not InformationItem.objects.exists() and not Attachment.objects.exists()


def test_api_without_a_file_is_422(catalogs, editor_a):
    response = api_client(editor_a).post(URL, {"unit_id": catalogs.dept_a.pk})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"file": "请选择要导入的 Word 文档（.docx）。"}
