"""The evidence panel: what a unit actually published for a task in a period, and which columns are stale by
the inspection rule (spec §4.1 VETO_COLUMNS_STALE: 动态/要闻 2 weeks, 通知公告/政策文件 6 months)."""

import datetime as dt

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services as publishing
from gongkai.publishing.models import ColumnTemplate
from gongkai.supervision import evidence
from gongkai.supervision.models import FreshnessRule, UpdateCategory
from tests.supervision.conftest import published, staff


@pytest.mark.parametrize(
    ("category", "days", "as_of", "limit"),
    [
        (UpdateCategory.NEWS, None, dt.date(2019, 10, 15), dt.date(2019, 10, 1)),
        (UpdateCategory.POLICY, None, dt.date(2019, 10, 15), dt.date(2019, 4, 15)),
        (UpdateCategory.NOTICE, None, dt.date(2019, 8, 31), dt.date(2019, 2, 28)),  # no 31 February
        (UpdateCategory.NOTICE, None, dt.date(2020, 8, 31), dt.date(2020, 2, 29)),
        (UpdateCategory.POLICY, None, dt.date(2020, 3, 10), dt.date(2019, 9, 10)),
        (UpdateCategory.OTHER, 31, dt.date(2019, 10, 31), dt.date(2019, 9, 30)),
        (UpdateCategory.OTHER, None, dt.date(2019, 10, 31), None),
    ],
)
def test_how_long_a_column_may_go_without_an_update(category, days, as_of, limit):
    assert evidence.cutoff(category, days, as_of) == limit


def test_stale_means_nothing_since_the_limit():
    limit = dt.date(2019, 10, 1)
    assert evidence.is_stale(None, limit)  # a blank column
    assert evidence.is_stale(dt.date(2019, 9, 30), limit)
    assert not evidence.is_stale(dt.date(2019, 10, 1), limit)  # two weeks ago to the day still counts
    assert not evidence.is_stale(None, None)  # no requirement


def test_the_panel_shows_what_the_unit_published_in_the_period(seed_plan):
    task = seed_plan.tasks.get(order=11)  # 双随机、一公开: key area and its column
    market = task.assignments.get(unit__short_name="市市场监管局").unit
    finance = task.assignments.get(unit__short_name="市发展改革委").unit
    published(market, dt.date(2019, 6, 20), "2019年抽查事项清单", area="random-inspection",
              column_codes=["ka-random-inspection"])  # fmt: skip
    plan_item = published(market, dt.date(2019, 7, 12), "2019年度抽查计划", area="random-inspection",
                          column_codes=["ka-random-inspection"])  # fmt: skip
    result = published(market, dt.date(2019, 9, 27), "第三季度抽查结果", area="random-inspection",
                       column_codes=["ka-random-inspection"])  # fmt: skip
    published(market, dt.date(2019, 8, 1), "与本任务无关的通知", column_codes=["policy"])
    published(finance, dt.date(2019, 8, 1), "发改委的抽查结果", area="random-inspection",
              column_codes=["ka-random-inspection"])  # fmt: skip
    later = published(
        market, dt.date(2019, 9, 28), "撤回的信息", area="random-inspection", column_codes=["policy"]
    )
    publishing.withdraw_item(actor=staff("admin"), item=later, reason="误发")

    found = evidence.for_unit(
        task, market, dt.date(2019, 7, 1), dt.date(2019, 9, 30), today=dt.date(2020, 1, 5)
    )
    (area,) = found["areas"]
    assert (area.name, area.count, area.last) == ("“双随机、一公开”监管", 2, dt.date(2019, 9, 27))
    assert area.items == [result, plan_item]  # newest first, links on the panel
    (column,) = found["columns"]
    assert (column.name, column.count, column.last, column.stale, column.blank) == (
        "“双随机、一公开”监管", 2, dt.date(2019, 9, 27), False, False)  # fmt: skip
    assert column.url.endswith(f"/columns/{market.columns.get(code='ka-random-inspection').pk}/")

    # "按月公开": with a 31-day rule the column is stale at the end of the next quarter
    task.stale_after_days = 31
    task.save()
    q4 = evidence.for_unit(
        task, market, dt.date(2019, 10, 1), dt.date(2019, 12, 31), today=dt.date(2020, 1, 5)
    )
    assert q4["columns"][0].count == 0 and q4["columns"][0].stale and q4["flags"] == 1
    # while the period runs, staleness is judged today
    running = evidence.for_unit(
        task, market, dt.date(2019, 10, 1), dt.date(2019, 12, 31), today=dt.date(2019, 10, 20)
    )
    assert not running["columns"][0].stale and running["as_of"] == dt.date(2019, 10, 20)
    # a unit that published nothing has a blank column
    county = task.assignments.filter(unit__short_name="兰山区").get().unit
    publishing.ensure_catalog(actor=SYSTEM, unit=county)
    blank = evidence.for_unit(task, county, dt.date(2019, 7, 1), dt.date(2019, 9, 30))
    assert blank["areas"][0].count == 0 and blank["columns"][0].blank and blank["columns"][0].stale


def test_column_freshness_counts_the_columns_with_an_update_requirement(linyi):
    unit = linyi.children.get(short_name="市财政局")
    assert (
        FreshnessRule.objects.get(template__code="policy").category == UpdateCategory.POLICY
    )  # by migration
    FreshnessRule.objects.create(template=ColumnTemplate.objects.get(code="interpretation"),
                                 category=UpdateCategory.OTHER, days=90)  # fmt: skip
    published(unit, dt.date(2019, 5, 10), "预算管理办法", column_codes=["policy"])
    published(unit, dt.date(2019, 6, 1), "预算管理办法解读", column_codes=["interpretation"])
    assert evidence.column_freshness(unit, dt.date(2019, 8, 1)) == (2, 2, [])
    fresh, required, stale = evidence.column_freshness(unit, dt.date(2019, 11, 1))  # 解读 5 months old
    assert (fresh, required, stale) == (1, 2, ["政策解读"])
    assert evidence.column_freshness(unit, dt.date(2019, 11, 11))[2] == [
        "政策文件",
        "政策解读",
    ]  # catalog order
