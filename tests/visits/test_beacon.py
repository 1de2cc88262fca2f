"""The beacon counts a page view without a cookie, JavaScript or any stored personal data; a visitor is one
per day (a salted hash), a new one the next day; robots and bad parameters count nothing but still get the
gif."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection

from gongkai.core.actors import system
from gongkai.visits import counting, services
from gongkai.visits.models import DailyPageViews, DailyVisits, Hit

from .conftest import COUNTY_HOST, IP, UA, beacon_url, browser

pytestmark = pytest.mark.django_db

DAY_ONE = dt.datetime(2026, 3, 10, 2, tzinfo=dt.UTC)  # 10:00 Beijing time
DAY_TWO = DAY_ONE + dt.timedelta(days=1)


def roll_up(today: dt.date):
    return services.roll_up(actor=system("test"), today=today)


def test_the_beacon_counts_a_view_and_answers_an_uncacheable_gif_without_cookie(pages, portals):
    response = browser().get(beacon_url(portals.city, "item", pages["item"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    hit = Hit.objects.get()
    assert (hit.site, hit.kind, hit.object_id) == (portals.city, "item", pages["item"].pk)
    assert len(hit.visitor) == 16


def test_a_second_view_by_the_same_visitor_the_same_day_is_one_visitor(pages, portals):
    with time_machine.travel(DAY_ONE, tick=False):
        visitor = browser()
        visitor.get(beacon_url(portals.city))
        visitor.get(beacon_url(portals.city, "item", pages["item"].pk))
        visitor.get(beacon_url(portals.city, "item", pages["item"].pk))
        browser(ua=UA + " other").get(beacon_url(portals.city, "item", pages["item"].pk))
    assert roll_up(DAY_TWO.date()).hits == 4
    day = DailyVisits.objects.get(site=portals.city)
    assert (day.day, day.views, day.visitors) == (dt.date(2026, 3, 10), 4, 2)
    item = DailyPageViews.objects.get(kind="item", object_id=pages["item"].pk)
    assert (item.views, item.visitors) == (3, 2)
    home = DailyPageViews.objects.get(kind="home")
    assert (home.views, home.visitors) == (1, 1)


def test_the_next_day_has_a_new_salt_so_the_same_visitor_is_a_new_unlinkable_hash(portals):
    with time_machine.travel(DAY_ONE, tick=False):
        browser().get(beacon_url(portals.city))
        first_salt = counting.salt(DAY_ONE.date())
    with time_machine.travel(DAY_TWO, tick=False):
        browser().get(beacon_url(portals.city))
        assert counting.salt(DAY_TWO.date()) != first_salt
    first, second = Hit.objects.order_by("day").values_list("visitor", flat=True)
    assert first != second
    with time_machine.travel(DAY_TWO, tick=False):
        roll_up(DAY_TWO.date())
    assert cache.get("visits:salt:2026-03-10") is None  # the closed day's salt is gone
    assert list(DailyVisits.objects.values_list("day", "views", "visitors")) == [(dt.date(2026, 3, 10), 1, 1)]
    assert Hit.objects.get().day == dt.date(2026, 3, 11)  # today's stay until tomorrow


def test_the_salt_expires_with_its_day():
    with time_machine.travel(DAY_ONE, tick=False):
        counting.salt(DAY_ONE.date())
        left = counting._seconds_left(DAY_ONE.date())
    assert left == 14 * 3600 + counting.SALT_GRACE  # 10:00 Beijing time: 14 hours to midnight


def test_no_address_or_user_agent_is_stored_in_any_table(pages, portals):
    with time_machine.travel(DAY_ONE, tick=False):
        browser().get(beacon_url(portals.city, "item", pages["item"].pk))
        browser().get(beacon_url(portals.city, "column", pages["column"].pk))
    with time_machine.travel(DAY_TWO, tick=False):
        browser().get(beacon_url(portals.city))
        roll_up(DAY_TWO.date())
    markers = [IP, UA, "unique-marker-q9", "TestBrowser"]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row)
                found.extend((table, m) for m in markers if m in text)
    assert found == []
    assert DailyVisits.objects.exists() and Hit.objects.exists()


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; Baiduspider/2.0)",
        "Sogou web spider/4.0",
        "SomeCrawler/1.0",
        "",
    ],
)
def test_robots_are_not_counted(portals, ua):
    response = browser(ua=ua).get(beacon_url(portals.city))
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert not Hit.objects.exists()


def _bad_queries(portals, pages):
    city = portals.city.pk
    return [
        "",
        "k=home",
        f"s={city}",
        f"s={city}&k=banner",
        f"s={city}&k=home&i=3",
        f"s={city}&k=item",
        f"s={city}&k=item&i=abc",
        f"s={city}&k=item&i=-4",
        f"s={city}&k=item&i=0",
        f"s={city}&k=item&i=99999999999999999999",
        f"s={city}&k=item&i=987654",  # no such item
        f"s={city}&k=item&i={pages['county_item'].pk}",  # the county's item, on the city's site
        f"s={city}&k=home&x=1",
        f"s={city}&s={city}&k=home",
        f"s={portals.county.pk}&k=home",  # another site's beacon on this host
        "s=abc&k=home",
        f"s={city}&k=home&" + "k" * 120,
        "s=%EF%BC%91&k=home",  # a full-width digit
    ]


def test_bad_parameters_count_nothing_but_still_answer_the_gif(portals, pages):
    for query in _bad_queries(portals, pages):
        response = browser().get(f"/visits/p.gif?{query}")
        assert response.status_code == 200, query
        assert response["Content-Type"] == "image/gif", query
        assert response["Cache-Control"] == "no-store", query
    assert not Hit.objects.exists()


def test_an_unpublished_item_and_a_head_request_and_a_prefetch_are_not_counted(portals, pages):
    item = pages["item"]
    item.status = "withdrawn"
    item.save(update_fields=["status"])
    browser().get(beacon_url(portals.city, "item", item.pk))
    assert browser().head(beacon_url(portals.city)).status_code == 200
    browser().get(beacon_url(portals.city), HTTP_SEC_PURPOSE="prefetch")
    assert not Hit.objects.exists()


def test_the_county_site_counts_on_its_own_host(portals, pages):
    browser(host=COUNTY_HOST).get(beacon_url(portals.county, "item", pages["county_item"].pk))
    assert Hit.objects.get().site == portals.county


def test_a_visitor_counts_at_most_the_daily_limit(portals, monkeypatch):
    monkeypatch.setattr(counting, "MAX_VIEWS_PER_VISITOR", 3)
    for _ in range(5):
        browser().get(beacon_url(portals.city))
    browser(ip="198.51.100.2").get(beacon_url(portals.city))
    assert Hit.objects.count() == 4


def test_an_item_view_costs_two_queries_and_the_home_page_one(portals, pages, django_assert_num_queries):
    visitor = browser()
    visitor.get(beacon_url(portals.city))  # the first request of the process reads the sites' directory
    with django_assert_num_queries(2):  # the item is public on the site; the hit
        visitor.get(beacon_url(portals.city, "item", pages["item"].pk))
    with django_assert_num_queries(1):
        visitor.get(beacon_url(portals.city))
