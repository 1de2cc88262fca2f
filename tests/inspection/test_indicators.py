"""Each veto indicator the platform computes (spec §4.1) trips on records arranged for it, shows its value and
the records behind it, warns ahead, and clears once the records are put right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.inspection import builtin, services
from gongkai.inspection.indicators import Status
from gongkai.interaction.models import ChannelKind
from gongkai.interaction.models import Status as MessageStatus
from gongkai.supervision.models import UpdateCategory

from .conftest import channel, column, message, news_block, published

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def by_code(site) -> dict:
    return {r.code: r for r in services.inspect(site, today())}


# -- home page ------------------------------------------------------------------------------------------


def test_the_home_page_fails_after_two_weeks_without_news_warns_at_ten_days_and_clears(site, tree):
    news = column(tree.city, "news", "要闻", UpdateCategory.NEWS)
    news_block(site, "news")
    published(tree.city, "旧闻", days_ago=15, columns=[news])
    published(tree.dept_a, "部门信息（首页不显示）", days_ago=1)  # not in the home page's news column

    outcome = builtin.home_stale(site, today())
    assert outcome.status == Status.RED and outcome.value == 15
    assert outcome.items[0].label == "旧闻" and "15天前" in outcome.items[0].detail
    assert outcome.items[0].unit_id == tree.city.pk

    published(tree.city, "十天前的新闻", days_ago=10, columns=[news])
    assert builtin.home_stale(site, today()).status == Status.AMBER

    published(tree.city, "今日要闻", days_ago=0, columns=[news])
    cleared = builtin.home_stale(site, today())
    assert cleared.status == Status.GREEN and cleared.value == 0 and cleared.items == []


def test_a_home_page_with_the_latest_block_counts_any_item_of_the_site_but_not_a_nested_sites(site, tree):
    from gongkai.sites import resolve
    from gongkai.sites.models import HomeBlock, Site

    HomeBlock.objects.create(site=site, kind="latest")
    published(tree.dept_a, "部门信息", days_ago=3)
    published(tree.county, "兰山区的信息", days_ago=0)
    assert builtin.home_stale(site, today()).value == 0  # no county portal yet: the county is the city site's

    Site.objects.create(root=tree.county, name="临沂市兰山区人民政府")
    resolve.clear()
    assert builtin.home_stale(site, today()).value == 3  # its own portal now: its items are not the city's


# -- columns --------------------------------------------------------------------------------------------


def test_five_stale_news_or_notice_columns_fail_and_four_only_warn(site, tree):
    columns = [column(tree.dept_a, f"dt{i}", f"工作动态{i}", UpdateCategory.NEWS) for i in range(4)]
    notices = column(tree.dept_a, "tzgg", "通知公告", UpdateCategory.NOTICE)
    for c in columns:
        published(tree.dept_a, "动态", days_ago=20, columns=[c])
    published(tree.dept_a, "公告", days_ago=200, columns=[notices])  # older than 6 months

    outcome = builtin.column_freshness(site, today())
    assert outcome.status == Status.RED
    assert outcome.value.startswith("未按期更新5个")
    stale = [e for e in outcome.items if e.status == Status.RED]
    assert {e.label for e in stale} == {f"工作动态{i}（市发展改革委）" for i in range(4)} | {
        "通知公告（市发展改革委）"
    }
    assert all(e.unit_id == tree.dept_a.pk for e in stale)
    assert "200天前" in next(e.detail for e in stale if e.label.startswith("通知公告"))

    published(tree.dept_a, "新公告", days_ago=1, columns=[notices])
    fixed = builtin.column_freshness(site, today())
    assert fixed.status == Status.AMBER  # four stale columns: below the veto, still listed
    assert fixed.value.startswith("未按期更新4个")


def test_a_column_at_ten_days_of_its_fourteen_is_warned_ahead(site, tree):
    c = column(tree.dept_a, "dt", "工作动态", UpdateCategory.NEWS)
    published(tree.dept_a, "动态", days_ago=9, columns=[c])
    assert builtin.column_freshness(site, today()).status == Status.GREEN  # day 9 of 14
    outcome = builtin.column_freshness(site, today() + dt.timedelta(days=1))  # day 10 of 14
    assert outcome.status == Status.AMBER
    assert [(e.label, e.status) for e in outcome.items] == [("工作动态（市发展改革委）", Status.AMBER)]
    assert "即将到期1个" in outcome.value


def test_an_item_in_a_child_column_keeps_its_parent_fresh(site, tree):
    parent = column(tree.dept_a, "dt", "工作动态", UpdateCategory.NEWS)
    child = column(tree.dept_a, "dt-sub", "部门动态", parent=parent)
    published(tree.dept_a, "动态", days_ago=2, columns=[child])
    assert builtin.column_freshness(site, today()).status == Status.GREEN


def test_five_blank_columns_fail_and_ten_long_stale_configured_columns_fail(site, tree):
    for i in range(5):
        column(tree.dept_b, f"blank{i}", f"空白栏目{i}")
    outcome = builtin.column_freshness(site, today())
    assert outcome.status == Status.RED and "空白5个" in outcome.value
    assert {e.unit_id for e in outcome.items} == {tree.dept_b.pk}

    from gongkai.publishing.models import Column

    for c in Column.objects.filter(code__startswith="blank"):
        published(tree.dept_b, "内容", days_ago=1, columns=[c])
    assert builtin.column_freshness(site, today()).status == Status.GREEN

    others = [column(tree.dept_b, f"o{i}", f"其他栏目{i}", UpdateCategory.OTHER, days=30) for i in range(10)]
    for c in others:
        published(tree.dept_b, "内容", days_ago=45, columns=[c])
    long_stale = builtin.column_freshness(site, today())
    assert long_stale.status == Status.RED and "长期未更新10个" in long_stale.value
    published(tree.dept_b, "补充", days_ago=1, columns=[others[0]])
    assert builtin.column_freshness(site, today()).status == Status.AMBER


def test_the_county_sites_columns_are_not_the_city_sites(site, tree):
    from gongkai.sites.models import Site

    Site.objects.create(root=tree.county, name="兰山区人民政府")
    from gongkai.sites import resolve

    resolve.clear()
    for i in range(5):
        column(tree.county, f"blank{i}", f"空白栏目{i}")
    assert builtin.column_freshness(site, today()).status == Status.GREEN


# -- interaction ----------------------------------------------------------------------------------------


def test_a_message_unanswered_for_three_months_fails_and_clears_once_answered(site, tree):
    chan = channel(tree.city)
    old = message(chan, tree.dept_a, received_days_ago=95)
    message(chan, tree.dept_a, received_days_ago=20)  # recent, still inside its time
    message(chan, tree.dept_a, received_days_ago=120, status=MessageStatus.REJECTED)  # not a valid message

    outcome = builtin.interaction(site, today())
    assert outcome.status == Status.RED and outcome.value == 1
    assert [e.label for e in outcome.items if e.status == Status.RED] == [f"{old.query_code} 供暖不热"]
    assert outcome.items[0].unit_id == tree.dept_a.pk
    assert outcome.items[0].url == f"/manage/messages/{old.pk}/"

    old.status, old.replied_on = MessageStatus.ANSWERED, today()
    old.save()
    after = builtin.interaction(site, today())
    assert after.status == Status.AMBER  # answered, but late: on the year's record
    assert "才答复" in after.items[0].detail


def test_a_message_near_three_months_is_warned_and_one_ignored_for_over_a_year_still_fails(site, tree):
    chan = channel(tree.city)
    message(chan, tree.dept_a, received_days_ago=70)
    outcome = builtin.interaction(site, today())
    assert outcome.status == Status.AMBER and outcome.value == 0
    assert "即将满三个月" in outcome.items[0].detail
    message(chan, tree.dept_a, received_days_ago=400)  # ignoring it longer never clears the veto
    assert builtin.interaction(site, today()).status == Status.RED
    message(chan, tree.dept_b, received_days_ago=500, status=MessageStatus.ANSWERED, replied_days_ago=400)
    assert builtin.interaction(site, today()).value == 1  # answered late, but before the year looked at


def test_a_site_without_a_consultation_channel_fails(site, tree):
    channel(tree.city, kind=ChannelKind.COMPLAINT)  # a complaints channel does not count
    outcome = builtin.interaction(site, today())
    assert outcome.status == Status.RED and outcome.items[0].label == "没有启用的政务咨询渠道"
    channel(tree.city, kind=ChannelKind.MAILBOX)
    assert builtin.interaction(site, today()).status == Status.GREEN


# -- security (manual) ----------------------------------------------------------------------------------


def test_a_manual_finding_fails_security_until_resolved_and_is_audited(site, tree, office):
    from gongkai.core.models import AuditEvent

    incident = services.record_incident(actor=office, site=site, fields={
        "scope": "website", "kind": "wording", "occurred_on": today() - dt.timedelta(days=3),
        "found_by": "省政务公开办", "description": "领导职务表述错误"})  # fmt: skip
    outcome = builtin.incidents_website(site, today())
    assert outcome.status == Status.RED and outcome.value == 1
    assert builtin.incidents_newmedia(site, today()).status == Status.GREEN

    services.resolve_incident(actor=office, incident=incident, resolved_on=today(), resolution="已更正")
    after = builtin.incidents_website(site, today())
    assert after.status == Status.AMBER and after.value == 0
    assert AuditEvent.objects.filter(action__startswith="inspection.incident").count() == 2


def test_a_finding_dated_in_the_future_or_resolved_before_it_happened_is_refused(site, office):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_incident(actor=office, site=site, fields={
            "scope": "website", "kind": "wording", "occurred_on": today() + dt.timedelta(days=1),
            "found_by": "x", "description": "y"})  # fmt: skip
    incident = services.record_incident(actor=office, site=site, fields={
        "scope": "website", "kind": "wording", "occurred_on": today(), "found_by": "x", "description": "y"})  # fmt: skip
    with pytest.raises(ValidationError):
        services.resolve_incident(actor=office, incident=incident, resolved_on=today() - dt.timedelta(days=1),
                                  resolution="已更正")  # fmt: skip
    incident.refresh_from_db()
    assert incident.resolved_on is None
    services.resolve_incident(actor=office, incident=incident, resolved_on=today(), resolution="已更正")
    with pytest.raises(ValidationError):  # resolved once: the record is not rewritten
        services.resolve_incident(actor=office, incident=incident, resolved_on=today(), resolution="改写")
    incident.refresh_from_db()
    assert incident.resolution == "已更正"
