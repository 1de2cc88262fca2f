"""政府公报: the archive import (CSV of contents + PDFs), the reading view, RSS, search over the PDF text, API."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from gongkai.core.actors import system
from gongkai.core.documents import html_to_pdf
from gongkai.gazette import services
from gongkai.gazette.models import Issue
from gongkai.search import service
from tests.conftest import logged_in
from tests.publishing.conftest import make_item, publish

pytestmark = pytest.mark.django_db

HEADER = "年份,期号,总期号,出版日期,PDF,栏目,顺序,标题,文号,页码\n"


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "2019-01.pdf").write_bytes(
        html_to_pdf("<h1>临沂市人民政府公报</h1><p>关于推进沂河湿地保护修复的实施意见全文。</p>")
    )
    (tmp_path / "2019-02.pdf").write_bytes(html_to_pdf("<h1>临沂市人民政府公报</h1><p>人事任免事项。</p>"))
    rows = [
        "2019,1,301,2019-01-31,2019-01.pdf,市政府文件,1,临沂市发展和改革委员会关于做好2024年能源保供工作的通知,临发改[2024]12号,3",
        "2019,1,301,2019-01-31,2019-01.pdf,市政府文件,2,关于推进沂河湿地保护修复的实施意见,,5",
        "2019,2,302,2019-02-28,2019-02.pdf,人事任免,1,市政府关于有关人员职务任免的通知,,2",
    ]
    (tmp_path / "contents.csv").write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_archive_import_links_documents_and_makes_the_pdf_searchable(
    client, archive, catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks, capsys
):
    printed = publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)  # 临发改〔2024〕12号
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_gazette", str(archive))
    assert "imported 2 issue(s)" in capsys.readouterr().out
    first = Issue.objects.get(overall=301)
    assert [a.item_id for a in first.articles.all()] == [printed.pk, None]
    assert "沂河湿地" in first.pdf_text
    results = service.search("沂河湿地", filters={"kind": "gazette"})
    assert [h.doc.url for h in results.hits] == ["/gazette/2019/1/"]
    page = client.get("/gazette/2019/1/").text
    assert f'<a href="{printed.get_absolute_url()}">' in page
    assert 'href="/gazette/2019/1/edition.pdf#page=5"' in page and "总第301期" in page
    assert client.get("/gazette/2019/1/edition.pdf").headers["Content-Type"] == "application/pdf"
    assert "2019年第2期（总第302期）" in client.get("/gazette/rss/").text
    assert "2019年第1期" in client.get("/gazette/", {"year": 2019}).text
    detail = client.get("/api/v1/gazette/2019/1").json()
    assert detail["overall"] == 301 and detail["articles"][0]["url"] == printed.get_absolute_url()
    assert client.get("/api/v1/gazette", {"year": 2019}).json()["count"] == 2
    call_command("import_gazette", str(archive))  # again: already there
    assert "skipped 2 issue(s)" in capsys.readouterr().out and Issue.objects.count() == 2


def test_an_invalid_row_imports_nothing(tmp_path):
    rows = ["2019,1,301,2019-01-31,,市政府文件,1,第一篇,,", "2019,1,301,2019-13-31,,市政府文件,2,第二篇,,",
            "2019,2,302,2019-02-28,missing.pdf,,1,第三篇,,"]  # fmt: skip
    (tmp_path / "contents.csv").write_text(HEADER + "\n".join(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_gazette", str(tmp_path))
    report = services.import_archive(tmp_path, actor=system("import_gazette"), dry_run=True)
    assert report.errors == ["第3行：年份、期号、总期号、顺序、页码须为数字，出版日期须为YYYY-MM-DD。",
                             "第4行：找不到PDF文件 missing.pdf。"]  # fmt: skip
    assert not Issue.objects.exists()


def test_unpublished_issues_are_not_public_and_only_the_office_edits(client, office, editor_a):
    issue = Issue.objects.create(year=2026, number=1, overall=500, published_on="2026-01-31")
    issue.articles.create(order=1, title="第一篇")
    assert client.get("/gazette/2026/1/").status_code == 404
    assert logged_in(editor_a).get("/manage/admin/gazette/issue/add/").status_code == 403
    response = logged_in(office).post(
        "/manage/admin/gazette/issue/", {"action": "publish", "_selected_action": [issue.pk]}
    )
    assert response.status_code == 302
    assert client.get("/gazette/2026/1/").status_code == 200


def test_a_non_pdf_edition_is_refused(office):
    issue = Issue.objects.create(year=2026, number=2, overall=501, published_on="2026-02-28")
    with pytest.raises(ValidationError, match="PDF"):
        services.attach_pdf(actor=office, issue=issue, data=b"not a pdf at all", name="x.pdf")
    issue.refresh_from_db()
    assert not issue.pdf and issue.pdf_text == ""


def test_the_office_enters_an_issue_with_its_contents_in_the_back_office(office, client):
    form = {
        "year": 2026, "number": 3, "overall": 510, "published_on": "2026-03-31",
        "articles-TOTAL_FORMS": 1, "articles-INITIAL_FORMS": 0,
        "articles-0-order": 1, "articles-0-section": "市政府文件", "articles-0-title": "关于公布2026年重点工作的通知",
        "articles-0-doc_number": "", "articles-0-page": 3,
    }  # fmt: skip
    assert logged_in(office).post("/manage/admin/gazette/issue/add/", form).status_code == 302
    issue = Issue.objects.get(overall=510)
    assert [a.title for a in issue.articles.all()] == ["关于公布2026年重点工作的通知"]


def test_an_issue_lists_each_section_once_whatever_order_its_articles_were_entered_in(client):
    issue = Issue.objects.create(
        year=2026, number=4, overall=520, published_on="2026-04-30", is_published=True
    )
    for order, (section, title) in enumerate(
        [("市政府文件", "甲"), ("市政府办公室文件", "乙"), ("市政府文件", "丙"), ("市政府办公室文件", "丁")],
        start=1,
    ):
        issue.articles.create(order=order, section=section, title=title)
    page = client.get("/gazette/2026/4/").content.decode()
    assert page.count("<h3>市政府文件</h3>") == 1 and page.count("<h3>市政府办公室文件</h3>") == 1
    assert page.index("<h3>市政府文件</h3>") < page.index("甲") < page.index("丙")
    assert page.index("丙") < page.index("<h3>市政府办公室文件</h3>") < page.index("乙") < page.index("丁")
