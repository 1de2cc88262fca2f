"""Query help: did-you-mean, suggestions as you type, hot searches, service cards, FAQ entries in search."""

import pytest

from gongkai.search import service
from gongkai.search.models import BestBet, SearchDocument, Synonym

pytestmark = pytest.mark.django_db


def test_did_you_mean_corrects_homophones_and_one_wrong_character(client, corpus):
    # 义务教玉 is what a pinyin input method gives for yiwujiaoyu when the wrong candidate is picked
    homophone = service.search("义务教玉")
    assert homophone.total == 0 and homophone.suggestion == "义务教育"
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
