"""A published release is found by search (kind 数据发布) and listed in its unit's 国民经济和社会发展统计信息
column; the public list costs the same number of queries however many datasets it shows."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.actors import system
from gongkai.datasets import services
from gongkai.publishing import column_sources
from gongkai.search.models import Kind, SearchDocument

from .conftest import COLUMNS, GOOD_CSV

pytestmark = pytest.mark.django_db


def test_a_published_release_is_indexed_for_search(dataset, django_capture_on_commit_callbacks, citizen):
    with django_capture_on_commit_callbacks(execute=True):
        release = services.publish_release(actor=system("test"), dataset=dataset, period="2026-10", name="a.csv",
                                           data=GOOD_CSV, today=dt.date(2026, 11, 5))  # fmt: skip
    document = SearchDocument.objects.get(source="datasets.release", source_id=release.pk)
    assert document.kind == Kind.DATASET
    assert document.title == "全市环境空气质量状况及县区排名（2026年10月）"
    assert document.url == release.get_absolute_url()
    assert "沂南县" in document.body


def test_the_statistics_column_lists_each_datasets_latest_release(published, tree):
    (source,) = [
        s
        for s in column_sources.sources_for("a20-04")
        if s.provider.__module__.startswith("gongkai.datasets")
    ]
    rows = list(source.rows(tree.dept_a, None)[0:10])
    assert [(r.title, r.url) for r in rows] == [
        (
            "全市环境空气质量状况及县区排名（2026年10月）",
            f"/datasets/{published.dataset_id}/releases/2026-10/",
        )
    ]
    assert list(source.rows(tree.dept_b, None)[0:10]) == []


def test_the_public_list_reads_a_fixed_number_of_queries(
    published, tree, citizen, django_assert_max_num_queries
):
    citizen.get("/datasets/")  # warm the site directory
    with django_assert_max_num_queries(12) as few:
        citizen.get("/datasets/")
    for n in range(5):
        services.save_dataset(actor=system("test"), unit=tree.dept_b, title=f"数据{n}", frequency="monthly",
                              columns=COLUMNS, starts_on=dt.date(2026, 1, 1))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = citizen.get("/datasets/")
    assert page.content.decode().count("逾期未发布") >= 5


def test_the_api_list_reads_a_fixed_number_of_queries(
    published, tree, citizen, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8) as few:
        citizen.get("/api/v1/datasets")
    for n in range(5):
        services.save_dataset(actor=system("test"), unit=tree.dept_b, title=f"数据{n}", frequency="quarterly",
                              columns=COLUMNS, starts_on=dt.date(2025, 1, 1))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert citizen.get("/api/v1/datasets").json()["count"] == 6
