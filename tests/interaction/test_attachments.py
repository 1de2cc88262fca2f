"""A writer's attachments: parsed on upload (web form and service), shown only to the staff who handle the
message, each download audited, never reachable publicly."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import AuditEvent
from gongkai.interaction.models import Message
from tests.conftest import api_client, logged_in
from tests.interaction.test_interaction import at, handle_through, submit, write
from tests.publishing import samples

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 3, 4, 2, 0, tzinfo=dt.UTC)
JS_PDF = samples.pdf_bytes(open_action={"/S": "/JavaScript", "/JS": "app.alert(1)"})


def test_the_web_form_refuses_a_pdf_html_polyglot(client, channels):
    upload = SimpleUploadedFile("材料.pdf", samples.POLYGLOT, content_type="application/pdf")
    response = write(client, channels["consult"], START, attachments=upload)
    assert response.status_code == 200
    assert "文件内容与 PDF 格式不符，无法上传。" in response.text
    assert not Message.objects.exists()


def test_the_web_form_refuses_a_pdf_with_a_script(client, channels):
    upload = SimpleUploadedFile("材料.pdf", JS_PDF, content_type="application/pdf")
    response = write(client, channels["consult"], START, attachments=upload)
    assert "PDF 文件中含有脚本，出于安全原因不能上传。" in response.text
    assert not Message.objects.exists()


def test_the_web_form_stores_a_photo_without_its_gps_location(client, channels):
    from PIL import Image

    upload = SimpleUploadedFile("现场.jpg", samples.jpeg_with_gps(), content_type="image/jpeg")
    write(client, channels["consult"], START, attachments=upload)
    (attachment,) = Message.objects.get().attachments.all()
    with attachment.file.open("rb") as stored:
        picture = Image.open(io.BytesIO(stored.read()))
    assert picture.format == "JPEG" and len(picture.getexif()) == 0
    assert attachment.size == attachment.file.size


def test_the_service_refuses_a_launch_action_pdf(channels):
    from django.core.exceptions import ValidationError

    launch = samples.pdf_bytes(open_action={"/S": "/Launch", "/F": "cmd.exe"})
    with pytest.raises(ValidationError, match="启动外部程序"):
        submit(channels["consult"], dt.date(2024, 3, 4), attachments=[("a.pdf", launch)])
    assert not Message.objects.exists()


# Who sees them --------------------------------------------------------------------------------------------


def _message_with_photo(channels):
    return submit(
        channels["consult"], dt.date(2024, 3, 4), attachments=[("门口照片.png", samples.png_bytes())]
    )


def test_the_handling_units_editor_sees_and_downloads_it_and_the_download_is_audited(channels, editor_a):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    client = logged_in(editor_a)
    page = client.get(f"/manage/admin/interaction/message/{message.pk}/change/").text
    url = f"/manage/admin/interaction/message/{message.pk}/attachments/{attachment.pk}/"
    assert "门口照片.png" in page and url in page and "图片（PNG）" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()
    event = AuditEvent.objects.get(action="interaction.attachment.viewed")
    assert (event.actor, event.object_id, event.unit) == (editor_a, str(message.pk), message.unit)
    assert event.changes["attachment"] == [None, "门口照片.png"]


def test_the_openness_office_above_reaches_it(channels, office):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    url = f"/manage/admin/interaction/message/{message.pk}/attachments/{attachment.pk}/"
    assert logged_in(office).get(url).status_code == 200


def test_another_units_editor_gets_404_and_nothing_is_audited(channels, editor_b):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    admin_url = f"/manage/admin/interaction/message/{message.pk}/attachments/{attachment.pk}/"
    api_url = f"/api/v1/staff/interaction/messages/{message.pk}/attachments/{attachment.pk}"
    assert logged_in(editor_b).get(admin_url).status_code == 404
    assert api_client(editor_b).get(api_url).status_code == 404
    assert not AuditEvent.objects.filter(action="interaction.attachment.viewed").exists()


def test_an_attachment_id_under_another_message_is_404(channels, editor_a):
    message = _message_with_photo(channels)
    other = submit(channels["consult"], dt.date(2024, 3, 4), phone="13905391234", submission_key="other")
    (attachment,) = message.attachments.all()
    url = f"/api/v1/staff/interaction/messages/{other.pk}/attachments/{attachment.pk}"
    assert api_client(editor_a).get(url).status_code == 404


def test_anonymous_visitors_get_no_access(client, channels):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    admin = client.get(f"/manage/admin/interaction/message/{message.pk}/attachments/{attachment.pk}/")
    assert admin.status_code == 302 and "/manage/admin/login/" in admin["Location"]
    api = client.get(f"/api/v1/staff/interaction/messages/{message.pk}/attachments/{attachment.pk}")
    assert api.status_code == 401
    # MEDIA_ROOT is not served by URL: the stored path answers 404 (no static/media route, not under STATIC_ROOT)
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/static/../media/{attachment.file.name}").status_code == 404
    assert not AuditEvent.objects.filter(action="interaction.attachment.viewed").exists()


def test_the_staff_api_lists_attachments_with_a_download_url_and_audits_the_download(channels, editor_a):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    client = api_client(editor_a)
    (listed,) = client.get("/api/v1/staff/interaction/messages").json()["items"]
    url = f"/api/v1/staff/interaction/messages/{message.pk}/attachments/{attachment.pk}"
    assert listed["attachments"] == [
        {
            "id": attachment.pk,
            "name": "门口照片.png",
            "kind": "png",
            "size": attachment.size,
            "download_url": url,
        }
    ]
    detail = client.get(f"/api/v1/staff/interaction/messages/{message.pk}").json()
    assert detail["attachments"][0]["download_url"] == url
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment;" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="interaction.attachment.viewed", actor=editor_a).count() == 1


def test_the_public_message_page_and_api_never_link_them(client, channels, editor_a, reviewer_a):
    message = _message_with_photo(channels)
    (attachment,) = message.attachments.all()
    handle_through(message, editor_a, reviewer_a, dt.date(2024, 3, 6))
    with at(dt.datetime(2024, 3, 7, 2, 0, tzinfo=dt.UTC)):
        detail = client.get(f"/interaction/messages/{message.pk}/")
        listing = client.get("/api/v1/interaction/messages").text
    assert detail.status_code == 200
    for private in ("门口照片", "attachments", attachment.file.name, "/media/"):
        assert private not in detail.text and private not in listing
