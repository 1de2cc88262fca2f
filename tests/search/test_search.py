"""Search over public content, on whichever backend the run uses (SQLite FTS5 or PostgreSQL)."""

import datetime as dt

import pytest

from gongkai.publishing import services as publishing
from gongkai.search import maintenance, service
from gongkai.search.models import SearchDocument, Synonym
from tests.publishing.conftest import make_item, publish
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


def test_finds_chinese_words_and_ranks_titles_above_bodies(corpus):
    results = service.search("义务教育")
    assert results.total == 2
    assert titles(results)[0] == "关于做好义务教育招生入学工作的通知"
    assert "<mark>义务教育</mark>" in results.hits[0].snippet


def test_synonyms_maintained_by_the_office(corpus, office):
    assert service.search("医保").total == 0  # the process keeps the synonyms it read (search/lexicon.py)
    maintenance.save_entry(actor=office, obj=Synonym(word="医保", synonyms="医疗保险"))
    assert titles(service.search("医保")) == ["城乡居民医疗保险缴费标准调整的通知"]


def test_a_search_reads_the_content_version_once(corpus, monkeypatch):
    """The lexicon (domain words, synonyms, pins) is taken once per search and used by every step, the
    relaxation ladder's included: the shared cache is asked once, not per step."""
    from gongkai.core import page_version

    reads = []
    real = page_version.current
    monkeypatch.setattr(page_version, "current", lambda: reads.append(1) or real())
    assert service.search("义务教育").total == 2
    assert service.search("义务教育招生怎么办理流程").relaxed  # every rung of the ladder tried
    assert len(reads) == 2


def test_domain_words_and_document_numbers(corpus):
    assert titles(service.search("放管服")) == ["深化放管服改革优化营商环境的实施意见"]
    assert service.search("临发改[2024]33号").redirect == corpus["reform"].get_absolute_url()
    assert service.search(corpus["school"].index_no).redirect == corpus["school"].get_absolute_url()


def test_facets_count_the_whole_result_set_and_filters_combine(corpus):
    results = service.search("通知")
    topics = {label: n for _value, label, n in results.facets["topic"]}
    assert topics == {"科技、教育": 1, "卫生、体育": 1, "综合政务": 1}
    assert service.search("通知", filters={"topic": "科技、教育"}).total == 1
    assert service.search("通知", filters={"topic": "科技、教育", "genre": "意见"}).total == 0


def test_key_area_facet_and_filter(corpus, django_capture_on_commit_callbacks):
    from gongkai.publishing.models import KeyArea
    from gongkai.search import index

    area = KeyArea.objects.create(code="edu-enrol", name="义务教育招生入学")
    KeyArea.objects.create(code="edu", name="教育")
    corpus["school"].key_areas.add(area)
    index.index_document("publishing.informationitem", corpus["school"].pk)
    results = service.search("义务教育")
    assert results.facets["key_area"] == [("edu-enrol", "义务教育招生入学", 1)]
    assert service.search("义务教育", filters={"key_area": "edu-enrol"}).total == 1
    assert service.search("义务教育", filters={"key_area": "edu"}).total == 0  # a code is matched whole


def test_withdrawn_items_leave_the_index(corpus, reviewer_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw_item(actor=reviewer_a, item=corpus["school"], reason="有误")
    assert "关于做好义务教育招生入学工作的通知" not in titles(service.search("义务教育"))
    assert not SearchDocument.objects.filter(source_id=corpus["school"].pk).exists()


def test_repealed_documents_rank_below_their_valid_twins(
    client, catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        twins = [
            publish(
                make_item(
                    catalogs.dept_a, actor=editor_a, title="公共租赁住房保障办法", body="<p>住房保障对象</p>"
                ),
                editor_a,
                reviewer_a,
            )
            for _ in range(2)
        ]
        publishing.set_validity(
            actor=reviewer_a, item=twins[0], validity="repealed", changed_on=dt.date(2024, 6, 1)
        )
    hits = service.search("公共租赁住房").hits
    assert [h.doc.source_id for h in hits] == [twins[1].pk, twins[0].pk]
    assert hits[1].score < hits[0].score
    assert '<span class="tag tag-warn">废止</span>' in client.get("/search/", {"q": "公共租赁住房"}).text


def test_clicks_from_distinct_sessions_lift_a_result_but_one_session_cannot(corpus):
    before = titles(service.search("通知"))
    assert len(before) == 3
    target = SearchDocument.objects.get(title=before[-1])
    for _ in range(50):  # one visitor clicking again and again
        service.search("通知", session="s" * 32)
        service.record_click(query="通知", document_id=target.pk, position=3, session="s" * 32)
    assert titles(service.search("通知")) == before
    for n in range(6):  # six different people choose the last result
        session = f"{n:032d}"
        service.search("通知", session=session)
        service.record_click(query="通知", document_id=target.pk, position=3, session=session)
    assert titles(service.search("通知"))[0] == before[-1]


def test_exact_phrase_in_quotes(corpus):
    assert service.search("“招生范围”").total == 1
    assert service.search("“范围招生”").total == 0


def test_public_page_and_api(client, corpus):
    page = client.get("/search/", {"q": "义务教育"})
    assert "找到 2 条结果" in page.text and "gk_sid" in page.cookies
    assert "科技、教育" in page.text  # the facet panel
    go = page.text.split('href="/search/go/?')[1].split('"')[0].replace("&amp;", "&")
    click = client.get("/search/go/?" + go)
    assert click.status_code == 302 and click.url.startswith("/xxgk/items/")
    body = client.get("/api/v1/search", {"q": "义务教育", "topic": "科技、教育"}).json()
    assert body["total"] == 1 and body["facets"]["topic"][0]["count"] == 1 and body["took_ms"] >= 0
    assert client.get("/search/", {"q": "临发改〔2024〕33号"}).status_code == 302


def test_rebuild_index_command(corpus, capsys):
    from django.core.management import call_command

    SearchDocument.objects.all().delete()
    call_command("rebuild_index")
    assert "indexed 4 document(s)" in capsys.readouterr().out
    assert service.search("义务教育").total == 2


def test_office_maintains_domain_words_and_synonyms(office, editor_a, corpus):
    from tests.conftest import logged_in

    assert (
        logged_in(editor_a)
        .post("/manage/admin/search/synonym/add/", {"word": "医保", "synonyms": "医疗保险"})
        .status_code
        == 403
    )
    response = logged_in(office).post(
        "/manage/admin/search/synonym/add/", {"word": "医保", "synonyms": "医疗保险"}
    )
    assert response.status_code == 302
    assert service.search("医保").total == 1
    assert (
        logged_in(office).post("/manage/admin/search/domainword/add/", {"word": "一网通办"}).status_code
        == 302
    )
    from gongkai.search import segment
    from gongkai.search.models import DomainWord

    assert "一网通办" in segment.query_words("推进一网通办改革")
    word = DomainWord.objects.get(word="一网通办")
    assert (
        logged_in(office)
        .post(f"/manage/admin/search/domainword/{word.pk}/delete/", {"post": "yes"})
        .status_code
        == 302
    )
    assert "一网通办" not in segment.query_words("推进一网通办改革")  # removed without a restart


def test_pinyin_and_initials_find_chinese_words(corpus):
    full = service.search("yiwujiaoyu")
    assert full.read_as == "义务教育" and full.total == 2
    assert service.search("fgf").read_as == "放管服"
    assert service.search("zzzzqq").total == 0


def test_best_bets_are_pinned_above_the_results(client, corpus):
    from gongkai.search.models import BestBet

    BestBet.objects.create(
        query="社保卡", title="社会保障卡办理服务", url="/interaction/faq/", description="申领、补换、挂失"
    )
    page = client.get("/search/", {"q": "社保卡"}).text
    assert "社会保障卡办理服务" in page and "申领、补换、挂失" in page
    assert client.get("/api/v1/search", {"q": "社保卡"}).json()["best_bets"][0]["url"] == "/interaction/faq/"


def test_staff_insight_shows_top_zero_result_and_low_click_queries(corpus, office, editor_a):
    from tests.conftest import logged_in

    for n in range(6):
        service.search("义务教育", session=f"{n:032d}")
    service.search("不存在的词语组合", session="x" * 32)
    doc = SearchDocument.objects.first()
    service.record_click(query="义务教育", document_id=doc.pk, position=1, session="0" * 32)
    page = logged_in(office).get("/manage/admin/search/bestbet/insight/").text
    assert "义务教育" in page and "不存在的词语组合" in page
    csv_text = (
        logged_in(office).get("/manage/admin/search/bestbet/insight/?format=csv").content.decode("utf-8-sig")
    )
    assert "义务教育,6,0,1,0.167" in csv_text
    assert logged_in(editor_a).get("/manage/admin/search/bestbet/insight/").status_code == 403
