"""Applications with their documents (issue 21, items 1 and 2): the applicant's identity proof and material,
the correction through the tracking page, the released files and notices delivered online by links that
expire, the first download as service, the staff API, and the deletion of the applicant's files after the
retention period."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.foi import documents, services
from gongkai.foi.models import (
    Appeal,
    Application,
    ApplicationDocument,
    DocumentKind,
    DocumentPurpose,
    EventKind,
    Status,
)
from tests.challenges import proof
from tests.conftest import api_client, logged_in
from tests.foi.conftest import DESK, VALID_ID, applicant
from tests.publishing import samples

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing, an ordinary working Monday


def upload(name: str, data: bytes, mime: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=mime)


def apply_form(client, unit, **extra) -> dict:
    return {"unit": unit.pk, "submission_key": "key-files-1", **applicant(), **proof(client, "foi"), **extra}


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def submitted(tree, **files):
    application, secret, _created = services.submit_application(unit=tree.dept_a, data=applicant(), **files)
    return application, secret


# 1. The applicant's files ------------------------------------------------------------------------------


def test_an_application_brings_its_identity_proof_which_only_the_handling_unit_sees_each_view_audited(
    client, tree, editor_a, editor_b
):
    page = client.post(
        "/foi/apply/",
        apply_form(
            client, tree.dept_a,
            identity_proof=[upload("身份证正面.png", samples.png_bytes(), "image/png")],
            material=[upload("通知截图.pdf", samples.pdf_bytes(), "application/pdf")],
        ),
    )  # fmt: skip
    assert page.status_code == 200
    application = Application.objects.get()
    assert application.tracking_code in page.text
    files = {d.purpose: d for d in application.documents.all()}
    assert set(files) == {DocumentPurpose.IDENTITY, DocumentPurpose.SUPPORTING}
    proof_file = files[DocumentPurpose.IDENTITY]
    assert proof_file.kind == DocumentKind.APPLICANT and proof_file.file_kind == "png"
    assert "身份证" not in proof_file.file.name and application.tracking_code not in proof_file.file.name

    url = f"/manage/foi/{application.pk}/documents/{proof_file.pk}/"
    staff = logged_in(editor_a)
    assert "身份证正面.png" in staff.get(f"/manage/foi/{application.pk}/").text
    download = staff.get(url)
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action="foi.document.viewed", object_id=str(application.pk)).count() == 1
    assert logged_in(editor_b).get(url).status_code == 404  # another unit: not even its existence
    assert client.get(url).status_code in (302, 403, 404)  # no one without an account
    track = client.post(
        "/foi/track/", {"tracking_code": application.tracking_code, "secret": hidden_secret(page)}
    )
    assert "身份证正面.png" not in track.text  # the applicant's own files are not offered back


def hidden_secret(page) -> str:
    return page.text.split('id="secret">')[1].split("<")[0]


def test_a_file_that_is_not_a_picture_or_pdf_is_refused_in_chinese_and_nothing_is_registered(client, tree):
    page = client.post(
        "/foi/apply/",
        apply_form(client, tree.dept_a, identity_proof=[upload("身份证.exe", b"MZ\x90\x00 not a picture")]),
    )
    assert "“身份证.exe”不是可以接受的文件" in page.text
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


def test_the_chosen_files_stay_when_the_form_comes_back_with_errors(client, tree):
    first = client.post(
        "/foi/apply/",
        apply_form(
            client, tree.dept_a, description="",
            identity_proof=[upload("身份证正面.png", samples.png_bytes(), "image/png")],
        ),
    )  # fmt: skip
    assert "此项为必填项" in first.text and not Application.objects.exists()
    token = hidden(first.text, "identity_proof_token")
    assert "不再上传“身份证正面.png”" in first.text
    again = client.post(
        "/foi/apply/",
        {**apply_form(client, tree.dept_a), "identity_proof_token": token, "submission_key": "key-files-2"},
    )
    assert again.status_code == 200
    (kept,) = Application.objects.get().documents.all()
    assert (kept.name, kept.purpose) == ("身份证正面.png", DocumentPurpose.IDENTITY)


# The correction through the tracking page --------------------------------------------------------------


def test_the_applicant_corrects_through_the_tracking_page_and_the_clock_restarts(client, tree):
    with time_machine.travel(MONDAY, tick=False):
        application, secret = submitted(tree)
        services.record_event(
            actor=DESK, application=application, kind=EventKind.CORRECTION_REQUESTED, note="请写明文号"
        )
        application.refresh_from_db()
        assert application.status == Status.CORRECTION
    with time_machine.travel(MONDAY + dt.timedelta(days=3), tick=False):
        page = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
        assert "在线补正" in page.text and "需要补正的内容</strong>：请写明文号" in page.text
        sent = client.post(
            "/foi/track/",
            {
                "tracking_code": application.tracking_code, "secret": secret, "correct": "1",
                "text": "所需文件为临政发〔2019〕5号。",
                "files": [upload("文件截图.png", samples.png_bytes(), "image/png")],
            },
        )  # fmt: skip
    assert sent.status_code == 200 and "已收到您的补正" in sent.text
    application.refresh_from_db()
    assert application.status == Status.IN_PROGRESS
    event = application.events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert event.on == dt.date(2026, 3, 5) and event.actor is None
    assert application.due_on == dt.date(2026, 4, 2)  # 20 working days from the correction (Art. 30, 33)
    (file,) = application.documents.filter(purpose=DocumentPurpose.CORRECTION)
    assert file.name == "文件截图.png"
    assert AuditEvent.objects.filter(action="foi.application.correction_received").exists()


def test_a_correction_after_its_deadline_or_without_content_is_refused_and_changes_nothing(client, tree):
    with time_machine.travel(MONDAY, tick=False):
        application, secret = submitted(tree)
        services.record_event(actor=DESK, application=application, kind=EventKind.CORRECTION_REQUESTED)
        application.refresh_from_db()
        empty = client.post(
            "/foi/track/",
            {"tracking_code": application.tracking_code, "secret": secret, "correct": "1", "text": " "},
        )
    assert empty.status_code == 400 and "请填写补正内容或上传补正材料" in empty.text
    late = application.correction_due_on + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(late, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        refused = client.post(
            "/foi/track/",
            {"tracking_code": application.tracking_code, "secret": secret, "correct": "1", "text": "文号"},
        )
    assert refused.status_code == 400 and "补正期限" in refused.text and "已过" in refused.text
    application.refresh_from_db()
    assert application.status == Status.CORRECTION
    assert not application.events.filter(kind=EventKind.CORRECTION_RECEIVED).exists()
    assert not application.documents.exists()


def test_only_the_applicant_path_may_record_a_correction_without_a_staff_right(tree):
    from django.core.exceptions import PermissionDenied

    from gongkai.core.actors import PUBLIC
    from gongkai.foi import transitions

    application, _secret = submitted(tree)
    with pytest.raises(PermissionDenied):  # an answer is not the applicant's to record
        transitions.apply(
            actor=PUBLIC, application=application, kind=EventKind.ANSWERED, by_applicant=True,
            data={"outcome": "granted", "reply_text": "予以公开"},
        )  # fmt: skip


# 2. Released information delivered online --------------------------------------------------------------


def answered(tree, editor_a, *, with_file=True):
    application, secret = submitted(tree)
    if with_file:
        documents.add_document(
            actor=editor_a, application=application, kind=DocumentKind.RELEASED, name="立项批复.pdf",
            data=samples.pdf_bytes(),
        )  # fmt: skip
    services.record_event(
        actor=editor_a, application=application, kind=EventKind.ANSWERED, outcome="granted",
        reply_text="您申请的信息予以公开，见所附文件。",
    )  # fmt: skip
    return Application.objects.get(pk=application.pk), secret


def test_released_files_reach_the_applicant_by_links_that_expire_and_the_first_download_is_service(
    client, tree, editor_a
):
    with time_machine.travel(MONDAY, tick=False):
        application, secret = submitted(tree)
        documents.add_document(
            actor=editor_a, application=application, kind=DocumentKind.RELEASED, name="立项批复.pdf",
            data=samples.pdf_bytes(),
        )  # fmt: skip
        before = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
        assert "立项批复.pdf" not in before.text  # not before the answer is given
        services.record_event(
            actor=editor_a, application=application, kind=EventKind.ANSWERED, outcome="granted",
            reply_text="予以公开，见所附文件。",
        )  # fmt: skip
        page = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
        link = re.search(r'href="(/foi/documents/[^"]+)" download>立项批复.pdf', page.text).group(1)
        assert "下载链接在" in page.text
        first = client.get(link)
        assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
        assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    application.refresh_from_db()
    assert application.status == Status.CLOSED  # served: the download is the evidence
    delivered = application.events.get(kind=EventKind.DELIVERED)
    assert delivered.data["document_id"] and "网上获取" in delivered.data["method"]
    assert ApplicationDocument.objects.get(name="立项批复.pdf").first_downloaded_at is not None
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        assert client.get(link).status_code == 200  # again, as often as needed
    assert application.events.filter(kind=EventKind.DELIVERED).count() == 1
    with time_machine.travel(MONDAY + dt.timedelta(hours=73), tick=False):
        expired = client.get(link)
    assert expired.status_code == 404 and "下载链接已失效" in expired.text
    forged = link.replace(str(application.pk), str(application.pk + 1), 1)
    assert client.get(forged).status_code == 404


def test_the_notice_is_generated_attached_and_offered_to_the_applicant(client, tree, editor_a, settings):
    from gongkai.core.documents import chinese_font_available

    if not chinese_font_available():
        pytest.skip("the notice PDF needs a Chinese font (make system-deps)")
    application, secret = answered(tree, editor_a, with_file=False)
    staff = logged_in(editor_a)
    response = staff.post(f"/manage/foi/{application.pk}/notices/reply/attach/")
    assert response.status_code == 302
    (notice,) = application.documents.filter(kind=DocumentKind.NOTICE)
    assert notice.file_kind == "pdf" and notice.name.endswith(".pdf")
    page = client.post("/foi/track/", {"tracking_code": application.tracking_code, "secret": secret})
    assert notice.name in page.text


def test_staff_remove_a_released_file_only_before_the_answer(tree, editor_a):
    application, _secret = submitted(tree)
    draft = documents.add_document(
        actor=editor_a, application=application, kind=DocumentKind.RELEASED, name="草稿.pdf",
        data=samples.pdf_bytes(),
    )  # fmt: skip
    documents.remove_document(actor=editor_a, document=draft)
    assert not application.documents.exists()
    application, _secret = answered(tree, editor_a)
    sent = application.documents.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已作出答复"):
        documents.remove_document(actor=editor_a, document=sent)


def test_the_staff_api_uploads_lists_and_downloads_documents_and_the_track_api_lists_the_links(
    client, tree, editor_a, editor_b
):
    application, secret = submitted(tree)
    staff = api_client(editor_a)
    url = f"/api/v1/staff/foi/applications/{application.pk}/documents"
    created = staff.post(url, {"kind": "released", "file": upload("批复.pdf", samples.pdf_bytes())})
    assert created.status_code == 201
    assert created.json()["kind"] == "released" and created.json()["file_kind"] == "pdf"
    wrong_kind = staff.post(url, {"kind": "secret", "file": upload("批复.pdf", samples.pdf_bytes())})
    assert wrong_kind.status_code == 422 and "kind" in wrong_kind.json()["error"]["fields"]
    bad_file = staff.post(url, {"kind": "released", "file": upload("批复.pdf", b"%PDF-1.4 <html>")})
    assert bad_file.status_code == 422
    missing = staff.post(url, {"kind": "released"})
    assert missing.status_code == 422 and "file" in missing.json()["error"]["fields"]
    assert api_client(editor_b).post(url, {"kind": "released", "file": upload("x.pdf", samples.pdf_bytes())}).status_code == 404  # fmt: skip
    assert [d["name"] for d in staff.get(url).json()] == ["批复.pdf"]
    file = staff.get(f"/api/v1/staff/foi/documents/{created.json()['id']}/file")
    assert file.status_code == 200 and AuditEvent.objects.filter(action="foi.document.viewed").exists()

    tracked = client.post(
        "/api/v1/foi/track",
        {"tracking_code": application.tracking_code, "secret": secret},
        content_type="application/json",
    )
    assert tracked.json()["documents"] == []  # not before the answer
    services.record_event(
        actor=editor_a,
        application=application,
        kind=EventKind.ANSWERED,
        outcome="granted",
        reply_text="见附件",
    )
    tracked = client.post(
        "/api/v1/foi/track",
        {"tracking_code": application.tracking_code, "secret": secret},
        content_type="application/json",
    ).json()
    (offered,) = tracked["documents"]
    assert offered["name"] == "批复.pdf" and offered["url"].startswith("http://testserver/foi/documents/")
    assert client.get(offered["url"].removeprefix("http://testserver")).status_code == 200
    text = str(tracked)
    for private in ("张三丰", VALID_ID, "13805391234"):
        assert private not in text


# Retention --------------------------------------------------------------------------------------------


def test_the_applicants_files_go_after_the_retention_period_unless_an_appeal_is_pending(
    tree, editor_a, settings
):
    settings.GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS = 30
    picture = [("身份证.png", samples.png_bytes())]
    kept_for_appeal, _secret = submitted(tree, identity=picture)
    application, _secret = submitted(tree, identity=picture)
    for case in (application, kept_for_appeal):
        services.record_event(actor=editor_a, application=case, kind=EventKind.ANSWERED, outcome="granted", reply_text="公开")  # fmt: skip
        services.record_event(actor=editor_a, application=case, kind=EventKind.DELIVERED, method="电子邮件")
    Appeal.objects.create(application=kept_for_appeal, kind=Appeal.Kind.REVIEW, filed_on=dt.date.today(), body="市人民政府")  # fmt: skip
    job = system("purge_foi_files")
    assert documents.purge_applicant_files(actor=job) == 0  # closed today: kept
    later = dt.date.today() + dt.timedelta(days=31)
    assert documents.purge_applicant_files(actor=job, today=later) == 1
    assert documents.purge_applicant_files(actor=job, today=later) == 0  # idempotent
    gone = application.documents.get()
    assert gone.purged_on == later and not gone.file
    assert kept_for_appeal.documents.get().purged_on is None
    assert AuditEvent.objects.filter(action="foi.document.purged").count() == 1


def test_the_applicant_gets_the_links_by_email_when_they_gave_an_address(client, tree, editor_a, mailoutbox):
    application, _secret = answered(tree, editor_a)
    staff = api_client(editor_a)
    sent = staff.post(f"/api/v1/staff/foi/applications/{application.pk}/documents/email")
    assert sent.status_code == 202 and sent.json() == {"files": 1}
    (mail,) = mailoutbox
    assert mail.to == ["zhang@example.com"] and application.tracking_code in mail.subject
    link = re.search(r"http://testserver(/foi/documents/\S+)", mail.body).group(1)
    assert "张三丰" not in mail.body and client.get(link).status_code == 200
    Application.objects.filter(pk=application.pk).update(email="")
    refused = staff.post(f"/api/v1/staff/foi/applications/{application.pk}/documents/email")
    assert refused.status_code == 422 and "没有留下电子邮箱" in refused.content.decode()
    assert AuditEvent.objects.filter(action="foi.document.emailed").count() == 1


def test_a_correction_sent_twice_says_it_was_already_taken(client, tree):
    with time_machine.travel(MONDAY, tick=False):
        application, secret = submitted(tree)
        services.record_event(actor=DESK, application=application, kind=EventKind.CORRECTION_REQUESTED)
        body = {"tracking_code": application.tracking_code, "secret": secret, "correct": "1", "text": "文号"}
        assert client.post("/foi/track/", body).status_code == 200
        again = client.post("/foi/track/", body)
    assert again.status_code == 400 and "本申请没有待补正的事项" in again.text
    assert application.events.filter(kind=EventKind.CORRECTION_RECEIVED).count() == 1
