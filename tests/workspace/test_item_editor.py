"""The workspace's item editor (/manage/items/new/, /manage/items/<id>/) and its autosave: everything saved
through the publishing services, the conflict check kept, nothing typed ever lost."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.models import InformationItem, KeyArea, Revision, Status
from tests.conftest import logged_in
from tests.publishing.conftest import column, make_item, publish, valid_fields
from tests.publishing.samples import png_bytes

pytestmark = pytest.mark.django_db


def form_data(item=None, **overrides) -> dict:
    fields = valid_fields()
    data = {
        **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()},
        "disclosure_mode": "proactive",
        "keywords": "能源 保供",
    }
    if item is not None:
        data["expected_version"] = item.version
        data["columns"] = [c.pk for c in item.columns.all()]
        data["validity"] = item.validity
    data.update(overrides)
    return data


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|textarea)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return html


def test_editor_creates_a_draft_with_columns_and_key_areas(catalogs, editor_a):
    policy = column(catalogs.dept_a)
    area = KeyArea.objects.first()
    response = logged_in(editor_a).post(
        "/manage/items/new/", form_data(columns=[policy.pk], key_areas=[area.pk] if area else [])
    )
    item = InformationItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/items/{item.pk}/"
    assert item.status == Status.DRAFT and item.unit == catalogs.dept_a
    assert list(item.columns.all()) == [policy]
    assert item.created_by == editor_a
    assert item.revisions.count() == 1


def test_columns_are_grouped_checkboxes_of_the_units_own_columns(catalogs, editor_a):
    page = logged_in(editor_a).get("/manage/items/new/").content.decode()
    policy = column(catalogs.dept_a)
    assert f'type="checkbox" name="columns" value="{policy.pk}"' in page
    assert "<legend>一级栏目</legend>" in page and "<legend>政府信息公开</legend>" in page
    assert (
        f'value="{column(catalogs.dept_b).pk}"' not in page.split('name="key_areas"')[0].split("所属栏目")[1]
    )
    assert "Choose" not in page and "filter_horizontal" not in page


def test_the_editor_page_shows_no_english_words(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    for url in ("/manage/items/new/", f"/manage/items/{item.pk}/", "/manage/items/"):
        text = visible_text(logged_in(editor_a).get(url).content.decode()).replace("editor_a", "")
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - {
            "Word",
            "WPS",
            "PDF",
            "OFD",
            "Excel",
            "docx",
            "KB",
            "MB",
        }
        assert words == set(), (url, words)


def test_body_is_sanitized_on_save(catalogs, editor_a):
    body = '<p style="color:red" class="MsoNormal">正文<script>alert(1)</script></p><h2>一、总体要求</h2>'
    logged_in(editor_a).post("/manage/items/new/", form_data(columns=[column(catalogs.dept_a).pk], body=body))
    item = InformationItem.objects.get()
    assert "<script" not in item.body and "style=" not in item.body and "MsoNormal" not in item.body
    assert "<h2>一、总体要求</h2>" in item.body


def test_form_with_errors_keeps_what_was_typed(catalogs, editor_a):
    response = logged_in(editor_a).post("/manage/items/new/", form_data(title="", body="<p>辛苦写的正文</p>"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "提交的内容有误" in page and "辛苦写的正文" in page
    assert not InformationItem.objects.exists()


def test_editor_saves_changes_through_the_service(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    response = logged_in(editor_a).post(f"/manage/items/{item.pk}/", form_data(item, title="修改后的标题"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "修改后的标题" and item.version == 2
    assert item.revisions.count() == 2


def test_the_issuer_of_a_joint_document_is_kept_and_shown_on_the_public_page(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    joint = "临沂市发展和改革委员会　 临沂市财政局"
    response = logged_in(editor_a).post(f"/manage/items/{item.pk}/", form_data(item, issuer=joint))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.issuer == "临沂市发展和改革委员会 临沂市财政局"  # spaces tidied as in the title
    publish(item, editor_a, reviewer_a)
    page = logged_in(editor_a).get(item.get_absolute_url()).content.decode()
    assert re.search(r"发文机关</th><td[^>]*>临沂市发展和改革委员会 临沂市财政局<", page)


def test_an_item_without_an_issuer_shows_no_issuer_row(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    publish(item, editor_a, reviewer_a)
    assert "发文机关" not in logged_in(editor_a).get(item.get_absolute_url()).content.decode()


def test_each_revision_has_a_workspace_page_with_what_it_changed(catalogs, editor_a, editor_b):
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.update_item(actor=editor_a, item=item, expected_version=item.version, title="改过的标题")
    client = logged_in(editor_a)
    editor = client.get(f"/manage/items/{item.pk}/").content.decode()
    assert f'href="/manage/items/{item.pk}/revisions/2/"' in editor
    assert "informationitem" not in editor  # no revision link into the admin
    page = client.get(f"/manage/items/{item.pk}/revisions/2/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "与第 1 版相比的修改" in text and "改过的标题" in text and "修改前" in text
    first = client.get(f"/manage/items/{item.pk}/revisions/1/").content.decode()
    assert "首个版本的内容" in first
    assert client.get(f"/manage/items/{item.pk}/revisions/9/").status_code == 404
    assert logged_in(editor_b).get(f"/manage/items/{item.pk}/revisions/2/").status_code == 404


def test_a_stale_save_is_refused_and_the_typed_text_comes_back(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    opened = item.version
    services.update_item(actor=reviewer_a, item=item, expected_version=opened, title="审核人改过的标题")
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/",
        form_data(item, expected_version=opened, body="<p>编辑刚打完的一大段文字</p>"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "您的修改未保存" in page and "reviewer_a" in page
    assert "编辑刚打完的一大段文字" in page
    item.refresh_from_db()
    assert item.title == "审核人改过的标题" and "编辑刚打完" not in item.body


def test_attachments_are_uploaded_and_removed_through_the_service(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    client = logged_in(editor_a)
    upload = SimpleUploadedFile("图.png", png_bytes(), content_type="image/png")
    client.post(f"/manage/items/{item.pk}/", {**form_data(item), "upload": upload, "upload_name": "示意图"})
    attachment = item.attachments.get()
    assert attachment.name == "示意图" and attachment.kind == "png"
    item.refresh_from_db()
    response = client.post(
        f"/manage/items/{item.pk}/", {**form_data(item), "_remove": attachment.pk}, follow=True
    )
    assert not item.attachments.exists()
    assert "已删除附件“示意图”。" in [str(m) for m in response.context["messages"]]


def test_a_bad_attachment_is_refused_in_chinese(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00not a document", content_type="application/octet-stream")
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/", {**form_data(item), "upload": upload}, follow=True
    )
    assert not item.attachments.exists()
    assert any(str(m).startswith("附件未上传：") for m in response.context["messages"])


def test_save_and_submit_then_recall(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    client = logged_in(editor_a)
    client.post(f"/manage/items/{item.pk}/", {**form_data(item), "_action": "submit"})
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    page = client.get(f"/manage/items/{item.pk}/").content.decode()
    assert "撤回送审" in page and 'name="_action" value="save"' not in page  # read-only while in review
    client.post(f"/manage/items/{item.pk}/", {"_workflow": "recall"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_submit_that_fails_its_checks_says_why(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/", {**form_data(item, summary=""), "_action": "submit"}, follow=True
    )
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert any("内容概述" in str(m) for m in response.context["messages"])


def test_an_editor_cannot_change_a_published_item_but_a_reviewer_can(catalogs, editor_a, reviewer_a):
    item = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    item.refresh_from_db()
    editor = logged_in(editor_a)
    assert "disabled" in editor.get(f"/manage/items/{item.pk}/").content.decode()
    editor.post(f"/manage/items/{item.pk}/", form_data(item, title="编辑想改"))
    item.refresh_from_db()
    assert item.title != "编辑想改"
    logged_in(reviewer_a).post(f"/manage/items/{item.pk}/", form_data(item, title="审核人更正的标题"))
    item.refresh_from_db()
    assert item.title == "审核人更正的标题" and item.status == Status.PUBLISHED


def test_another_units_item_is_not_found(catalogs, editor_a, editor_b):
    other = make_item(catalogs.dept_b, actor=editor_b)
    client = logged_in(editor_a)
    assert client.get(f"/manage/items/{other.pk}/").status_code == 404
    assert client.post(f"/manage/items/{other.pk}/", form_data(other)).status_code == 404
    assert (
        client.post(f"/manage/items/{other.pk}/autosave/", form_data(other), HTTP_X_AUTOSAVE="1").status_code
        == 404
    )


def test_columns_of_another_unit_cannot_be_chosen(catalogs, editor_a):
    response = logged_in(editor_a).post("/manage/items/new/", form_data(columns=[column(catalogs.dept_b).pk]))
    assert response.status_code == 200
    assert not InformationItem.objects.exists()


# Autosave ------------------------------------------------------------------------------------------


def test_autosave_keeps_a_revision_noted_autosave(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/autosave/", form_data(item, body="<p>写到一半</p>"), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 200
    answer = response.json()
    revision = Revision.objects.get(item=item, number=answer["revision"])
    assert revision.note == "自动保存"
    assert answer["saved_at"] == timezone.localtime(timezone.now()).strftime("%H:%M")
    assert answer["version"] == item.version + 1
    item.refresh_from_db()
    assert "写到一半" in item.body


def test_autosave_of_a_new_item_creates_the_draft(catalogs, editor_a):
    response = logged_in(editor_a).post(
        "/manage/items/new/", form_data(columns=[column(catalogs.dept_a).pk]), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 200
    item = InformationItem.objects.get()
    assert response.json()["id"] == item.pk
    assert response.json()["autosave_url"] == f"/manage/items/{item.pk}/autosave/"
    assert item.status == Status.DRAFT


def test_autosave_refuses_when_someone_else_saved(catalogs, editor_a, reviewer_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    opened = item.version
    services.update_item(actor=reviewer_a, item=item, expected_version=opened, title="别人改过")
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/autosave/", form_data(item, expected_version=opened), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 409
    assert "您的修改未保存" in response.json()["error"]["message"]
    item.refresh_from_db()
    assert item.title == "别人改过"


def test_autosave_is_for_drafts_only(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    services.submit_item(actor=editor_a, item=item)
    item.refresh_from_db()
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/autosave/", form_data(item), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 409
    assert "草稿" in response.json()["error"]["message"]


def test_autosave_with_a_bad_value_answers_in_chinese(catalogs, editor_a):
    item = make_item(catalogs.dept_a, actor=editor_a)
    response = logged_in(editor_a).post(
        f"/manage/items/{item.pk}/autosave/", form_data(item, written_on="2024-13-45"), HTTP_X_AUTOSAVE="1"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("自动保存未完成")


def test_without_javascript_the_body_is_a_plain_textarea(catalogs, editor_a):
    page = logged_in(editor_a).get("/manage/items/new/").content.decode()
    assert re.search(r'<textarea name="body"[^>]*data-rich-editor', page)
    assert 'data-autosave-url="/manage/items/new/"' in page


def test_an_office_files_a_new_item_under_a_unit_it_reaches(catalogs, office):
    client = logged_in(office)
    page = client.get("/manage/items/new/", {"unit": catalogs.dept_b.pk}).content.decode()
    policy_b = column(catalogs.dept_b)
    assert f'name="columns" value="{policy_b.pk}"' in page
    response = client.post("/manage/items/new/", form_data(unit=catalogs.dept_b.pk, columns=[policy_b.pk]))
    assert response.status_code == 302
    assert InformationItem.objects.get().unit == catalogs.dept_b


def test_an_editor_cannot_file_under_another_unit(catalogs, editor_a):
    client = logged_in(editor_a)
    client.post(
        "/manage/items/new/", form_data(unit=catalogs.dept_b.pk, columns=[column(catalogs.dept_a).pk])
    )
    assert InformationItem.objects.get().unit == catalogs.dept_a
