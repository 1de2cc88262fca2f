"""The gazette in the back office: every staff member reads the issues, only the openness office edits them
(``gazette/access.py``), and the issue, its contents and its PDF edition each leave an audit record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gongkai.core.actors import system
from gongkai.core.documents import html_to_pdf
from gongkai.gazette import access
from gongkai.gazette.models import Article, Issue
from tests.audits import record_of
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    return Issue.objects.create(year=2026, number=1, overall=500, published_on="2026-01-31")


def test_every_staff_member_reads_an_issue(issue, editor_a, editor_b, county_office):
    for user in (editor_a, editor_b, county_office):
        assert access.get_issue_for_user(user, issue.pk) == issue
        assert list(access.issues_for(user)) == [issue]


def test_staff_without_the_supervise_capability_may_not_edit_an_issue(issue, admin_a):
    with pytest.raises(PermissionDenied):
        access.get_issue_for_user(admin_a, issue.pk, write=True)
    assert not access.may_edit(admin_a)


def test_the_office_and_a_system_job_edit_an_issue(issue, office):
    assert access.get_issue_for_user(office, issue.pk, write=True) == issue
    assert access.get_issue_for_user(system("import_gazette"), issue.pk, write=True) == issue


def test_no_actor_and_an_unknown_issue_are_not_found(issue, office):
    with pytest.raises(Http404):
        access.get_issue_for_user(None, issue.pk)
    with pytest.raises(Http404):
        access.get_issue_for_user(office, issue.pk + 1)
    assert not access.issues_for(None).exists()
    assert not access.articles_for(None).exists()


def test_an_issue_entered_in_the_back_office_is_recorded_with_its_contents_and_pdf(office):
    pdf = html_to_pdf("<h1>临沂市人民政府公报</h1><p>2026年重点工作。</p>")
    form = {
        "year": 2026, "number": 3, "overall": 510, "published_on": "2026-03-31",
        "upload": SimpleUploadedFile("2026-03.pdf", pdf, content_type="application/pdf"),
        "articles-TOTAL_FORMS": 1, "articles-INITIAL_FORMS": 0,
        "articles-0-order": 1, "articles-0-section": "市政府文件", "articles-0-title": "关于公布2026年重点工作的通知",
        "articles-0-doc_number": "", "articles-0-page": 3,
    }  # fmt: skip
    assert logged_in(office).post("/manage/admin/gazette/issue/add/", form).status_code == 302
    issue = Issue.objects.get(overall=510)
    assert issue.pdf and "重点工作" in issue.pdf_text
    assert record_of("gazette.issue.created", issue).actor == office
    assert record_of("gazette.pdf_attached", issue).changes == {"pdf": [None, "2026-03.pdf"]}
    assert record_of("gazette.article.created", Article.objects.get(issue=issue)).actor == office


def test_changing_an_issue_in_the_back_office_is_recorded_and_refused_to_others(issue, office, admin_a):
    form = {"year": 2026, "number": 1, "overall": 500, "published_on": "2026-02-01",
            "articles-TOTAL_FORMS": 0, "articles-INITIAL_FORMS": 0}  # fmt: skip
    assert logged_in(admin_a).post(f"/manage/admin/gazette/issue/{issue.pk}/change/", form).status_code == 403
    assert logged_in(office).post(f"/manage/admin/gazette/issue/{issue.pk}/change/", form).status_code == 302
    assert record_of("gazette.issue.changed", issue).changes == {"published_on": ["2026-01-31", "2026-02-01"]}
