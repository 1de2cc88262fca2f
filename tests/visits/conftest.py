"""Two portals (the city's on testserver, 兰山区's on lanshan.localhost) with published items, and a beacon
client that looks like one browser at one address."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.sites.conftest import COUNTY_HOST, Portals, news_column, portals, published

__all__ = ["COUNTY_HOST", "Portals", "news_column", "portals", "published"]

IP = "203.0.113.77"
UA = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/7.7 unique-marker-q9"


def browser(ip: str = IP, ua: str = UA, host: str = "testserver") -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, HTTP_HOST=host)


def beacon_url(site, kind: str = "home", object_id: int | None = None) -> str:
    url = f"/visits/p.gif?s={site.pk}&k={kind}"
    return url if object_id is None else f"{url}&i={object_id}"


@pytest.fixture
def pages(portals, tree):
    """A news column and two published items on the city's site, one on the county's."""
    column = news_column(tree.city)
    return {
        "column": column,
        "item": published(tree.city, "关于开展2026年春季植树活动的通知", columns=[column]),
        "other_item": published(tree.dept_a, "市发展改革委2026年工作要点"),
        "county_item": published(tree.county, "兰山区2026年重点项目清单"),
    }
