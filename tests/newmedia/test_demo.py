"""The demo's accounts: the public page and the API are filled, one account trips the staleness veto, one
closed account's notice is public, the report has 2025 figures, and a second load changes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.inspection import indicators
from gongkai.newmedia import demo as newmedia_demo
from gongkai.newmedia.models import Account, AccountStatus
from gongkai.newmedia.website_report_sources import newmedia as report_figures
from gongkai.sites.models import Site
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_page_trips_the_veto_and_shows_a_closing_notice(demo, client):
    assert Account.objects.count() == 9
    assert Account.objects.filter(status=AccountStatus.SUSPENDED).count() == 1
    page = client.get("/newmedia/").content.decode()
    assert "临沂发布" in page and "关停公告" in page and "临沂卫健微博" in page
    assert "暂无登记" not in page and "0539-8721001" not in page
    assert client.get("/api/v1/newmedia").json()["count"] >= 6
    site = Site.objects.get(is_default=True)
    outcome = indicators.get("NM_VETO_STALE").compute(site, timezone.localdate())
    assert outcome.status == indicators.Status.RED
    assert {e.label for e in outcome.items if e.status == "red"} == {"临沂教育发布（今日头条）"}
    rows = report_figures(site, 2025)["newmedia"]
    assert rows and all(r["posts"] > 0 and r["followers"] for r in rows if r["name"] != "临沂卫健微博")
    assert timezone.localdate() > dt.date(2025, 12, 31)


def test_loading_the_demo_again_changes_nothing(demo):
    before = (AuditEvent.objects.count(), Account.objects.count())
    newmedia_demo.load(None)
    assert (AuditEvent.objects.count(), Account.objects.count()) == before
