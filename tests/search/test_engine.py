"""The tantivy engine: derived from the search rows and their change log, on every app server alike."""

import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from gongkai.search import engine, index, service
from gongkai.search.models import SearchChange, SearchDocument

KINDS = ["item", "policy", "interpretation", "faq"]
TOPICS = ["综合政务", "科技、教育", "卫生、体育"]
AREAS = ["fiscal", "land", "housing", "education"]


def row(n: int, body: str, unit=None, **fields) -> dict:
    return {
        "source": "test.document",
        "source_id": n,
        "kind": "item",
        "url": f"/t/{n}/",
        "title": f"第{n}号文件",
        "body": body,
        "unit": unit,
        **fields,
    }


def found(server: engine.Engine, word: str) -> int:
    return engine.count(server.searcher(), engine.text_query([[word]]))


@pytest.fixture
def varied(tree):
    """130 documents, 97 of them about 养老 (more than the ranked candidates), facets drawn at random."""
    rng = random.Random(20)
    units = [tree.dept_a, tree.dept_b, tree.county, tree.street, None]
    rows = []
    for n in range(130):
        year = rng.choice([2021, 2022, 2023, None])
        rows.append(
            row(
                n,
                "关于养老服务的说明。" if n % 4 else "关于道路建设的说明。",
                unit=rng.choice(units),
                kind=rng.choice(KINDS),
                topic=rng.choice(TOPICS),
                genre=rng.choice(["通知", ""]),
                validity=rng.choice(["valid", "expired", ""]),
                key_areas=rng.sample(AREAS, rng.choice([0, 1, 2])),
                year=year,
                published_at=None
                if year is None
                else f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T08:00:00+08:00",
            )
        )
    index.bulk_store(rows)
    return tree


def truth(documents) -> dict[str, Counter]:
    """The facets counted from the rows themselves."""
    out = {name: Counter() for name in service.FACETS}
    for doc in documents:
        for name, value in (("kind", doc.kind), ("unit", doc.unit_id), ("topic", doc.topic),
                            ("genre", doc.genre), ("year", doc.year), ("validity", doc.validity)):  # fmt: skip
            if value not in (None, ""):
                out[name][str(value)] += 1
        for code in set(doc.key_areas):
            out["key_area"][code] += 1
    return out


def test_the_total_and_every_facet_equal_what_the_rows_say(varied):
    results = service.search("养老")
    matching = [d for d in SearchDocument.objects.all() if "养老" in d.terms_body.split()]
    assert results.total == len(matching) == 97
    assert results.pages == 10
    expected = truth(matching)
    for name in service.FACETS:
        assert {value: n for value, _label, n in results.facets[name]} == dict(expected[name]), name


def test_a_filter_and_a_scope_count_exactly(varied):
    tree = varied
    policies = service.search("养老", filters={"kind": "policy"})
    assert policies.total == SearchDocument.objects.filter(kind="policy", terms_body__contains="养老").count()
    assert {v for v, _l, _n in policies.facets["kind"]} == {"policy"}
    in_county = service.search("养老", scope=service.Scope(root=tree.county.path))
    units = {tree.county.pk, tree.street.pk}
    assert (
        in_county.total == SearchDocument.objects.filter(unit__in=units, terms_body__contains="养老").count()
    )
    assert in_county.total and {h.doc.unit_id for h in in_county.hits} <= units
    with_gazette = service.search("养老", scope=service.Scope(root=tree.county.path, with_unitless=True))
    assert (
        with_gazette.total
        == in_county.total + SearchDocument.objects.filter(unit=None, terms_body__contains="养老").count()
    )
    assert service.search("养老", filters={"year": "明年"}).total == 0  # a mistyped year finds nothing


def test_pages_beyond_the_ranked_candidates_follow_newest_first(varied):
    seen = []
    for page in range(1, 11):
        seen += [h.doc.pk for h in service.search("养老", page=page).hits]
    assert len(seen) == len(set(seen)) == 97  # every match exactly once, across the ranked and the rest
    by_date = [h.doc for h in service.search("养老", sort="date").hits]
    dated = [d.published_at for d in by_date]
    assert dated == sorted(dated, reverse=True) and len(by_date) == 10


def test_a_second_server_catches_up_from_the_change_log_and_sees_deletions(tree, tmp_path):
    index.bulk_store([row(1, "城乡低保标准")])
    here, there = engine.get(), engine.Engine(tmp_path / "other-server")
    assert found(here, "低保") == found(there, "低保") == 1

    index._store(**row(2, "低保申请流程"))
    index._remove("test.document", 1)
    assert found(there, "低保") == 1 and found(here, "低保") == 1  # the one left
    assert engine.count(there.searcher(), engine.text_query([["标准"]])) == 0
    log = list(SearchChange.objects.order_by("pk").values_list("document_id", "deleted"))
    first = log[0][0]
    assert log == [(first, False), (SearchDocument.objects.get().pk, False), (first, True)]


def test_an_index_ahead_of_the_database_is_rebuilt(tree):
    """A database restored from a backup (or a rolled-back transaction) has fewer changes than the index
    applied: the index starts again from the rows."""
    here = engine.get()
    index.bulk_store([row(1, "公共租赁住房")])
    with transaction.atomic():
        sid = transaction.savepoint()
        index._store(**row(2, "公共租赁住房保障"))
        assert found(here, "租赁") == 2
        transaction.savepoint_rollback(sid)
    assert found(here, "租赁") == 1
    index._store(
        **row(3, "住房公积金")
    )  # written again after the rollback (SQLite may reuse the change's id)
    assert found(here, "保障") == 0 and found(here, "公积金") == 1


def test_a_log_rewritten_under_the_same_id_is_noticed(tree, tmp_path):
    here = engine.get()
    index.bulk_store([row(1, "残疾人补贴")])
    assert found(here, "补贴") == 1
    last = SearchChange.objects.order_by("-pk").first()
    SearchDocument.objects.all().delete()
    SearchChange.objects.filter(pk=last.pk).update(at=last.at.replace(year=2000))  # same id, another change
    assert found(here, "补贴") == 0


def test_rebuild_index_shows_progress_and_keeps_the_engine_in_step(tree, catalogs, editor_a, reviewer_a):
    from tests.publishing.conftest import make_item, publish

    publish(
        make_item(catalogs.dept_a, actor=editor_a, title="关于殡葬服务收费的公告", body="<p>殡葬</p>"),
        editor_a,
        reviewer_a,
    )
    SearchDocument.objects.all().delete()  # out of step: the rows lost (the log did not hear of it)
    err = io.StringIO()
    call_command("rebuild_index", stdout=io.StringIO(), stderr=err)
    assert "docs/s" in err.getvalue() and "ETA" in err.getvalue()
    assert service.search("殡葬").total == 1
    index.bulk_store([row(9, "无关的文件")])
    call_command("rebuild_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert not SearchDocument.objects.filter(source="test.document").exists()  # no longer public: gone
    assert service.search("无关").total == 0


def test_pruning_the_log_keeps_recent_entries_and_the_newest_and_a_server_left_behind_rebuilds(
    tree, tmp_path
):
    import datetime as dt

    from django.utils import timezone

    index._store(**row(1, "城乡低保标准"))
    behind = engine.Engine(tmp_path / "a-server-off-for-a-week")
    assert found(behind, "低保") == 1  # it applied the first change, then went off
    index._store(**row(2, "低保申请流程"))
    index._store(**row(3, "临时救助"))
    here = engine.get()
    assert found(here, "救助") == 1
    first, second, newest = SearchChange.objects.order_by("pk")
    SearchChange.objects.filter(pk=first.pk).update(at=timezone.now() - dt.timedelta(days=8))

    out = io.StringIO()
    call_command("prune_search_log", stdout=out)  # keeps 7 days: only the first goes
    assert "deleted 1 change(s)" in out.getvalue()
    assert list(SearchChange.objects.order_by("pk").values_list("pk", flat=True)) == [second.pk, newest.pk]

    SearchChange.objects.filter(pk=second.pk).update(at=timezone.now() - dt.timedelta(days=30))
    assert engine.prune_changes(7) == 1

    generation = here.generation
    assert found(here, "救助") == 1 and here.generation == generation  # at the head: nothing to do
    assert found(behind, "低保") == 2 and found(behind, "救助") == 1  # its change is gone: rebuilt from rows
    assert behind.generation == 2

    SearchChange.objects.update(at=timezone.now() - dt.timedelta(days=30))
    assert engine.prune_changes(7) == 0
    assert list(SearchChange.objects.values_list("pk", flat=True)) == [newest.pk]  # the head stays


def test_pruning_needs_at_least_one_day(tree):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("prune_search_log", "--keep-days", "0", stderr=err)
    assert exited.value.code == 2 and "至少为 1 天" in err.getvalue()
