"""Attachments: the type comes from the content, sizes are limited, text is extracted for search."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.actors import SYSTEM
from gongkai.publishing import files, services
from gongkai.publishing.models import PublishingConfig
from tests.publishing.conftest import make_item
from tests.publishing.samples import png_bytes

pytestmark = pytest.mark.django_db

# A valid picture: the hand-written 1x1 PNG this file had carried a wrong IDAT checksum, which the
# upload check (a real decode) now refuses.
PNG = png_bytes()


def docx_bytes(text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(values):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ofd_bytes(text):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
            f"<ofd:TextObject><ofd:TextCode>{text}</ofd:TextCode></ofd:TextObject>"
            "</ofd:Layer></ofd:Content></ofd:Page>",
        )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%%EOF", "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpg"),
        (b"GIF89a\x01\x00", "gif"),
    ],
)
def test_kind_is_judged_from_content(data, kind):
    assert files.sniff(data).code == kind


def test_office_and_ofd_files_are_recognized_and_their_text_extracted():
    for data, kind, text in [
        (docx_bytes("临沂市能源保供重点企业名单"), "docx", "临沂市能源保供重点企业名单"),
        (xlsx_bytes(["企业名称", "兰山区某供热公司"]), "xlsx", "兰山区某供热公司"),
        (ofd_bytes("电子公文正文"), "ofd", "电子公文正文"),
    ]:
        found = files.sniff(data)
        assert found.code == kind
        assert text in files.extract_text(found, data)


@pytest.mark.parametrize(
    "data",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00\x03executable", b"PK\x03\x04not really a zip"],
)
def test_other_content_is_refused_whatever_its_name(catalogs, data):
    item = make_item(catalogs.dept_a)
    with pytest.raises(ValidationError) as excinfo:
        services.add_attachment(actor=SYSTEM, item=item, data=data, name="通知.pdf")
    assert "不是允许的附件类型" in excinfo.value.message_dict["file"][0]
    assert not item.attachments.exists()


def test_a_picture_named_pdf_is_stored_as_a_picture(catalogs):
    item = make_item(catalogs.dept_a)
    attachment = services.add_attachment(actor=SYSTEM, item=item, data=PNG, name="扫描件.pdf")
    assert (attachment.kind, attachment.mime) == ("png", "image/png")


def test_size_limit_comes_from_the_office_setting(catalogs):
    config = PublishingConfig.current()
    config.max_attachment_mb = 1
    config.save()
    item = make_item(catalogs.dept_a)
    with pytest.raises(ValidationError, match="附件不能超过 1 MB"):
        services.add_attachment(
            actor=SYSTEM, item=item, data=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), name="大文件.pdf"
        )


def test_attachment_is_downloadable_only_once_published(catalogs, editor_a, reviewer_a, client):
    from tests.publishing.conftest import publish

    item = make_item(catalogs.dept_a, actor=editor_a)
    attachment = services.add_attachment(
        actor=editor_a, item=item, data=docx_bytes("正文"), name="实施细则.docx"
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404
    publish(item, editor_a, reviewer_a)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]


def test_a_drafts_picture_shows_to_its_units_staff_only(catalogs, editor_a, editor_b, client):
    """The editor and the preview show a draft's pictures (Word import puts them in the body); nobody
    else reaches them before publication, and the answer is private and never indexed."""
    from tests.conftest import logged_in

    item = make_item(catalogs.dept_a, actor=editor_a)
    picture = services.add_attachment(actor=editor_a, item=item, data=PNG, name="示意图.png")
    url = picture.get_absolute_url()
    assert client.get(url).status_code == 404
    assert logged_in(editor_b).get(url).status_code == 404
    response = logged_in(editor_a).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_behind_nginx_an_allowed_download_is_handed_to_nginx(
    catalogs, editor_a, reviewer_a, client, settings
):
    """With GONGKAI_ACCEL_REDIRECT set, the view still decides (404 before publication) and then answers with
    X-Accel-Redirect to the file under nginx's internal location, with the type and name; nginx sends the
    bytes. Without it the application streams the file itself."""
    from urllib.parse import quote

    from tests.publishing.conftest import publish

    item = make_item(catalogs.dept_a, actor=editor_a)
    data = docx_bytes("正文")
    attachment = services.add_attachment(actor=editor_a, item=item, data=data, name="实施细则.docx")
    settings.GONGKAI_ACCEL_REDIRECT = "/_protected-media/"
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert "X-Accel-Redirect" not in client.get(attachment.get_absolute_url())
    publish(item, editor_a, reviewer_a)
    handed = client.get(attachment.get_absolute_url())
    assert handed.status_code == 200 and handed.content == b""
    assert handed["X-Accel-Redirect"] == "/_protected-media/" + quote(attachment.file.name)
    assert handed["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment; filename*=UTF-8''" in handed["Content-Disposition"]
    settings.GONGKAI_ACCEL_REDIRECT = ""
    streamed = client.get(attachment.get_absolute_url())
    assert "X-Accel-Redirect" not in streamed and b"".join(streamed.streaming_content) == data
