"""Columns another module fills (the register, the annual reports, the proposal replies) show those records
instead of "本栏目暂无信息"; publishing learns of them through a registry, never by importing those apps."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.participation.models import Proposal
from gongkai.policy import services as policy
from gongkai.policy.models import IssuingBody
from gongkai.publishing import column_sources
from gongkai.reports.models import AnnualReport
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def scratch_source():
    """A provider registered for the test only, on a column no app fills."""
    made = []

    def provider(unit, request):
        return [
            {
                "title": f"{unit.display_name}第{n}号记录",
                "url": f"/records/{n}/",
                "date": dt.date(2024, 1, n),
                "note": "测试",
            }
            for n in range(1, 26)
        ]

    column_sources.register("a20-09", provider, label="测试记录", more=lambda unit: "/records/")
    made.append(provider)
    yield provider
    column_sources.unregister("a20-09", provider)


def test_the_registry_keeps_one_entry_per_provider_and_normalizes_rows(scratch_source):
    column_sources.register("a20-09", scratch_source, label="测试记录")
    assert len(column_sources.sources_for("a20-09")) == 1
    row = column_sources.as_row({"title": "标题", "url": "/x/", "date": timezone.now()})
    assert isinstance(row.date, dt.date) and not isinstance(row.date, dt.datetime)
    with pytest.raises(TypeError):
        column_sources.as_row(("标题", "/x/"))


def test_the_apps_register_their_columns():
    assert {"a20-01", "xxgk-annual", "ka-proposals"} <= column_sources.codes()


def test_an_empty_column_with_a_source_shows_its_rows_page_by_page(client, catalogs, scratch_source):
    url = column(catalogs.dept_a, "a20-09").get_absolute_url()
    page = client.get(url).text
    assert "本栏目暂无信息" not in page
    assert "测试记录" in page
    assert "市发展改革委第1号记录" in page and "市发展改革委第21号记录" not in page
    assert "第 1 页，共 2 页" in page
    second = client.get(url, {"page": 2}).text
    assert "市发展改革委第21号记录" in second


def test_a_column_with_items_shows_both_and_links_to_the_rest(
    client, catalogs, scratch_source, editor_a, reviewer_a
):
    col = column(catalogs.dept_a, "a20-09")
    own = publish(
        make_item(catalogs.dept_a, actor=editor_a, columns=[col], title="市发展改革委统计公报"),
        editor_a,
        reviewer_a,
    )
    page = client.get(col.get_absolute_url()).text
    assert page.index(own.title) < page.index("测试记录") < page.index("市发展改革委第1号记录")
    assert "市发展改革委第11号记录" not in page  # a preview of ten
    assert 'href="/records/"' in page


def test_a_column_nobody_fills_still_says_it_is_empty(client, catalogs):
    page = client.get(column(catalogs.dept_a, "a20-09").get_absolute_url()).text
    assert "本栏目暂无信息" in page


def test_the_regulations_column_lists_the_units_register(client, catalogs, editor_a, reviewer_a):
    body = IssuingBody.objects.create(organization=catalogs.dept_a, basis="制发主体清单")
    item = publish(
        make_item(
            catalogs.dept_a, actor=editor_a, title="临沂市发展和改革委员会价格监督检查办法", genre="办法"
        ),
        editor_a,
        reviewer_a,
    )
    policy.register(
        actor=reviewer_a,
        item=item,
        issuing_body=body,
        review_unit="临沂市司法局",
        reviewed_on=dt.date(2024, 2, 20),
    )
    page = client.get(column(catalogs.dept_a, "a20-01").get_absolute_url()).text
    assert "本栏目暂无信息" not in page
    assert f'<a href="{item.get_absolute_url()}">临沂市发展和改革委员会价格监督检查办法</a>' in page
    assert "行政规范性文件 · 临发改〔2024〕12号 · 有效" in page
    other = client.get(column(catalogs.dept_b, "a20-01").get_absolute_url()).text
    assert "价格监督检查办法" not in other


def test_the_annual_report_column_lists_the_units_published_reports(client, catalogs):
    AnnualReport.objects.create(
        unit=catalogs.dept_a, year=2024, status="published", published_at=timezone.now()
    )
    AnnualReport.objects.create(unit=catalogs.dept_a, year=2025)  # a draft stays out
    page = client.get(column(catalogs.dept_a, "xxgk-annual").get_absolute_url()).text
    assert "临沂市发展和改革委员会2024年政府信息公开工作年度报告" in page
    assert f'href="/reports/{catalogs.dept_a.pk}/2024/"' in page
    assert "2025年政府信息公开工作年度报告" not in page


def test_the_proposals_column_lists_replies_the_unit_led_or_helped_with(client, catalogs):
    def proposal(number, lead, status="replied"):
        return Proposal.objects.create(
            kind="npc", year=2026, number=number, title=f"关于{number}的建议", authors="王某某", lead_unit=lead,
            assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20), status=status,
            replied_on=dt.date(2026, 5, 1) if status == "replied" else None, reply="答复全文",
        )  # fmt: skip

    proposal("第1号", catalogs.dept_a)
    helped = proposal("第2号", catalogs.dept_b)
    helped.co_units.add(catalogs.dept_a)
    proposal("第3号", catalogs.dept_a, status="assigned")
    page = client.get(column(catalogs.dept_a, "ka-proposals").get_absolute_url()).text
    assert "关于第1号的建议" in page and "人大代表建议 · 主办" in page
    assert "关于第2号的建议" in page and "人大代表建议 · 协办" in page
    assert "关于第3号的建议" not in page  # not yet answered
