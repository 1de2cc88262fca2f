"""导入 Word 文档 (/manage/items/import/): the form, the draft it makes, what the editor is told, errors shown
again, and each user's units and columns only."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.models import User
from gongkai.publishing.models import Attachment, InformationItem
from tests.conftest import logged_in
from tests.docx_factory import gbt9704_docx
from tests.publishing import samples
from tests.publishing.conftest import column

pytestmark = pytest.mark.django_db

URL = "/manage/items/import/"


def upload(data=None, name="关于做好重点项目谋划储备工作的通知.docx"):
    return SimpleUploadedFile(name, gbt9704_docx() if data is None else data)


def told(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_the_address_is_the_named_page():
    assert reverse("workspace:item-import") == URL


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/manage/admin/login/")


def test_an_editor_sees_the_form_for_their_own_unit(catalogs, editor_a):
    response = logged_in(editor_a).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>导入 Word 文档</h1>" in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_file">Word 文档<span class="required">（必填）</span></label>' in page
    assert 'name="unit"' not in page and "临沂市发展和改革委员会" in page  # the unit as text, not a choice
    assert f'value="{column(catalogs.dept_a).pk}"' in page
    assert f'value="{column(catalogs.dept_b).pk}"' not in page


def test_an_office_chooses_among_the_units_it_reaches(catalogs, county_office):
    page = logged_in(county_office).get(URL).content.decode()
    assert '<select name="unit"' in page
    assert (
        f'<option value="{catalogs.county.pk}">' in page and f'<option value="{catalogs.street.pk}">' in page
    )
    assert f'<option value="{catalogs.dept_a.pk}"' not in page  # outside the county
    assert f'<optgroup label="{catalogs.county.name}">' in page


def test_import_makes_a_draft_and_tells_what_was_read(catalogs, editor_a):
    policy = column(catalogs.dept_a)
    response = logged_in(editor_a).post(URL, {"file": upload(), "column": policy.pk})
    item = InformationItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:item-edit", args=[item.pk])
    assert (item.unit, item.status, list(item.columns.all())) == (catalogs.dept_a, "draft", [policy])
    messages = told(response)
    level, summary = messages[0]
    assert level == "success"
    for part in (
        "发文机关：临沂市发展和改革委员会",
        "文号：临发改〔2026〕15号",
        "标题：临沂市发展和改革委员会关于做好2026年重点项目谋划储备工作的通知",
        "主送机关：各县区发展改革局",
        "成文日期：2026年3月5日",
        "附件：1.2026年重点项目储备清单、2.重点项目申报表",
    ):
        assert part in summary
    assert messages[1:] == [
        (
            "warning",
            "原文件“关于做好重点项目谋划储备工作的通知.docx”已作为附件保存；如不需要随信息公开，请在编辑页删除。",
        )
    ]


def test_each_warning_is_a_message_of_its_own(catalogs, editor_a):
    data = gbt9704_docx(date=None, doc_number="临发改[2026]15号")
    response = logged_in(editor_a).post(URL, {"file": upload(data)})
    warnings = [text for level, text in told(response) if level == "warning"]
    assert "未识别到成文日期，请在编辑页填写。" in warnings
    assert any("六角括号〔〕" in text for text in warnings)
    assert "成文日期：未识别" in told(response)[0][1]


def test_a_bad_file_is_shown_again_with_its_error_and_nothing_is_created(catalogs, editor_a):
    policy = column(catalogs.dept_a)
    response = logged_in(editor_a).post(
        URL, {"file": upload(samples.pdf_bytes(), "通知.pdf"), "column": policy.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert "“通知.pdf”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。" in page
    assert 'aria-invalid="true"' in page
    assert f'<option value="{policy.pk}" selected>' in page  # what was chosen stays
    assert not InformationItem.objects.exists() and not Attachment.objects.exists()


def test_a_macro_document_is_refused_on_the_page(catalogs, editor_a):
    data = samples.with_entry(gbt9704_docx(), "word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    page = logged_in(editor_a).post(URL, {"file": upload(data, "宏.docx")}).content.decode()
    assert "文件中含有宏、ActiveX 控件或嵌入的程序对象，出于安全原因不能上传。" in page
    assert not InformationItem.objects.exists()


def test_no_file_is_an_error_next_to_the_field(catalogs, editor_a):
    page = logged_in(editor_a).post(URL, {}).content.decode()
    assert "请选择要导入的 Word 文档。" in page
    assert 'href="#id_file"' in page  # the summary links to the field


def test_an_editor_cannot_pick_another_units_column(catalogs, editor_a):
    response = logged_in(editor_a).post(URL, {"file": upload(), "column": column(catalogs.dept_b).pk})
    assert response.status_code == 200
    assert "请从列表中选择栏目。" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_an_office_files_under_the_unit_it_chose(catalogs, office):
    response = logged_in(office).post(
        URL, {"file": upload(), "unit": catalogs.dept_a.pk, "column": column(catalogs.dept_a).pk}
    )
    assert response.status_code == 302
    assert InformationItem.objects.get().unit == catalogs.dept_a


def test_an_office_cannot_mix_one_units_column_with_another_unit(catalogs, office):
    response = logged_in(office).post(
        URL, {"file": upload(), "unit": catalogs.dept_a.pk, "column": column(catalogs.dept_b).pk}
    )
    assert "所选栏目不属于所选发布机构，请重新选择。" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_an_office_cannot_file_outside_its_reach(catalogs, county_office):
    response = logged_in(county_office).post(URL, {"file": upload(), "unit": catalogs.dept_a.pk})
    assert "请从列表中选择发布机构。" in response.content.decode()
    assert not InformationItem.objects.exists()


def test_a_unit_choice_posted_by_an_editor_is_ignored(catalogs, editor_a):
    response = logged_in(editor_a).post(URL, {"file": upload(), "unit": catalogs.dept_b.pk})
    assert response.status_code == 302
    assert InformationItem.objects.get().unit == catalogs.dept_a


def test_a_staff_member_without_a_role_may_not_import(catalogs):
    roleless = User.objects.create_user(username="roleless", unit=catalogs.dept_a, role="", is_staff=True)
    assert logged_in(roleless).get(URL).status_code == 403
