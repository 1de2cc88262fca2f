"""The roll-up closes past days (once, audited, idempotent), the tag puts the right beacon on each kind of
page, and the figures reach the 热门信息 block, the annual report and the public notice."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import resolve
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.sites.models import HomeBlock
from gongkai.visits import demo, services
from gongkai.visits.models import DailyPageViews, DailyVisits, Hit
from gongkai.webreports import figures
from tests.sites.conftest import arrange

from .conftest import COUNTY_HOST, browser

pytestmark = pytest.mark.django_db


def _hits(site, day: dt.date, kind="home", object_id=0, visitors=("a", "b")):
    for v in visitors:
        Hit.objects.create(site=site, day=day, kind=kind, object_id=object_id, visitor=v.ljust(16, "0"))


def test_the_command_rolls_up_past_days_once_and_keeps_today(portals):
    today = timezone.localdate()
    _hits(portals.city, today - dt.timedelta(days=2), visitors=("a", "a", "b"))
    _hits(portals.city, today - dt.timedelta(days=1), visitors=("c",))
    _hits(portals.county, today - dt.timedelta(days=1), visitors=("c", "d"))
    _hits(portals.city, today, visitors=("e",))
    call_command("roll_up_visits", "--dry-run")
    assert Hit.objects.count() == 7
    call_command("roll_up_visits")
    rows = set(DailyVisits.objects.values_list("site", "day", "views", "visitors"))
    assert rows == {
        (portals.city.pk, today - dt.timedelta(days=2), 3, 2),
        (portals.city.pk, today - dt.timedelta(days=1), 1, 1),
        (portals.county.pk, today - dt.timedelta(days=1), 2, 2),
    }
    assert list(Hit.objects.values_list("day", flat=True)) == [today]
    events = AuditEvent.objects.filter(action="visits.day.rolled_up")
    assert events.count() == 2 and events.first().actor_name == "系统（roll_up_visits）"
    call_command("roll_up_visits")  # again: nothing more
    assert DailyVisits.objects.count() == 3 and events.count() == 2


def test_hits_arriving_after_their_day_was_closed_are_added(portals):
    day = dt.date(2026, 3, 10)
    _hits(portals.city, day, visitors=("a",))
    services.roll_up(actor=system("test"), today=day + dt.timedelta(days=1))
    _hits(portals.city, day, visitors=("b",))
    services.roll_up(actor=system("test"), today=day + dt.timedelta(days=1))
    assert DailyVisits.objects.values_list("views", "visitors").get() == (2, 2)


def _beacon_on(path: str, site) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.site = site
    return render_to_string("visits/beacon.html", {"request": request, "site": site})


def test_the_beacon_tag_names_the_page_kind_and_object(portals, pages):
    city = portals.city
    item, column = pages["item"], pages["column"]
    assert f'src="/visits/p.gif?s={city.pk}&amp;k=home"' in _beacon_on("/", city)
    assert f"k=item&amp;i={item.pk}" in _beacon_on(f"/xxgk/items/{item.pk}/", city)
    assert f"k=column&amp;i={column.pk}" in _beacon_on(f"/xxgk/{column.unit_id}/columns/{column.pk}/", city)
    other = _beacon_on("/organizations/", city)
    assert "k=other" in other and "&amp;i=" not in other
    assert 'alt=""' in other and " hidden" in other


def test_the_tag_beacon_counts_when_fetched(portals, pages):
    html = _beacon_on(f"/xxgk/items/{pages['item'].pk}/", portals.city)
    src = re.search(r'src="([^"]+)"', html).group(1).replace("&amp;", "&")
    browser().get(src)
    assert Hit.objects.get().object_id == pages["item"].pk


def test_the_popular_block_lists_the_sites_most_viewed_items_of_the_last_30_days(portals, pages, tree):
    from tests.sites.conftest import published

    today = timezone.localdate()
    recent = today - dt.timedelta(days=3)
    old = today - dt.timedelta(days=45)
    third = published(tree.city, "临沂市2026年政府工作报告")
    for item, views, day in [
        (pages["item"], 50, recent),
        (pages["other_item"], 80, recent),
        (third, 10, recent),
        (third, 500, old),  # outside the 30 days
        (pages["county_item"], 900, recent),  # the county's site
    ]:
        DailyPageViews.objects.create(
            site=portals.city, day=day, kind="item", object_id=item.pk, views=views, visitors=1
        )
    arrange(portals.city, ("popular", ""))
    HomeBlock.objects.filter(kind="popular").update(count=2)
    page = Client().get("/").content.decode()
    assert "热门信息" in page
    block = page[page.index("热门信息") :]
    assert block.index("市发展改革委2026年工作要点") < block.index("关于开展2026年春季植树活动的通知")
    assert "临沂市2026年政府工作报告" not in block and "兰山区2026年重点项目清单" not in block
    assert "浏览80次" in block


def test_the_popular_block_is_left_out_without_figures(portals):
    arrange(portals.city, ("popular", ""))
    assert "热门信息" not in Client().get("/").content.decode()


def test_the_annual_report_gets_the_years_views_and_summed_daily_visitors(portals):
    DailyVisits.objects.create(site=portals.city, day=dt.date(2025, 1, 1), views=100, visitors=40)
    DailyVisits.objects.create(site=portals.city, day=dt.date(2025, 12, 31), views=50, visitors=30)
    DailyVisits.objects.create(site=portals.city, day=dt.date(2026, 1, 1), views=7, visitors=7)
    DailyVisits.objects.create(site=portals.county, day=dt.date(2025, 6, 1), views=9, visitors=9)
    found = figures.collect(portals.city, 2025)
    assert (found["views"], found["visitors"]) == (150, 70)


def test_the_public_notice_shows_its_own_sites_months(portals):
    DailyVisits.objects.create(site=portals.city, day=dt.date(2026, 1, 5), views=1234, visitors=567)
    DailyVisits.objects.create(site=portals.city, day=dt.date(2026, 1, 6), views=1000, visitors=400)
    DailyVisits.objects.create(site=portals.county, day=dt.date(2026, 1, 5), views=4321, visitors=765)
    page = Client().get("/visits/").content.decode()
    assert "访问统计说明" in page and "不设置Cookie" in page
    assert "2026年1月" in page and "2234" in page and "967" in page and "4321" not in page
    county = Client(HTTP_HOST=COUNTY_HOST).get("/visits/").content.decode()
    assert "4321" in county and "2234" not in county


def test_the_demo_fills_2025_and_this_year_deterministically_and_again_changes_nothing(portals, pages):
    with time_machine.travel(dt.datetime(2026, 6, 30, 4, tzinfo=dt.UTC), tick=False):
        demo.load(None)
        first = list(
            DailyVisits.objects.order_by("site", "day").values_list("site", "day", "views", "visitors")
        )
        pages_first = DailyPageViews.objects.count()
        demo.load(None)
        assert (
            list(DailyVisits.objects.order_by("site", "day").values_list("site", "day", "views", "visitors"))
            == first
        )
        assert DailyPageViews.objects.count() == pages_first
        assert figures.collect(portals.city, 2025)["views"] > 500_000
        assert DailyVisits.objects.filter(site=portals.city).latest("day").day == dt.date(2026, 6, 29)
        arrange(portals.city, ("popular", ""))
        assert "热门信息" in Client().get("/").content.decode()
    assert len(first) == 2 * (365 + 180)
    DailyVisits.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 6, 30, 4, tzinfo=dt.UTC), tick=False):
        demo.load(None)
    again = list(DailyVisits.objects.order_by("site", "day").values_list("site", "day", "views", "visitors"))
    assert again == first
