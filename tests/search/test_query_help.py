"""Query help: did-you-mean, suggestions as you type, hot searches, service cards, FAQ entries in search."""

import pytest

from gongkai.search import service
from gongkai.search.models import BestBet, SearchDocument, Synonym
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


def test_did_you_mean_corrects_homophones_and_one_wrong_character(client, corpus):
    # 义务教玉 is what a pinyin input method gives for yiwujiaoyu when the wrong candidate is picked
    homophone = service.search("义务教玉")
    assert homophone.suggestion == "义务教育"
    assert homophone.relaxed  # meanwhile, what has some of the words
    one_wrong = service.search("营商环竟")
    assert one_wrong.suggestion == "营商环境"
    assert service.search(one_wrong.suggestion).total == 1
    page = client.get("/search/", {"q": "义务教玉"}).text
    assert "您是不是要找" in page and "?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2" in page
    assert client.get("/api/v1/search", {"q": "义务教玉"}).json()["suggestion"] == "义务教育"


def test_no_suggestion_when_the_query_finds_something_or_nothing_better_exists(corpus):
    assert service.search("义务教育").suggestion is None
    assert service.search("火星探测器").suggestion is None  # nothing in the index sounds or looks like it


def test_suggestions_as_you_type_from_titles_pinyin_pins_and_popular_queries(client, corpus):
    assert "义务教育" in service.suggest("义务")
    assert "义务教育" in service.suggest("yiwu") and "放管服" in service.suggest("fg")
    BestBet.objects.create(query="社保卡申领", title="社会保障卡申领", url="/interaction/faq/")
    assert service.suggest("社保")[0] == "社保卡申领"
    for n in range(2):  # two people searched it: not yet shown to others
        service.search("义务教育招生", session=f"{n:032d}")
    assert "义务教育招生" not in service.suggest("义务教育")
    service.search("义务教育招生", session="2" * 32)
    assert "义务教育招生" in service.suggest("义务教育")
    body = client.get("/search/suggest/", {"q": "义务"}).json()
    assert "义务教育" in body["suggestions"]
    assert "义务教育" in client.get("/api/v1/search/suggest", {"q": "yiwu"}).json()["suggestions"]


def test_hot_searches_never_show_what_only_one_or_two_people_typed(client, corpus):
    for n in range(4):
        service.search("义务教育", session=f"{n:032d}")
    for _ in range(5):  # a phone number searched by one person again and again
        service.search("13912345678 义务教育", session="p" * 32)
    service.search("医疗保险", session="q" * 32)
    assert service.popular() == ["义务教育"]
    page = client.get("/search/").text
    assert "热门搜索" in page and "义务教育" in page and "13912345678" not in page
    assert client.get("/api/v1/search/hot").json()["queries"] == ["义务教育"]


def test_hot_searches_hide_queries_holding_personal_numbers(corpus):
    for n in range(3):
        service.search("13912345678 义务教育", session=f"{n:032d}")
    assert service.popular() == []


def test_service_card_answers_the_query_and_its_synonyms(client, corpus):
    BestBet.objects.create(
        query="社保卡",
        style=BestBet.Style.SERVICE,
        title="社会保障卡申领",
        url="/xxgk/",
        online_url="https://example.gov.cn/sbk",
        place="市民中心二楼社保窗口",
        hours="工作日 9:00-17:00",
        phone="0539-12345",
        materials="居民身份证\n近期免冠照片",
    )
    Synonym.objects.create(word="社保卡", synonyms="社会保障卡")
    for query in ("社保卡", "社会保障卡"):
        page = client.get("/search/", {"q": query}).text
        assert "市民中心二楼社保窗口" in page and "<li>近期免冠照片</li>" in page
        assert 'href="https://example.gov.cn/sbk"' in page and "在线办理" in page
    card = client.get("/api/v1/search", {"q": "社会保障卡"}).json()["best_bets"][0]
    assert card["style"] == "service" and card["materials"] == ["居民身份证", "近期免冠照片"]
    assert card["phone"] == "0539-12345"


def test_faq_entries_are_searchable_and_leave_when_unpublished(
    client, catalogs, django_capture_on_commit_callbacks
):
    from gongkai.interaction.models import FaqEntry

    with django_capture_on_commit_callbacks(execute=True):
        entry = FaqEntry.objects.create(
            question="新生儿如何办理医保参保？",
            answer="出生后三个月内到社区服务中心办理。",
            unit=catalogs.dept_a,
        )
    results = service.search("新生儿")
    assert [h.doc.kind for h in results.hits] == ["faq"]
    assert results.hits[0].doc.url == f"/interaction/faq/#faq-{entry.pk}"
    assert f'id="faq-{entry.pk}"' in client.get("/interaction/faq/").text
    with django_capture_on_commit_callbacks(execute=True):
        entry.is_published = False
        entry.save()
    assert service.search("新生儿").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        entry.is_published = True
        entry.save()
        entry.delete()
    assert not SearchDocument.objects.filter(kind="faq").exists()


def test_plain_language_questions_find_documents_without_every_word(client, corpus):
    strict = service.search("义务教育招生范围")
    assert strict.total == 1 and not strict.relaxed
    question = service.search("义务教育怎么报名")  # 怎么 is a question word; 报名 is in the school notice
    assert titles(question)[0] == "关于做好义务教育招生入学工作的通知" and question.relaxed
    partial = service.search("义务教育 火星")  # no document has both: those with either, best first
    assert partial.relaxed and titles(partial)[0] == "关于做好义务教育招生入学工作的通知"
    page = client.get("/search/", {"q": "义务教育 火星"}).text
    assert "以下结果包含其中部分词语" in page
    assert client.get("/api/v1/search", {"q": "义务教育 火星"}).json()["relaxed"] is True


def test_a_long_word_also_finds_its_parts_written_apart(
    corpus, catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks
):
    from gongkai.core import page_version
    from gongkai.search import segment
    from gongkai.search.models import DomainWord
    from tests.publishing.conftest import make_item, publish

    DomainWord.objects.create(word="双随机一公开")
    page_version.bump()
    assert segment.query_words("双随机一公开") == ["双随机一公开"]
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            make_item(
                catalogs.dept_a,
                actor=editor_a,
                title="2026年“双随机、一公开”抽查计划",
                body="<p>抽查计划。</p>",
            ),
            editor_a,
            reviewer_a,
        )
    assert sorted(titles(service.search("双随机一公开"))) == [
        "2026年“双随机、一公开”抽查计划",
        "深化放管服改革优化营商环境的实施意见",
    ]
