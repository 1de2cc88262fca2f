"""Already published (Art. 36(1), issue 25 item 5): while handling an application, staff see the unit's
published items that match it, best first, and answer with one: 予以公开, the item's link in the reply."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.foi import published
from gongkai.foi.models import Application, Outcome, Status
from gongkai.publishing import services as publishing
from gongkai.sites.models import Site, SiteHost
from tests.conftest import api_client, logged_in
from tests.demo_db import demo
from tests.publishing.conftest import catalogs, make_item, publish

__all__ = ["catalogs", "demo"]

pytestmark = pytest.mark.django_db

HEATING = "临沂市发展和改革委员会关于调整城市供暖价格的通知"
BASIS = "《中华人民共和国政府信息公开条例》第三十六条第（一）项"


@pytest.fixture
def portal(tree):
    from gongkai.sites import resolve

    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=site, host="www.linyi.gov.cn", is_primary=True)
    resolve.clear()
    return site


@pytest.fixture
def items(catalogs, portal, editor_a, reviewer_a, editor_b, reviewer_b, django_capture_on_commit_callbacks):
    def add(title, body, editor=editor_a, reviewer=reviewer_a, unit=None, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            item = make_item(
                unit or catalogs.dept_a, actor=editor, title=title, body=f"<p>{body}</p>", **fields
            )
            return publish(item, editor, reviewer)

    made = {
        "heating": add(
            HEATING,
            "调整城市集中供暖价格，居民供暖价格每平方米每月5.8元。",
            doc_number="临发改价格〔2024〕8号",
        ),
        "costs": add(
            "临沂市城市供暖定价成本监审办法", "规范供暖定价成本监审工作。", doc_number="临发改价格〔2023〕3号"
        ),
        "other": add("关于做好全市粮食收购工作的通知", "部署秋粮收购工作。", doc_number="临发改〔2024〕21号"),
        "school": add(
            "临沂市教育局关于调整城市供暖期间学校作息时间的通知",
            "供暖价格调整后学校作息安排。",
            editor=editor_b,
            reviewer=reviewer_b,
            unit=catalogs.dept_b,
            doc_number="临教发〔2024〕5号",
        ),
    }
    with django_capture_on_commit_callbacks(execute=True):
        made["withdrawn"] = add(
            "临沂市城市供暖价格听证方案", "供暖价格听证会方案。", doc_number="临发改价格〔2024〕2号"
        )
        publishing.withdraw_item(actor=reviewer_a, item=made["withdrawn"], reason="内容有误")
        made["draft"] = make_item(catalogs.dept_a, actor=editor_a, title="城市供暖价格调整方案（草稿）")
    return made


@pytest.fixture
def heating_request(lodge):
    today = timezone.localdate()
    return lodge(today - dt.timedelta(days=3), description="请公开临沂市城市供暖价格调整的通知")


def test_matches_are_the_units_published_items_best_first(items, heating_request):
    found = published.matches(heating_request)
    titles = [m.item.title for m in found]
    assert titles[0] == HEATING
    assert set(titles) <= {HEATING, "临沂市城市供暖定价成本监审办法", "关于做好全市粮食收购工作的通知"}
    assert "临沂市城市供暖定价成本监审办法" in titles
    assert found[0].score == 1.0 and all(m.score <= 1.0 for m in found)
    assert found[0].url == f"https://www.linyi.gov.cn{items['heating'].get_absolute_url()}"
    assert "<mark>" in str(found[0].snippet)


def test_a_withdrawn_or_draft_item_or_another_units_never_matches(items, heating_request):
    titles = {m.item.title for m in published.matches(heating_request, query="供暖价格 听证 草稿 学校 作息")}
    assert "临沂市城市供暖价格听证方案" not in titles
    assert "城市供暖价格调整方案（草稿）" not in titles
    assert not any("教育局" in t for t in titles)


def test_a_document_number_in_the_hint_comes_first(items, lodge):
    application = lodge(
        timezone.localdate() - dt.timedelta(days=1),
        description="供暖相关文件",
        doc_number_hint="临发改价格〔2023〕3号",
    )
    assert published.matches(application)[0].item == items["costs"]


def test_other_words_can_be_tried(items, heating_request):
    found = published.matches(heating_request, query="粮食收购")
    assert [m.item for m in found] == [items["other"]]
    assert published.matches(heating_request, query="不存在的词语组合航天") == []


def test_without_the_index_the_rows_are_searched(items, heating_request, monkeypatch):
    from gongkai.search import engine

    def broken():
        raise OSError("index directory unreadable")

    monkeypatch.setattr(engine, "get", broken)
    found = published.matches(heating_request)
    assert found and found[0].item == items["heating"]
    assert all(m.item.unit_id == items["heating"].unit_id for m in found)


def test_the_reply_links_the_item_and_counts_as_granted(items, heating_request, editor_a):
    from gongkai.core.models import AuditEvent
    from gongkai.foi import notices, statistics
    from gongkai.reports.compute import table3

    application = published.reply_with_item(editor_a, heating_request, items["heating"], note="已核对")
    url = f"https://www.linyi.gov.cn{items['heating'].get_absolute_url()}"
    assert application.status == Status.ANSWERED and application.outcome == Outcome.GRANTED
    assert application.legal_basis == BASIS
    assert application.answered_with_item == items["heating"]
    assert url in application.reply_text and HEATING in application.reply_text
    assert "临发改价格〔2024〕8号" in application.reply_text
    published_on = timezone.localdate(items["heating"].published_at)
    assert f"{published_on.year}年{published_on.month}月{published_on.day}日" in application.reply_text
    # the notice prints the reply text: the link is in the 答复告知书
    notice = notices.build(application, "reply")
    assert any(url in paragraph for paragraph in notice.paragraphs)
    import io

    import docx

    words = "".join(p.text for p in docx.Document(io.BytesIO(notices.to_docx(notice))).paragraphs)
    assert url in words  # the 答复告知书 as downloaded
    assert AuditEvent.objects.filter(action="foi.application.answered_with_item").exists()
    event = application.events.get(kind="answered")
    assert event.data["item_id"] == items["heating"].pk and event.data["item_url"] == url

    year = application.answered_on.year
    t3 = table3([application.unit], year)
    assert t3["granted"]["natural_person"] == 1 and t3["granted"]["total"] == 1
    assert t3["total_processed"]["total"] == 1
    (row,) = statistics.compute(year=year, unit=application.unit)
    assert {o["outcome"]: o["count"] for o in row["outcomes"]} == {"granted": 1}
    page = logged_in(editor_a).get(f"/foi/statistics/?year={year}")
    assert page.status_code == 200


def test_the_public_statistics_count_it_under_granted(items, heating_request, editor_a, client):
    published.reply_with_item(editor_a, heating_request, items["heating"])
    year = timezone.localdate().year
    csv = client.get(f"/foi/statistics.csv?year={year}").content.decode("utf-8-sig")
    header, *rows = [line.split(",") for line in csv.strip().splitlines()]
    column = header.index("予以公开")
    (row,) = [r for r in rows if r[0] == heating_request.unit.name]
    assert row[column] == "1"
    page = client.get(f"/foi/statistics/?year={year}").content.decode()
    assert "予以公开" in page


@pytest.mark.parametrize(
    ("which", "message"),
    [("withdrawn", "已撤回"), ("draft", "尚未发布")],
)
def test_an_item_the_public_cannot_read_is_refused(items, heating_request, editor_a, which, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        published.reply_with_item(editor_a, heating_request, items[which])
    heating_request.refresh_from_db()
    assert heating_request.status == Status.IN_PROGRESS and heating_request.answered_with_item is None
    assert not heating_request.events.filter(kind="answered").exists()


def test_an_item_no_portal_shows_is_refused(items, heating_request, editor_a, tree, portal):
    from django.core.exceptions import ValidationError

    from gongkai.sites import resolve

    # the city portal leaves the department out: a site of its own, switched off
    Site.objects.create(root=tree.dept_a, name="发改委", is_active=False)
    portal.root = tree.county
    portal.save()
    resolve.clear()
    with pytest.raises(ValidationError, match="未向社会公开"):
        published.reply_with_item(editor_a, heating_request, items["heating"])


def test_another_units_item_is_refused(items, heating_request, editor_a):
    """Review 25 item 5: only the items ``matches`` may offer (the unit's, a government's office's) answer."""
    from django.core.exceptions import ValidationError

    assert items["school"].unit_id not in published.scope_units(heating_request.unit)
    with pytest.raises(ValidationError, match="不是本机关公开的信息"):
        published.reply_with_item(editor_a, heating_request, items["school"])
    heating_request.refresh_from_db()
    assert heating_request.status == Status.IN_PROGRESS and heating_request.answered_with_item is None
    assert not heating_request.events.filter(kind="answered").exists()


def test_the_shared_helpers_are_not_copied():
    """Review 25 item 9: the governments and the Chinese date are those of reconsideration and notices."""
    from gongkai.core import reconsideration
    from gongkai.foi import notices

    assert published.GOVERNMENTS is reconsideration.GOVERNMENTS
    assert published.chinese_date is notices.chinese_date


def test_an_index_failure_logs_no_description(items, heating_request, monkeypatch, caplog):
    """Review 25 item 11: the engine's message may quote the query; the log line carries neither."""
    import logging

    from gongkai.search import engine

    def broken():
        raise OSError(f"cannot parse query {heating_request.description}")

    monkeypatch.setattr(engine, "get", broken)
    with caplog.at_level(logging.DEBUG, logger="gongkai.foi.published"):
        assert published.matches(heating_request)
    records = [r for r in caplog.records if r.name == "gongkai.foi.published"]
    assert records and all(r.exc_info is None for r in records)
    assert "OSError" in caplog.text
    assert heating_request.description not in caplog.text and "供暖" not in caplog.text


def test_an_answered_application_is_refused(items, heating_request, editor_a):
    from django.core.exceptions import ValidationError

    published.reply_with_item(editor_a, heating_request, items["heating"])
    with pytest.raises(ValidationError, match="不能作出答复"):
        published.reply_with_item(editor_a, heating_request, items["costs"])
    heating_request.refresh_from_db()
    assert heating_request.answered_with_item == items["heating"]


def test_another_units_editor_may_not_reply(items, heating_request, editor_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        published.reply_with_item(editor_b, heating_request, items["heating"])


# The API ---------------------------------------------------------------------------------------------


def test_the_api_lists_matches_and_replies(items, heating_request, editor_a):
    client = api_client(editor_a)
    base = f"/api/v1/staff/foi/applications/{heating_request.pk}"
    found = client.get(f"{base}/published-matches")
    assert found.status_code == 200
    assert found.json()[0]["item_id"] == items["heating"].pk
    assert found.json()[0]["url"].startswith("https://www.linyi.gov.cn/")
    other = client.get(f"{base}/published-matches", {"q": "粮食收购"}).json()
    assert [m["item_id"] for m in other] == [items["other"].pk]
    answered = client.post(
        f"{base}/published-reply",
        {"item_id": items["heating"].pk, "note": ""},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["status"] == "answered" and body["outcome"] == "granted" and body["legal_basis"] == BASIS
    assert body["answered_with_item_id"] == items["heating"].pk and body["item_url"] in body["reply_text"]
    assert "applicant_name" not in body and "id_number" not in body


def test_the_api_refuses_what_it_must(items, heating_request, editor_a, editor_b, office):
    base = f"/api/v1/staff/foi/applications/{heating_request.pk}"
    post = {"content_type": "application/json"}
    refused = api_client(editor_a).post(f"{base}/published-reply", {"item_id": items["withdrawn"].pk}, **post)
    assert refused.status_code == 422 and "已撤回" in refused.json()["error"]["message"] + str(refused.json())
    assert api_client(editor_a).post(f"{base}/published-reply", {}, **post).status_code == 422
    other_unit = api_client(editor_a).post(f"{base}/published-reply", {"item_id": items["school"].pk}, **post)
    assert other_unit.status_code == 422 and "不是本机关公开的信息" in str(other_unit.json())
    assert api_client(editor_a).post(f"{base}/published-reply", {"item_id": 10**9}, **post).status_code == 404
    # another unit's editor does not reach the application at all
    assert api_client(editor_b).get(f"{base}/published-matches").status_code == 404
    assert (
        api_client(editor_b)
        .post(f"{base}/published-reply", {"item_id": items["heating"].pk}, **post)
        .status_code
        == 404
    )
    assert Application.objects.get(pk=heating_request.pk).status == Status.IN_PROGRESS


@pytest.fixture
def viewer_a(tree):
    """A staff member of dept_a whose role was taken away: reaches the unit, holds no capability (as in
    tests/foi/test_access.py: every role grants content editing)."""
    from gongkai.core.models import User
    from gongkai.core.roles import Role
    from tests.conftest import _staff

    viewer = _staff("viewer_a", tree.dept_a, Role.EDITOR)
    User.objects.filter(pk=viewer.pk).update(role="")
    viewer.refresh_from_db()
    return viewer


def test_staff_without_the_capability_read_the_matches_but_get_403_to_reply(items, heating_request, viewer_a):
    base = f"/api/v1/staff/foi/applications/{heating_request.pk}"
    assert api_client(viewer_a).get(f"{base}/published-matches").status_code == 200
    answer = api_client(viewer_a).post(
        f"{base}/published-reply", {"item_id": items["heating"].pk}, content_type="application/json"
    )
    assert answer.status_code == 403
    page = logged_in(viewer_a).get(f"/manage/foi/{heating_request.pk}/")
    assert page.status_code == 200 and "以此答复（已主动公开）" not in page.content.decode()
    assert (
        logged_in(viewer_a)
        .post(f"/manage/foi/{heating_request.pk}/published/reply/", {"item_id": items["heating"].pk})
        .status_code
        == 403
    )


# The workspace ---------------------------------------------------------------------------------------


def test_the_case_page_shows_matches_and_the_button_answers(items, heating_request, editor_a):
    client = logged_in(editor_a)
    page = client.get(f"/manage/foi/{heating_request.pk}/").content.decode()
    assert "已主动公开的信息" in page and HEATING in page and "以此答复（已主动公开）" in page
    assert "临沂市城市供暖价格听证方案" not in page
    tried = client.get(f"/manage/foi/{heating_request.pk}/", {"q": "粮食收购"}).content.decode()
    assert "关于做好全市粮食收购工作的通知" in tried
    answered = client.post(
        f"/manage/foi/{heating_request.pk}/published/reply/", {"item_id": items["heating"].pk}, follow=True
    )
    assert answered.status_code == 200
    text = answered.content.decode()
    assert "已作出答复（予以公开）" in text
    heating_request.refresh_from_db()
    assert (
        heating_request.outcome == Outcome.GRANTED and heating_request.answered_with_item == items["heating"]
    )
    assert "以此答复（已主动公开）" not in text  # answered: the panel is gone


def test_a_refused_reply_says_why_on_the_case_page(items, heating_request, editor_a):
    answered = logged_in(editor_a).post(
        f"/manage/foi/{heating_request.pk}/published/reply/", {"item_id": items["withdrawn"].pk}, follow=True
    )
    assert "该信息已撤回" in answered.content.decode()
    heating_request.refresh_from_db()
    assert heating_request.status == Status.IN_PROGRESS


def test_another_units_item_is_refused_on_the_case_page(items, heating_request, editor_a):
    answered = logged_in(editor_a).post(
        f"/manage/foi/{heating_request.pk}/published/reply/", {"item_id": items["school"].pk}, follow=True
    )
    assert "该信息不是本机关公开的信息" in answered.content.decode()
    heating_request.refresh_from_db()
    assert heating_request.status == Status.IN_PROGRESS and heating_request.answered_with_item is None


def test_another_units_staff_neither_see_nor_answer(items, heating_request, editor_b):
    client = logged_in(editor_b)
    assert client.get(f"/manage/foi/{heating_request.pk}/").status_code == 404
    refused = client.post(
        f"/manage/foi/{heating_request.pk}/published/reply/", {"item_id": items["heating"].pk}
    )
    assert refused.status_code == 404
    heating_request.refresh_from_db()
    assert heating_request.status == Status.IN_PROGRESS


def test_the_office_supervising_sees_the_panel_too(items, heating_request, office):
    page = logged_in(office).get(f"/manage/foi/{heating_request.pk}/").content.decode()
    assert ("以此答复（已主动公开）" in page) == published.may_answer(heating_request)


def test_nothing_personal_reaches_the_search_logs(items, heating_request):
    from gongkai.search.models import QueryLog

    published.matches(heating_request)
    assert not QueryLog.objects.exists()


# The demo (last in the module: the demo's data stays until the module ends) ------------------------------


def test_the_button_shows_the_reply_first_and_changes_nothing_until_confirmed(
    items, heating_request, editor_a
):
    client = logged_in(editor_a)
    page = client.get(f"/manage/foi/{heating_request.pk}/").content.decode()
    confirm_url = f"/manage/foi/{heating_request.pk}/published/{items['heating'].pk}/"
    assert confirm_url in page  # the button leads to the confirmation, not straight to a decision
    shown = client.get(confirm_url)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "确认答复" in text and "经查，您申请获取的政府信息已经主动公开" in text
    heating_request.refresh_from_db()
    assert heating_request.status != Status.ANSWERED and not heating_request.events.filter(kind="answered")
    refused = client.get(f"/manage/foi/{heating_request.pk}/published/{items['school'].pk}/")
    assert (
        "该信息不是本机关公开的信息" in refused.content.decode()
        and "确认答复" not in refused.content.decode()
    )
    done = client.post(
        f"/manage/foi/{heating_request.pk}/published/reply/",
        {"item_id": items["heating"].pk, "note": "已电话核对"},
        follow=True,
    )
    assert "已作出答复（予以公开）" in done.content.decode()
    assert heating_request.events.get(kind="answered").note == "已电话核对"


def test_a_development_hosts_link_keeps_the_pages_scheme_and_port(items):
    from django.test import RequestFactory

    from gongkai.sites.models import SiteHost

    SiteHost.objects.filter(host="www.linyi.gov.cn").update(host="localhost")
    request = RequestFactory().get("/", SERVER_NAME="localhost", SERVER_PORT="8000")
    path = items["heating"].get_absolute_url()
    assert published.item_url(items["heating"], request=request) == f"http://localhost:8000{path}"
    assert published.item_url(items["heating"]) == f"https://localhost{path}"  # no page to go by


# Last in the module: the demo fixture keeps its data for the rest of the module's tests on a worker.
def test_the_demo_has_an_answered_and_an_open_already_published_case(demo):
    from django.contrib.auth import get_user_model

    from gongkai.foi.published_demo import CASES

    (_w1, answered_text, *_), (_w2, open_text, *_) = CASES
    answered = Application.objects.get(description=answered_text)
    assert answered.outcome == Outcome.GRANTED and answered.legal_basis == BASIS
    assert answered.answered_with_item is not None
    assert published.item_url(answered.answered_with_item) in answered.reply_text
    waiting = Application.objects.get(description=open_text)
    assert published.may_answer(waiting)
    best = published.matches(waiting)[0]
    assert "市级重大建设项目" in best.item.title and best.item.unit_id == waiting.unit_id
    editor = get_user_model().objects.get(username="fgw_editor")
    page = logged_in(editor).get(f"/manage/foi/{waiting.pk}/").content.decode()
    assert "以此答复（已主动公开）" in page and best.item.title in page
