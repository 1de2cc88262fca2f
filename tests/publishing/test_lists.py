"""Public lists that do not grow with the archive (issue 19): a column lists its newest items down to a
bounded depth and says how to reach older ones; the items API reads on from a keyset cursor."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.utils import timezone

from gongkai.core import paging
from gongkai.publishing import views
from gongkai.publishing.models import InformationItem
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def five(catalogs, editor_a, reviewer_a):
    """Five published items in 发改委's 政策文件 column, one day apart (the newest last)."""
    items = []
    for n in range(5):
        item = publish(make_item(catalogs.dept_a, actor=editor_a, title=f"第{n}号通知"), editor_a, reviewer_a)
        InformationItem.objects.filter(pk=item.pk).update(
            published_at=timezone.now() - dt.timedelta(days=5 - n)
        )
        items.append(InformationItem.objects.get(pk=item.pk))
    return items


def test_a_column_lists_its_items_down_to_a_bounded_depth_then_points_to_search(client, five, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    monkeypatch.setattr(paging, "MAX_PAGES", 3)
    url = column(five[0].unit).get_absolute_url()
    first = client.get(url).text
    assert "第4号通知" in first and "第3号通知" not in first
    assert 'href="?page=2" rel="next"' in first
    assert "第 1 页，列出最近 3 页" in first
    assert "更早的信息请使用" not in first  # the note is on the last page shown
    last = client.get(f"{url}?page=3").text
    assert "第2号通知" in last and 'rel="next"' not in last
    assert "此处仅列出最近的 3 条，更早的信息请使用" in last and 'href="/search/">检索</a>' in last
    # A page beyond the depth (an old link) shows the last page listed, never an error.
    beyond = client.get(f"{url}?page=5")
    assert beyond.status_code == 200 and "第2号通知" in beyond.text


def test_a_column_within_the_depth_keeps_its_page_count_and_no_note(client, five, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    url = column(five[0].unit).get_absolute_url()
    page = client.get(f"{url}?page=3").text
    assert "第 3 页，共 3 页" in page and "第0号通知" in page
    assert "更早的信息请使用" not in page


def test_bounded_paginator_counts_no_further_than_its_depth(five):
    found = InformationItem.objects.published().order_by("-published_at")
    pages = paging.BoundedPaginator(found, 2, max_pages=2)
    assert pages.count == 4 and pages.truncated and pages.num_pages == 2
    whole = paging.BoundedPaginator(found, 2, max_pages=3)
    assert whole.count == 5 and not whole.truncated and whole.num_pages == 3


def test_the_items_api_reads_on_from_a_keyset_cursor(client, five):
    first = client.get("/api/v1/items?page_size=2").json()
    assert [i["title"] for i in first["items"]] == ["第4号通知", "第3号通知"]
    last = first["items"][-1]
    cursor = quote(f"{last['published_at']},{last['id']}")
    after = client.get(f"/api/v1/items?page_size=2&before={cursor}").json()
    assert [i["title"] for i in after["items"]] == ["第2号通知", "第1号通知"]
    assert after["count"] == 3  # what is left after the cursor
    # The same moment, a smaller id: the tie is broken by id, as the list is ordered.
    InformationItem.objects.filter(pk=five[1].pk).update(published_at=five[2].published_at)
    tied = quote(f"{five[2].published_at.isoformat()},{five[2].pk}")
    assert [i["id"] for i in client.get(f"/api/v1/items?before={tied}").json()["items"]] == [
        five[1].pk,
        five[0].pk,
    ]


@pytest.mark.parametrize(
    "cursor", ["yesterday", "2024-05-01T09:30:00", "2024-13-01T00:00:00,1", "2024-05-01,x"]
)
def test_a_malformed_cursor_is_refused_in_chinese(client, five, cursor):
    response = client.get(f"/api/v1/items?before={quote(cursor)}")
    assert response.status_code == 422
    assert "游标 before 的格式应为" in response.json()["error"]["message"]


def test_a_deep_page_is_read_in_two_steps_in_the_lists_order(client, five, monkeypatch):
    """From DEEP_OFFSET on, the keys of the page come first and then the rows by key: the same items in the
    same order as reading the page directly."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.publishing import queries

    found = queries.listed_items()
    direct = [item.pk for item in found[1:4]]
    monkeypatch.setattr(paging, "DEEP_OFFSET", 1)
    with CaptureQueriesContext(connection) as queried:
        deep = [item.pk for item in paging.deep_slice(found, 1, 4)]
    assert deep == direct == [five[3].pk, five[2].pk, five[1].pk]
    assert len(queried) == 2 and "LIMIT 3 OFFSET 1" in queried[0]["sql"]
    assert "OFFSET" not in queried[1]["sql"]
    page = client.get("/api/v1/items?page=2&page_size=2").json()
    assert [i["title"] for i in page["items"]] == ["第2号通知", "第1号通知"] and page["count"] == 5


def test_a_sites_sitemap_pages_hold_its_own_items_each_once(client, five, catalogs, editor_a, monkeypatch):
    """Every page of the items' sitemap read in two steps lists each of the site's items once, newest key
    first, and a county portal's sitemap none of the city's."""
    import re

    from gongkai.publishing.sitemaps import ItemSitemap
    from gongkai.sites.models import Site, SiteHost

    county = Site.objects.create(root=catalogs.county, name="临沂市兰山区人民政府")
    SiteHost.objects.create(site=county, host="lanshan.testserver", is_primary=True)
    city = Site.objects.create(root=catalogs.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=city, host="testserver", is_primary=True)
    monkeypatch.setattr(ItemSitemap, "limit", 2)
    monkeypatch.setattr(paging, "DEEP_OFFSET", 0)
    index = client.get("/sitemap.xml").text
    listed = []
    for page in re.findall(r"<loc>http://testserver(/sitemap-items\.xml[^<]*)</loc>", index):
        listed += [int(pk) for pk in re.findall(r"/xxgk/items/(\d+)/</loc>", client.get(page).text)]
    assert listed == sorted((item.pk for item in five), reverse=True)
    county_items = client.get("/sitemap-items.xml", headers={"host": "lanshan.testserver"}).text
    assert "/xxgk/items/" not in county_items


def test_a_deep_page_of_a_list_filtered_in_python_is_sliced(client, monkeypatch):
    """Some list APIs filter in Python and paginate a list (consultations by state): a deep page of it is an
    empty page, never a server error."""
    assert paging.deep_slice(list(range(10)), 4, 6) == [4, 5]
    monkeypatch.setattr(paging, "DEEP_OFFSET", 0)
    assert paging.deep_slice(list(range(10)), 4, 6) == [4, 5]
    response = client.get("/api/v1/consultations?page=99999&page_size=20")
    assert response.status_code == 200 and response.json()["items"] == []
