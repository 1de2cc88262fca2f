"""The demo's datasets make every 数据发布 page real: the monthly air quality of the 15 县区 with one month late,
the quarterly drinking-water quality and the state enterprises' figures, with charts, downloads and the API."""

from __future__ import annotations

import pytest

from gongkai.datasets import schedule
from gongkai.datasets.demo import AREAS, load
from gongkai.datasets.models import Dataset, Release
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_datasets_with_releases_and_one_late_month(demo):
    air = Dataset.objects.get(title="全市环境空气质量状况及县区排名")
    assert len(AREAS) == 15
    assert air.releases.count() == 5
    assert len(air.releases.newest_first().first().rows) == 15
    state = schedule.state(air)
    assert len(state.late) == 1
    water = Dataset.objects.get(title="饮用水水源、供水厂出水和用户水龙头水质状况")
    assert water.releases.count() == 4 and water.frequency == "quarterly"
    assert Dataset.objects.filter(unit__short_name="市国资委").get().releases.count() == 3


def test_loading_the_demo_again_changes_nothing(demo):
    before = list(Release.objects.order_by("pk").values_list("pk", "period", "rows"))
    load(None)
    assert list(Release.objects.order_by("pk").values_list("pk", "period", "rows")) == before


def test_the_demo_pages_are_not_empty(demo, client):
    listing = client.get("/datasets/").content.decode()
    assert "临沂市生态环境局" in listing and "逾期未发布1期" in listing
    for dataset in Dataset.objects.all():
        page = client.get(dataset.get_absolute_url())
        assert page.status_code == 200
        assert 'role="img"' in page.content.decode()
        latest = dataset.releases.newest_first().first()
        assert client.get(latest.get_absolute_url()).status_code == 200
        assert client.get(f"{latest.get_absolute_url()}download.xlsx").status_code == 200
    body = client.get("/api/v1/datasets").json()
    assert body["count"] == 3 and sum(item["late"] for item in body["items"]) == 1


def test_a_county_portal_lists_none_of_the_citys_datasets_and_sends_their_pages_to_the_city(demo, client):
    air = Dataset.objects.get(title="全市环境空气质量状况及县区排名")
    county = client.get("/datasets/", HTTP_HOST="lanshan.localhost").content.decode()
    assert "全市环境空气质量状况及县区排名" not in county and "本站暂无定期发布的数据。" in county
    moved = client.get(air.get_absolute_url(), HTTP_HOST="lanshan.localhost")
    assert moved.status_code == 302 and moved["Location"].endswith(f"localhost{air.get_absolute_url()}")
