"""The city's portal on the shared tree, and accounts registered through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.actors import system
from gongkai.newmedia import services
from gongkai.sites.models import Site, SiteHost

ACTOR = system("test")


@pytest.fixture
def site(tree):
    city = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=city, host="testserver", is_primary=True)
    return city


def account_fields(name="临沂发改", platform="wechat", **extra) -> dict:
    return {
        "platform": platform, "name": name, "account_id": "lyfagai", "responsible_person": "孙强",
        "responsible_phone": "0539-8721101", "opened_on": dt.date(2020, 1, 1), **extra,
    }  # fmt: skip


def make_account(unit, name="临沂发改", platform="wechat", *, updated=None, **extra):
    account = services.save_account(actor=ACTOR, unit=unit, fields=account_fields(name, platform, **extra))
    for day in updated or ():
        services.record_update(actor=ACTOR, account=account, fields={"on": day, "posts": 2})
    account.refresh_from_db()
    return account
