"""The workspace's 信息报送 pages: the editor's 报送 form on a published item, the list (mine/incoming with
filters), the submission's page with adopt/decline/withdraw, the counts page, and the to-do rows."""

import pytest

from gongkai.core import todo
from gongkai.publishing import services
from gongkai.publishing.models import Submission
from tests.conftest import logged_in
from tests.publishing.conftest import make_item, publish
from tests.publishing.test_submissions import portal_column

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(catalogs):
    return portal_column(catalogs.city)


@pytest.fixture
def item(news, catalogs, editor_a, reviewer_a):
    return publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)


def test_the_editor_offers_a_published_item_to_the_portal(item, news, editor_a):
    client = logged_in(editor_a)
    page = client.get(f"/manage/items/{item.pk}/").content.decode()
    assert "信息报送" in page and f'action="/manage/submissions/new/{item.pk}/"' in page
    assert "临沂市人民政府 · 要闻" in page
    response = client.post(f"/manage/submissions/new/{item.pk}/", {"column": news.pk, "note": "请采用"})
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/submissions/{submission.pk}/"
    assert submission.note == "请采用" and submission.submitted_by == editor_a
    again = client.post(f"/manage/submissions/new/{item.pk}/", {"column": news.pk})
    assert again.status_code == 200 and "不能重复报送" in again.content.decode()
    assert Submission.objects.count() == 1


def test_a_draft_shows_no_submission_form(catalogs, news, editor_a):
    draft = make_item(catalogs.dept_a, actor=editor_a)
    page = logged_in(editor_a).get(f"/manage/items/{draft.pk}/").content.decode()
    assert "/manage/submissions/new/" not in page


def test_another_units_editor_cannot_open_the_form(item, editor_b):
    assert logged_in(editor_b).get(f"/manage/submissions/new/{item.pk}/").status_code == 404


def test_the_office_adopts_from_the_submission_page(item, news, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=item, column=news)
    client = logged_in(office)
    listing = client.get("/manage/submissions/", {"box": "incoming", "status": "submitted"}).content.decode()
    assert item.title in listing and "等待您处理" in listing
    page = client.get(f"/manage/submissions/{submission.pk}/").content.decode()
    assert 'value="adopt"' in page and 'value="decline"' in page
    response = client.post(f"/manage/submissions/{submission.pk}/", {"action": "adopt"})
    assert response.status_code == 302
    assert Submission.objects.get().status == "adopted"
    assert news in item.columns.all()


def test_declining_without_a_reason_shows_the_error(item, news, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=item, column=news)
    client = logged_in(office)
    response = client.post(f"/manage/submissions/{submission.pk}/", {"action": "decline", "reason": ""})
    assert response.status_code == 200 and "请写明理由" in response.content.decode()
    assert Submission.objects.get().status == "submitted"
    client.post(f"/manage/submissions/{submission.pk}/", {"action": "decline", "reason": "不宜作为要闻"})
    assert Submission.objects.get().reason == "不宜作为要闻"


def test_the_unit_sees_no_decision_buttons_and_may_withdraw(item, news, editor_a):
    submission = services.submit_to_portal(actor=editor_a, item=item, column=news)
    client = logged_in(editor_a)
    page = client.get(f"/manage/submissions/{submission.pk}/").content.decode()
    assert 'value="adopt"' not in page and 'value="withdraw"' in page
    assert client.post(f"/manage/submissions/{submission.pk}/", {"action": "adopt"}).status_code == 403
    client.post(f"/manage/submissions/{submission.pk}/", {"action": "withdraw"})
    assert Submission.objects.get().status == "withdrawn"


def test_the_list_filters_mine_and_shows_no_incoming_choice_to_a_unit(item, news, editor_a, editor_b):
    services.submit_to_portal(actor=editor_a, item=item, column=news)
    mine = logged_in(editor_a).get("/manage/submissions/").content.decode()
    assert item.title in mine and 'name="box"' not in mine
    assert (
        item.title
        not in logged_in(editor_b).get("/manage/submissions/", {"status": "adopted"}).content.decode()
    )
    assert item.title not in logged_in(editor_b).get("/manage/submissions/").content.decode()
    assert logged_in(editor_a).get("/manage/submissions/", {"year": "abc", "status": "x"}).status_code == 200


def test_the_counts_page(item, news, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=item, column=news)
    services.adopt_submission(actor=office, submission=submission)
    year = submission.submitted_at.year
    page = logged_in(office).get("/manage/submissions/stats/", {"year": year}).content.decode()
    assert f"{year}年信息报送统计" in page and item.unit.name in page
    assert logged_in(office).get("/manage/submissions/stats/", {"year": "x"}).status_code == 200


def test_todo_rows_for_the_office_and_for_the_unit(item, news, editor_a, office):
    submission = services.submit_to_portal(actor=editor_a, item=item, column=news)
    office_rows = todo.flat_todo_for(office)
    assert [r.kind for r in office_rows if r.kind.startswith("submission.")] == ["submission.pending"]
    assert office_rows[[r.kind for r in office_rows].index("submission.pending")].url == (
        f"/manage/submissions/{submission.pk}/"
    )
    services.decline_submission(actor=office, submission=submission, reason="不宜作为要闻")
    rows = [r for r in todo.flat_todo_for(editor_a) if r.kind == "submission.decided"]
    assert len(rows) == 1 and "未采用：不宜作为要闻" in rows[0].note
    assert not [r for r in todo.flat_todo_for(office) if r.kind == "submission.pending"]
    home = logged_in(office).get("/manage/").content.decode()
    assert "信息报送" in home
