"""True redaction for a partly disclosed answer (issue 21, item 3): what is marked is gone from the file (text
extraction never yields it), each box says its basis, scanned pages lose the pixels, pictures are repainted;
the original stays with the case, withheld; undone until the answer; refused in Chinese otherwise."""

import io
import json

import pymupdf
import pytest
from PIL import Image

from gongkai.core.models import AuditEvent
from gongkai.foi import documents, services
from gongkai.foi.models import ApplicationDocument, DocumentKind, EventKind
from tests.conftest import api_client
from tests.foi.conftest import applicant
from tests.publishing.conftest import catalogs

__all__ = ["catalogs"]  # a fixture, used below

pytestmark = pytest.mark.django_db

NAME, ID, PHONE = "张三丰", "11010519491231002X", "13805391234"


def text_pdf(*lines: str) -> bytes:
    document = pymupdf.open()
    page = document.new_page()  # A4 portrait, 595 x 842 points
    for n, line in enumerate(lines):
        page.insert_text((72, 100 + 30 * n), line, fontname="china-s", fontsize=12)
    return document.tobytes()


def scanned_pdf() -> bytes:
    """One page that is only a picture: white, with a red block where a scan would show an ID number."""
    picture = Image.new("RGB", (600, 800), "white")
    picture.paste((220, 0, 0), (100, 100, 300, 140))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    document = pymupdf.open()
    page = document.new_page(width=600, height=800)
    page.insert_image(page.rect, stream=buffer.getvalue())
    return document.tobytes()


def extracted(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return "".join(page.get_text() for page in document)


def pixel(data: bytes, x: int, y: int) -> tuple[int, int, int]:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        pix = document[0].get_pixmap()
        return pix.pixel(x, y)


@pytest.fixture
def released(tree, editor_a):
    """An application to 发改委 with a released file to redact, before the answer."""

    def _released(data: bytes, name: str = "住户名单.pdf") -> ApplicationDocument:
        application, _secret, _created = services.submit_application(unit=tree.dept_a, data=applicant())
        return documents.add_document(
            actor=editor_a, application=application, kind=DocumentKind.RELEASED, name=name, data=data
        )

    return _released


def redact(user, document, **body):
    return api_client(user).post(
        f"/api/v1/staff/foi/documents/{document.pk}/redact", json.dumps(body), content_type="application/json"
    )


def test_marked_text_is_gone_from_the_result_and_each_box_shows_its_basis(released, editor_a):
    original = released(text_pdf(f"申请人{NAME}，身份证号{ID}，", f"联系电话{PHONE}。{NAME}签字。"))
    response = redact(
        editor_a, original,
        terms=[{"text": NAME, "basis": "条例第十五条"}, {"text": ID, "basis": "条例第十五条"}],
    )  # fmt: skip
    assert response.status_code == 201, response.content
    made = ApplicationDocument.objects.get(pk=response.json()["id"])
    assert made.name == "住户名单（遮盖处理）.pdf" and made.derived_from == original
    result = made.file.read()
    text = extracted(result)
    assert NAME not in text and ID not in text and "条例第十五条" in text
    assert PHONE in text  # not marked: stays
    from pypdf import PdfReader  # a second reader: the words are not in the file for anyone

    assert ID not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(result)).pages)
    assert len(made.redactions) == 3 and {m["found_by"] for m in made.redactions} == {"term"}
    original.refresh_from_db()
    assert original.withheld and extracted(original.file.read()).count(NAME) == 2  # the original is kept
    audit = AuditEvent.objects.get(action="foi.document.redacted")
    assert audit.changes["marks"] == [None, 3] and NAME not in json.dumps(audit.changes, ensure_ascii=False)


def test_an_area_crossing_two_lines_removes_what_it_covers_on_both(released, editor_a):
    original = released(text_pdf("第一行：甲乙丙丁戊己庚辛", "第二行：子丑寅卯辰巳午未"))
    with pymupdf.open(stream=original.file.read(), filetype="pdf") as document:
        first, second = document[0].search_for("庚辛")[0], document[0].search_for("子丑")[0]
    area = {"page": 1, "x0": first.x0 - 1, "y0": first.y0 + 2, "x1": first.x1 + 1, "y1": second.y1 - 2}
    response = redact(editor_a, original, areas=[{**area, "basis": "条例第十六条第二款"}])
    assert response.status_code == 201, response.content
    text = extracted(ApplicationDocument.objects.get(pk=response.json()["id"]).file.read())
    assert "庚辛" not in text and "甲乙丙丁" in text  # line 1: only the covered part
    assert "巳午" not in text and "子丑寅卯" in text  # line 2: likewise (the box spans both)


def test_a_scanned_page_loses_the_pixels_under_the_area(released, editor_a):
    original = released(scanned_pdf(), name="扫描件.pdf")
    assert pixel(original.file.read(), 200, 120)[0] > 200  # the red block
    not_found = redact(editor_a, original, terms=[{"text": ID, "basis": "条例第十五条"}])
    assert not_found.status_code == 422 and "没有找到" in not_found.content.decode()  # no text in a scan
    response = redact(
        editor_a,
        original,
        areas=[{"page": 1, "x0": 95, "y0": 95, "x1": 305, "y1": 145, "basis": "条例第十五条"}],
    )
    assert response.status_code == 201, response.content
    result = ApplicationDocument.objects.get(pk=response.json()["id"]).file.read()
    assert pixel(result, 200, 120)[0] < 60 and pixel(result, 120, 105)[0] < 60  # blanked, not red
    assert pixel(result, 400, 400) == (255, 255, 255)  # the rest of the page untouched
    with pymupdf.open(stream=result, filetype="pdf") as document:  # no red left in the image itself
        (xref, *_rest) = document[0].get_images()[0]
        image = Image.open(io.BytesIO(document.extract_image(xref)["image"])).convert("RGB")
    assert image.getpixel((200, 120))[1] > 200 and image.getpixel((200, 120)) != (220, 0, 0)  # blank, not red


def test_a_picture_is_repainted(released, editor_a):
    picture = Image.new("RGB", (400, 300), (220, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    original = released(buffer.getvalue(), name="照片.png")
    response = redact(editor_a, original, areas=[{"page": 1, "x0": 0, "y0": 0, "x1": 200, "y1": 300, "basis": "条例第十五条"}])  # fmt: skip
    assert response.status_code == 201
    made = Image.open(ApplicationDocument.objects.get(pk=response.json()["id"]).file).convert("RGB")
    assert made.getpixel((150, 280)) == (0, 0, 0) and made.getpixel((300, 150))[0] > 200
    terms = redact(editor_a, original, terms=[{"text": NAME, "basis": "条例第十五条"}])
    assert terms.status_code == 422 and "图片中的文字无法搜索" in terms.content.decode()


def test_the_applicant_gets_the_redacted_version_and_undoing_restores_the_original(released, editor_a):
    original = released(text_pdf(f"申请人{NAME}"))
    made = documents.redact_document(actor=editor_a, document=original, terms=[{"text": NAME, "basis": "条例第十五条"}])  # fmt: skip
    application = original.application
    services.record_event(
        actor=editor_a, application=application, kind=EventKind.ANSWERED, outcome="partial",
        reply_text="部分公开", withheld_note="住户姓名属于个人隐私（条例第十五条）。",
    )  # fmt: skip
    application.refresh_from_db()
    assert documents.for_applicant(application) == [made]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已作出答复"):
        documents.remove_document(actor=editor_a, document=made)


def test_undo_before_the_answer(released, editor_a):
    original = released(text_pdf(f"申请人{NAME}"))
    made = documents.redact_document(actor=editor_a, document=original, terms=[{"text": NAME, "basis": "条例第十五条"}])  # fmt: skip
    documents.remove_document(actor=editor_a, document=made)
    original.refresh_from_db()
    assert not original.withheld and not original.redacted_versions.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "请标出要遮盖的区域"),
        (
            {"areas": [{"page": 3, "x0": 1, "y0": 1, "x1": 50, "y1": 50, "basis": "条例第十五条"}]},
            "第3页不存在",
        ),
        (
            {"areas": [{"page": 1, "x0": 900, "y0": 900, "x1": 950, "y1": 950, "basis": "条例第十五条"}]},
            "不在页面内",
        ),
        (
            {"areas": [{"page": 1, "x0": 1, "y0": 1, "x1": 50, "y1": 50, "basis": " "}]},
            "请写明每处不予公开的依据",
        ),
        ({"terms": [{"text": "李四", "basis": "条例第十五条"}]}, "文件中没有找到“李四”"),
    ],
)
def test_wrong_marks_are_refused_in_chinese_and_nothing_is_made(released, editor_a, body, message):
    original = released(text_pdf(f"申请人{NAME}"))
    response = redact(editor_a, original, **body)
    assert response.status_code == 422 and message in response.content.decode()
    assert ApplicationDocument.objects.count() == 1
    original.refresh_from_db()
    assert not original.withheld


def test_only_released_pdfs_and_pictures_of_the_own_unit_are_redacted(released, editor_a, editor_b):
    from tests.publishing import samples

    word = released(samples.docx_bytes("申请人张三丰"), name="名单.docx")
    response = redact(editor_a, word, terms=[{"text": NAME, "basis": "条例第十五条"}])
    assert response.status_code == 422 and "只能对PDF文件和图片" in response.content.decode()
    pdf = released(text_pdf(f"申请人{NAME}"))
    assert redact(editor_b, pdf, terms=[{"text": NAME, "basis": "条例第十五条"}]).status_code == 404


# The marking page -----------------------------------------------------------------------------------------


def test_the_marking_page_proposes_what_the_masking_rules_find_and_applies_the_ticked_ones(
    released, editor_a, editor_b
):
    from tests.conftest import logged_in

    original = released(text_pdf(f"申请人{NAME}，身份证号{ID}，", f"联系电话{PHONE}。"))
    url = f"/manage/foi/{original.application_id}/documents/{original.pk}/redact/"
    staff = logged_in(editor_a)
    page = staff.get(url)
    assert page.status_code == 200
    assert (
        "证件号码：1****************X（第1页）" in page.text and "电话号码：138****1234（第1页）" in page.text
    )
    assert f"/documents/{original.pk}/pages/1.png" in page.text
    assert AuditEvent.objects.filter(action="foi.document.viewed").count() == 1
    picture = staff.get(f"/manage/foi/{original.application_id}/documents/{original.pk}/pages/1.png")
    assert picture.status_code == 200 and picture.content[:4] == b"\x89PNG"
    assert (
        staff.get(f"/manage/foi/{original.application_id}/documents/{original.pk}/pages/2.png").status_code
        == 404
    )
    assert logged_in(editor_b).get(url).status_code == 404

    wrong = staff.post(url, {"basis": "条例第十五条", "areas": "第一页 左上角"})
    assert "第1行应为“页码,左,上,右,下”" in wrong.text and ApplicationDocument.objects.count() == 1
    done = staff.post(
        url, {"basis": "条例第十五条", "proposed": [ID], "terms": NAME, "areas": "1,72,120,90,135"}
    )
    assert done.status_code == 302
    made = ApplicationDocument.objects.exclude(pk=original.pk).get()
    text = extracted(made.file.read())
    assert ID not in text and NAME not in text and "条例第十五条" in text
    assert {m["found_by"] for m in made.redactions} == {"term", "area"}
    case = staff.get(f"/manage/foi/{original.application_id}/").text
    assert "原件，已遮盖处理，不提供给申请人" in case and "遮盖处理3处" in case


# Conversion to proactive disclosure (Art. 44) -----------------------------------------------------------


def test_released_information_becomes_a_draft_item_with_the_redacted_file_and_is_found_once_published(
    catalogs, released, editor_a, reviewer_a, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    from gongkai.search import service
    from tests.publishing.conftest import column, publish

    original = released(text_pdf(f"住户{NAME}，身份证号{ID}，旧城改造补偿标准每平方米3200元。"))
    application = original.application
    with pytest.raises(ValidationError, match="只有予以公开或部分公开"):
        documents.propose_for_publication(actor=editor_a, application=application, title="旧城改造补偿标准")
    made = documents.redact_document(
        actor=editor_a, document=original,
        terms=[{"text": NAME, "basis": "条例第十五条"}, {"text": ID, "basis": "条例第十五条"}],
    )  # fmt: skip
    services.record_event(
        actor=editor_a, application=application, kind=EventKind.ANSWERED, outcome="partial",
        reply_text="部分公开", withheld_note="住户姓名和身份证号码属于个人隐私。",
    )  # fmt: skip
    application.refresh_from_db()
    staff = api_client(editor_a)
    response = staff.post(
        f"/api/v1/staff/foi/applications/{application.pk}/publication",
        {"title": "某小区旧城改造项目补偿标准", "column_id": column(catalogs.dept_a).pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    from gongkai.publishing.models import InformationItem

    item = InformationItem.objects.get(pk=response.json()["item_id"])
    assert item.status == "draft" and item.unit == application.unit
    (attachment,) = item.attachments.all()
    assert attachment.name == made.name and attachment.sha256 == made.sha256  # the redacted version only
    for private in (NAME, ID, application.tracking_code, "13805391234"):
        assert private not in item.title + item.body + attachment.text
    application.refresh_from_db()
    assert application.published_as == item
    again = staff.post(
        f"/api/v1/staff/foi/applications/{application.pk}/publication",
        {"title": "再次"},
        content_type="application/json",
    )
    assert again.status_code == 422 and "已转为主动公开" in again.content.decode()
    from gongkai.publishing import services as publishing

    item = publishing.update_item(  # the editor completes the metadata the checks ask for, as for any draft
        actor=editor_a, item=item, expected_version=item.version, summary="旧城改造项目的补偿标准。",
        written_on=application.answered_on, topic="城乡建设、环境保护", genre="其他",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        publish(item, editor_a, reviewer_a)
    assert service.search("旧城改造补偿标准").total == 1
