"""Uploads are parsed by their own format's parser, not sniffed from their first bytes: hostile PDFs, broken
pictures and macro documents are refused with a Chinese reason; pictures are stored re-encoded without EXIF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.actors import SYSTEM
from gongkai.gazette import services as gazette
from gongkai.gazette.models import Issue
from gongkai.publishing import services
from gongkai.publishing.files import KINDS
from gongkai.publishing.uploads import check_upload
from tests.publishing import samples
from tests.publishing.conftest import make_item

pytestmark = pytest.mark.django_db

JS_OPEN_ACTION = {"/S": "/JavaScript", "/JS": "app.alert(1)"}
LAUNCH_OPEN_ACTION = {"/S": "/Launch", "/F": "cmd.exe"}


def refusal(data, allowed=KINDS, name="材料"):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(name, data, allowed)
    return excinfo.value.message_dict["file"][0]


def test_a_pdf_html_polyglot_is_refused():
    assert "文件内容与 PDF 格式不符，无法上传。" in refusal(samples.POLYGLOT)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%%EOF",  # a header and nothing else
        samples.pdf_bytes()[:200],  # cut short
        samples.pdf_bytes().replace(b"%\xe2\xe3\xcf\xd3\n", b"%\xe2\xe3\xcf\xd3\n<script>x</script>\n"),
    ],
)
def test_a_pdf_that_does_not_open_or_carries_markup_is_refused(data):
    assert "文件内容与 PDF 格式不符" in refusal(data)


def test_a_pdf_with_an_open_action_script_is_refused():
    assert "PDF 文件中含有脚本，出于安全原因不能上传。" in refusal(
        samples.pdf_bytes(open_action=JS_OPEN_ACTION)
    )


def test_a_pdf_with_a_document_script_in_the_names_tree_is_refused():
    assert "含有脚本" in refusal(samples.pdf_bytes(names_js=True))


def test_a_script_key_written_with_hex_escapes_is_still_found():
    data = samples.pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /J#53 (app.alert(1))")
    assert "含有脚本" in refusal(data)


def test_a_pdf_with_a_launch_action_is_refused():
    assert "启动外部程序" in refusal(samples.pdf_bytes(open_action=LAUNCH_OPEN_ACTION))


def test_a_pdf_with_an_embedded_file_is_refused():
    assert "嵌入了其他文件" in refusal(samples.pdf_bytes(embedded=True))


def test_a_valid_pdf_is_accepted_unchanged():
    data = samples.pdf_bytes()
    kind, stored = check_upload("通知.pdf", data, {"pdf"})
    assert (kind.code, stored) == ("pdf", data)


def test_a_jpeg_is_stored_re_encoded_without_its_gps_location():
    from PIL import Image

    data = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the sample really carries GPS
    kind, stored = check_upload("现场.jpg", data, {"jpg"})
    picture = Image.open(io.BytesIO(stored))
    assert kind.code == "jpg" and picture.format == "JPEG" and picture.size == (32, 24)
    assert len(picture.getexif()) == 0 and "exif" not in picture.info


def test_bytes_appended_after_a_picture_are_dropped():
    data = samples.png_bytes() + b"<script>alert(1)</script>"
    _kind, stored = check_upload("图.png", data, {"png"})
    assert b"<script>" not in stored


def test_a_corrupt_png_is_refused():
    assert "图片文件已损坏" in refusal(samples.png_bytes()[:45])


def test_a_docx_with_a_macro_project_is_refused():
    data = samples.with_entry(samples.docx_bytes(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    assert "含有宏" in refusal(data)


def test_an_xlsx_with_activex_is_refused():
    data = samples.with_entry(samples.xlsx_bytes(), "xl/activeX/activeX1.xml", b"<ax/>")
    assert "含有宏" in refusal(data)


def test_a_zip_that_only_looks_like_word_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-really/>")
    assert "Word/Excel 格式不符" in refusal(buffer.getvalue())


def test_valid_docx_and_xlsx_are_accepted():
    assert check_upload("细则.docx", samples.docx_bytes(), KINDS)[0].code == "docx"
    assert check_upload("名单.xlsx", samples.xlsx_bytes(), KINDS)[0].code == "xlsx"


def test_a_kind_outside_the_allowed_list_is_refused_by_its_content():
    message = refusal(samples.docx_bytes(), allowed={"pdf", "png"}, name="说明.pdf")
    assert "“说明.pdf”不是允许的文件类型（PDF、图片）" in message


# Through the services ------------------------------------------------------------------------------------


def test_publishing_refuses_a_polyglot_attachment_and_stores_nothing(catalogs):
    item = make_item(catalogs.dept_a)
    with pytest.raises(ValidationError, match="文件内容与 PDF 格式不符"):
        services.add_attachment(actor=SYSTEM, item=item, data=samples.POLYGLOT, name="通知.pdf")
    assert not item.attachments.exists()


def test_publishing_stores_a_photo_without_exif(catalogs):
    from PIL import Image

    item = make_item(catalogs.dept_a)
    attachment = services.add_attachment(
        actor=SYSTEM, item=item, data=samples.jpeg_with_gps(), name="现场.jpg"
    )
    with attachment.file.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
    assert len(picture.getexif()) == 0
    assert attachment.size == attachment.file.size


def test_gazette_refuses_a_pdf_with_a_script(office):
    issue = Issue.objects.create(year=2019, number=1, overall=301, published_on="2019-01-31")
    with pytest.raises(ValidationError, match="含有脚本"):
        gazette.attach_pdf(
            actor=office, issue=issue, data=samples.pdf_bytes(open_action=JS_OPEN_ACTION), name="x.pdf"
        )
    issue.refresh_from_db()
    assert not issue.pdf


def test_supervision_evidence_is_checked_and_a_photo_stored_without_exif():
    from PIL import Image

    from gongkai.supervision import services as supervision

    with pytest.raises(ValidationError, match="启动外部程序"):
        supervision.check_attachment(
            SimpleUploadedFile("a.pdf", samples.pdf_bytes(open_action=LAUNCH_OPEN_ACTION))
        )
    checked = supervision.check_attachment(SimpleUploadedFile("现场.jpg", samples.jpeg_with_gps()))
    assert checked.name == "现场.jpg"
    assert len(Image.open(io.BytesIO(checked.read())).getexif()) == 0
