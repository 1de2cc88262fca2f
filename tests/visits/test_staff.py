"""访问统计 for staff: the office's page (totals, months, days, top items and columns, CSV/XLSX) and the staff
API, each scoped to the sites in the office's subtree; bad dates refused in Chinese, never a 500."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from gongkai.visits.models import DailyPageViews, DailyVisits
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(portals, pages):
    city, county = portals.city, portals.county
    for n, day in enumerate([dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1)], start=1):
        DailyVisits.objects.create(site=city, day=day, views=100 * n, visitors=10 * n)
        DailyPageViews.objects.create(site=city, day=day, kind="item", object_id=pages["item"].pk, views=20 * n,
                                      visitors=5 * n)  # fmt: skip
        DailyPageViews.objects.create(site=city, day=day, kind="item", object_id=pages["other_item"].pk, views=7,
                                      visitors=3)  # fmt: skip
        DailyPageViews.objects.create(site=city, day=day, kind="column", object_id=pages["column"].pk, views=9,
                                      visitors=4)  # fmt: skip
    DailyVisits.objects.create(site=county, day=dt.date(2026, 3, 1), views=5555, visitors=555)
    return portals


RANGE = "start=2026-02-01&end=2026-03-31"


def test_the_office_sees_totals_months_days_and_top_pages(figures, office):
    page = logged_in(office).get(f"/manage/visits/?site={figures.city.pk}&{RANGE}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "600" in text and "60" in text  # 100+200+300 views, 10+20+30 visitors
    assert "2026年2月" in text and "2026年3月" in text
    assert text.index("关于开展2026年春季植树活动的通知") < text.index("市发展改革委2026年工作要点")
    assert "要闻" in text
    assert "5555" not in text


def test_the_days_download_as_csv_with_a_total(figures, office):
    response = logged_in(office).get(f"/manage/visits/days.csv?site={figures.city.pk}&{RANGE}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["日期", "浏览量", "访客数"]
    assert rows[1] == ["2026-02-27", "100", "10"]
    assert rows[-1] == ["合计", "600", "60"]
    assert (
        logged_in(office).get(f"/manage/visits/days.xlsx?site={figures.city.pk}&{RANGE}").status_code == 200
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-03-05&end=2026-03-01", "结束日期不能早于开始日期。"),
        ("start=2020-01-01&end=2026-03-01", "一次最多查询"),
        ("start=2026-13-45", "请按“2026-01-31”的格式填写日期。"),
        ("start=1999-12-31&end=2000-01-05", "日期不能早于2000年1月1日。"),
    ],
)
def test_bad_dates_are_refused_in_chinese(figures, office, query, message):
    page = logged_in(office).get(f"/manage/visits/?site={figures.city.pk}&{query}")
    assert page.status_code == 200
    assert message in page.content.decode()


def test_a_county_office_sees_only_its_own_site(figures, county_office):
    client = logged_in(county_office)
    own = client.get("/manage/visits/?start=2026-03-01&end=2026-03-01").content.decode()
    assert "5555" in own
    other = client.get(f"/manage/visits/?site={figures.city.pk}&{RANGE}").content.decode()
    assert "请选择您可以查看的网站。" in other and "600" not in other


def test_an_editor_may_not_see_visit_statistics(figures, editor_a):
    assert logged_in(editor_a).get("/manage/visits/").status_code == 403
    assert api_client(editor_a).get("/api/v1/staff/visits").status_code == 403


def test_the_api_gives_daily_rows_and_totals(figures, office):
    response = api_client(office).get(f"/api/v1/staff/visits?site={figures.city.pk}&{RANGE}")
    assert response.status_code == 200
    body = response.json()
    assert body["site"] == figures.city.pk and body["start"] == "2026-02-01" and body["end"] == "2026-03-31"
    assert body["days"][0] == {"day": "2026-02-27", "views": 100, "visitors": 10}
    assert body["totals"] == {"views": 600, "visitors": 60}


def test_the_api_gives_the_top_items_and_columns(figures, office, pages):
    client = api_client(office)
    items = client.get(f"/api/v1/staff/visits/top?site={figures.city.pk}&{RANGE}&kind=item").json()
    assert [(t["object_id"], t["views"], t["visitors"]) for t in items] == [
        (pages["item"].pk, 120, 30),
        (pages["other_item"].pk, 21, 9),
    ]
    assert items[0]["title"] == "关于开展2026年春季植树活动的通知" and items[0]["url"].endswith(
        f"/items/{pages['item'].pk}/"
    )
    columns = client.get(f"/api/v1/staff/visits/top?site={figures.city.pk}&{RANGE}&kind=column").json()
    assert columns[0]["title"] == "要闻" and columns[0]["views"] == 27


def test_the_api_refuses_bad_input_with_the_envelope(figures, office, county_office):
    client = api_client(office)
    wrong_order = client.get(f"/api/v1/staff/visits?site={figures.city.pk}&start=2026-03-05&end=2026-03-01")
    assert wrong_order.status_code == 422
    assert wrong_order.json()["error"]["fields"] == {"end": "结束日期不能早于开始日期。"}
    assert client.get("/api/v1/staff/visits?start=2026-02-30").status_code == 422
    assert client.get("/api/v1/staff/visits/top?kind=banner").status_code == 422
    assert client.get(f"/api/v1/staff/visits?site={2**40}").status_code == 404
    other = api_client(county_office).get(f"/api/v1/staff/visits?site={figures.city.pk}")
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/staff/visits").json()["site"] == figures.city.pk  # the first of the office's
