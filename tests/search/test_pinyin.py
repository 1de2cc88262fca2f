"""Pinyin for every indexed word, one-letter tolerance, cards for what a query contains, and warm workers
(issue 20, items 4 and 5)."""

import sys

import pytest

from gongkai.core.actors import system
from gongkai.search import lexicon, maintenance, pinyin, segment, service, warmup
from gongkai.search.models import BestBet, DomainWord, Synonym, VocabularyWord
from tests.demo_snapshot import restore
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def social(corpus, catalogs, editor_a, reviewer_a, django_capture_on_commit_callbacks):
    """The corpus and a notice that names 社保 in its body only (its title and keywords do not)."""
    from tests.publishing.conftest import make_item, publish

    with django_capture_on_commit_callbacks(execute=True):
        item = make_item(
            catalogs.dept_a,
            actor=editor_a,
            title="关于调整部分公共服务事项办理时间的公告",
            body="<p>自下月起，社保业务窗口延长办理时间，周六上午照常受理。</p>",
        )
        publish(item, editor_a, reviewer_a)
    return corpus


def test_words_of_the_body_are_read_from_their_pinyin_and_initials(social):
    assert VocabularyWord.objects.get(word="社保").pinyin == "shebao"
    full = service.search("shebao")
    assert full.read_as == "社保"
    assert titles(full) == ["关于调整部分公共服务事项办理时间的公告"]
    assert service.search("sb").read_as == "社保"
    assert service.search("She Bao").read_as == "社保"


def test_a_word_learned_twice_counts_its_documents_and_is_spelled_once(social):
    before = VocabularyWord.objects.get(word="社保").documents
    pinyin.learn_many([["社保", "社保", "窗口"], ["社保"]])
    assert VocabularyWord.objects.get(word="社保").documents == before + 2
    assert VocabularyWord.objects.filter(word="社保").count() == 1
    assert pinyin.spell("社保") is pinyin.spell("社保")  # the spelling is kept, not computed again


def test_the_office_lexicon_is_known_in_pinyin_once_saved(social, django_capture_on_commit_callbacks):
    def save(entry):
        with django_capture_on_commit_callbacks(execute=True):  # the task runs once the save commits
            maintenance.save_entry(actor=system("load_demo"), obj=entry)

    assert pinyin.read("yingshanghuanjing") is None  # in a title, but cut as 营商 环境: not a term
    assert pinyin.read("yiwangtongban") is None
    save(Synonym(word="营商环境", synonyms="企业开办"))
    assert pinyin.read("yingshanghuanjing") == "营商环境"
    assert titles(service.search("yingshanghuanjing")) == ["深化放管服改革优化营商环境的实施意见"]
    save(DomainWord(word="一网通办"))
    save(Synonym(word="一件事", synonyms="一件事一次办"))
    assert pinyin.read("yiwangtongban") == "一网通办"  # no document holds it yet: still read
    assert pinyin.read("yijianshiyicibansuan") is None
    assert pinyin.read("yijianshiyiciban") == "一件事一次办"


def test_a_lexicon_word_cut_into_parts_counts_the_documents_holding_all_its_parts(corpus):
    Synonym.objects.create(word="营商环境", synonyms="企业开办")
    pinyin.learn_many([["优化", "营商", "环境"], ["营商", "政策"], ["环境", "保护"]])
    word = VocabularyWord.objects.get(word="营商环境")
    assert word.pinyin == "yingshanghuanjing" and word.initials == "yshj"
    assert word.documents >= 1
    before = word.documents
    pinyin.learn_many([["营商", "环境"], ["营商"]])
    assert VocabularyWord.objects.get(word="营商环境").documents == before + 1


@pytest.mark.parametrize(
    ("typed", "edit"),
    [
        ("shebo", "a letter left out"),
        ("shebaoo", "a letter too many"),
        ("shebap", "a wrong letter"),
        ("shbeao", "two neighbouring letters swapped"),
        ("hsebao", "the first two letters swapped"),
        ("xhebao", "the first letter wrong"),
    ],
)
def test_a_full_pinyin_one_letter_off_is_read_as_the_word(social, typed, edit):
    assert pinyin.read(typed) == "社保", edit


@pytest.mark.parametrize("typed", ["yingshanghuanjin", "yingshanghaunjing", "yinshanghuanjing", "fangguanfv"])
def test_long_pinyin_one_letter_off(corpus, typed):
    Synonym.objects.create(word="营商环境", synonyms="企业开办")
    pinyin.learn_lexicon()
    assert pinyin.read(typed) in {"营商环境", "放管服"}
    assert service.search(typed).total >= 1


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("fgg", "initials are matched exactly"),
        ("sbo", "too short for tolerance"),
        ("shba", "four letters: too short for tolerance"),
        ("shebaoxx", "two letters off"),
        ("bshebo", "a letter too many and one left out"),
    ],
)
def test_no_reading_beyond_one_letter_or_for_short_queries(social, typed, why):
    assert pinyin.read(typed) is None, why


def test_an_exact_reading_wins_over_a_near_one(social):
    VocabularyWord.objects.create(word="设包", pinyin="shebap", initials="sb", documents=0)
    assert pinyin.read("shebap") == "设包"
    assert pinyin.read("shebaq") == "社保"  # one off both: the word in more documents


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("shebao", "shebao", False),
        ("shebao", "shebo", True),
        ("shebo", "shebao", True),
        ("shebao", "shebae", True),
        ("shebao", "sheboa", True),
        ("shebao", "hsebao", True),
        ("shebao", "shbeoa", False),
        ("shebao", "shebaoxx", False),
        ("ab", "ba", True),
        ("abc", "cba", False),
    ],
)
def test_spellings_one_edit_away(a, b, expected):
    assert (b in pinyin.neighbours(a)) is expected
    assert (a in pinyin.neighbours(b)) is expected  # an edit undone is an edit


def test_near_reading_among_a_large_vocabulary_looks_up_the_spellings_one_edit_away(
    social, django_assert_max_num_queries
):
    syllables = ["shi", "she", "shen", "sheng", "bao", "ba", "bai", "ban", "yao", "zhang", "guan", "fu"]
    rows = [
        VocabularyWord(word=f"词{a}{b}{c}", pinyin=p, initials=p[:3], documents=1)
        for a in syllables
        for b in syllables
        for c in syllables
        if (p := a + b + c) not in {"shebao"}
    ]
    VocabularyWord.objects.bulk_create(rows, batch_size=500)
    assert len(rows) > 1500
    with django_assert_max_num_queries(3):  # exact pinyin, exact initials, the spellings one edit away
        assert pinyin.read("shebaa") == "社保"
    assert pinyin.read("shibaoyaa") == "词shibaoyao"  # one letter off a generated word too


def test_reading_a_query_does_not_spell(social, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # importing it would fail
    assert pinyin.read("shebao") == "社保"
    assert pinyin.read("shebo") == "社保"
    assert service.search("shebo").total == 1


# --- best bets and service cards ----------------------------------------------------------------------------


@pytest.fixture
def card(corpus):
    Synonym.objects.create(word="社保卡", synonyms="社会保障卡")
    DomainWord.objects.create(word="社保卡")
    pinyin.learn_lexicon()
    return BestBet.objects.create(
        query="社保卡", also_for="社保", style=BestBet.Style.SERVICE, title="社会保障卡申领", url="/faq/"
    )


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("社保卡", True),
        ("社会保障卡", True),  # a synonym
        ("社保卡怎么办理", True),  # contains its query
        ("补办社会保障卡", True),  # contains a synonym
        ("社保", True),  # one of its also_for words
        ("shebaoka", True),  # pinyin read as its query
        ("sbk", True),  # initials read as its query
        ("shebaok", True),  # one letter off
        ("社保缴费", False),  # also_for words answer only exactly
        ("医疗保险", False),
    ],
)
def test_a_service_card_answers_its_query_synonyms_containing_queries_and_pinyin(card, query, shown):
    assert (card in lexicon.current().best_bets(query, read_as=pinyin.read(query))) is shown
    assert bool(service.search(query).best_bets) is shown


def test_a_latin_card_query_is_contained_only_as_a_whole_word(corpus):
    pin = BestBet.objects.create(query="app", title="政务服务移动端", url="/app/")
    assert lexicon.current().best_bets("下载 app") == [pin]
    assert lexicon.current().best_bets("happy") == []


def test_an_inactive_card_answers_nothing(card):
    card.is_active = False
    card.save()
    assert lexicon.current().best_bets("社保卡怎么办理") == []


# --- warm workers -------------------------------------------------------------------------------------------


def test_warm_loads_the_segmenter_with_the_domain_words_without_pinyin(
    corpus, monkeypatch, caplog, django_assert_num_queries
):
    DomainWord.objects.create(word="一件事一次办")
    monkeypatch.setattr(lexicon, "_kept", None)  # as in a fresh worker
    monkeypatch.setattr(lexicon, "_segmenter", None)
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # warming must not need it
    warmup.warm()
    assert "warm-up incomplete" not in caplog.text
    assert "一件事一次办" in segment.domain_words()
    with django_assert_num_queries(0):  # the first query's words, synonyms and pins: nothing left to load
        assert "一件事一次办" in segment.query_words("推行一件事一次办")
        assert lexicon.current().best_bets("推行一件事一次办") == []


def test_a_cold_segmenter_loads_on_the_first_query_instead(corpus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(lexicon, "_kept", None)
    with django_assert_num_queries(1):  # the domain words; indexing needs no synonyms nor pins
        segment.query_words("放管服")
    with django_assert_num_queries(2):  # what a search reads next: synonyms and pins
        lexicon.current().best_bets("放管服")


# --- the demo, as a citizen types -----------------------------------------------------------------------------


def test_the_demo_finds_pinyin_of_body_and_lexicon_words_and_shows_the_card_for_she_bao(
    client, demo_snapshots
):
    restore(demo_snapshots["full"])  # the demo, as load_demo leaves it
    for typed, word in [
        ("shebao", "社保"),
        ("yingshanghuanjing", "营商环境"),
        ("fgf", "放管服"),
        ("shebaoka", "社保卡"),
        ("yingshanghaunjing", "营商环境"),
    ]:
        results = service.search(typed)
        assert results.read_as == word, typed
        assert results.total > 0, typed
        page = client.get("/search/", {"q": typed}).text
        assert f"按拼音“{typed}”显示“{word}”的结果" in page
    for query in ["社保", "社保卡", "社保卡怎么办", "shebao", "shebaoka"]:
        assert "社会保障卡申领、补换和挂失" in client.get("/search/", {"q": query}).text, query
    assert "放管服" in service.suggest("fgf") and "营商环境" in service.suggest("yingshang")


# --- the indexer's vocabulary ---------------------------------------------------------------------------------


@pytest.mark.parametrize("processes", [0, 2])
def test_the_indexer_counts_and_spells_in_its_processes_what_learn_many_would(tree, processes, monkeypatch):
    """An indexing pool counts each batch's words and spells the new ones; the vocabulary comes out as if
    each document had been learned alone: every Chinese word with its documents and spelling, a lexicon word
    cut into parts counted where all its parts are."""
    from gongkai.search import index
    from tests.search.test_engine import row

    Synonym.objects.create(word="营商环境", synonyms="企业开办")
    bodies = ["优化营商环境，社保窗口延长。", "营商政策与社保卡。", "环境保护与社会保障。", "社保社保社保。"]
    monkeypatch.setattr(index.Indexer, "spell_in_pool_from", 1)  # the pool spells even a few new words
    with index.Indexer(processes=processes, sync_every=2) as indexer:
        assert indexer.store([[row(n, body)] for n, body in enumerate(bodies)]) == 4
    learned = {w.word: (w.pinyin, w.initials, w.documents) for w in VocabularyWord.objects.all()}
    assert learned["社保"] == ("shebao", "sb", 3)
    assert learned["营商环境"] == ("yingshanghuanjing", "yshj", 1)
    assert learned["企业开办"][2] == 0  # the lexicon's, in no document yet
    VocabularyWord.objects.all().delete()
    pinyin.learn_many(
        " ".join(segment.index_terms(text) for text in (f"第{n}号文件", "", body)).split()
        for n, body in enumerate(bodies)
    )
    assert {w.word: (w.pinyin, w.initials, w.documents) for w in VocabularyWord.objects.all()} == learned


def test_a_rebuild_replaces_the_vocabulary_at_its_end_keeping_known_spellings_and_the_lexicon(tree):
    """A rebuild counts every public document and replaces the vocabulary's counts in one go: a word no
    document holds any more goes, a known word keeps its stored spelling (not spelled again), the office's
    words stay at 0; until then pinyin input answers from the old vocabulary."""
    from gongkai.search import index
    from tests.search.test_engine import row

    Synonym.objects.create(word="营商环境", synonyms="企业开办")
    index.bulk_store([row(1, "社保卡补办与社保查询。"), row(2, "社保政策。")])
    VocabularyWord.objects.create(word="废止词语", pinyin="feizhiciyu", initials="fzcy", documents=7)
    VocabularyWord.objects.filter(word="社保").update(pinyin="shebao", initials="sb", documents=40)
    VocabularyWord.objects.filter(word="政策").update(
        pinyin="zhengce-kept"
    )  # a stored spelling is not redone
    seen = []  # 社保's count after each batch: pinyin input meanwhile answers from the old vocabulary
    with index.Indexer(processes=0) as indexer:
        indexer.store(
            [[row(1, "社保卡补办与社保查询。")], [row(2, "社保政策。")]],
            stored=lambda docs: seen.append(VocabularyWord.objects.get(word="社保").documents),
            replace_vocabulary=True,
        )
    learned = {w.word: (w.pinyin, w.documents) for w in VocabularyWord.objects.all()}
    assert seen == [40, 40]
    assert learned["社保"] == ("shebao", 2)
    assert learned["政策"] == ("zhengce-kept", 1)
    assert "废止词语" not in learned
    assert learned["企业开办"] == ("qiyekaiban", 0) and learned["营商环境"][1] == 0
