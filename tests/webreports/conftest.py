"""The city's portal (default site, testserver) and 兰山区's (lanshan.localhost) on the shared tree, and
helpers that seed one year of records on them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services as publishing_services
from gongkai.publishing.models import Column, InformationItem, Status
from gongkai.sites.models import Site, SiteHost

YEAR = 2025
COUNTY_HOST = "lanshan.localhost"
_serial = itertools.count(1)


class Portals:
    def __init__(self, tree):
        self.city = Site.objects.create(
            root=tree.city,
            name="临沂市人民政府",
            is_default=True,
            id_code="3713000001",
            icp="鲁ICP备05001234号",
        )
        SiteHost.objects.create(site=self.city, host="testserver", is_primary=True)
        self.county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府")
        SiteHost.objects.create(site=self.county, host=COUNTY_HOST, is_primary=True)


@pytest.fixture
def portals(tree) -> Portals:
    for unit in (tree.city, tree.dept_a, tree.county):
        publishing_services.ensure_catalog(actor=SYSTEM, unit=unit)
    return Portals(tree)


def at(month: int, day: int, year: int = YEAR) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


def column(unit, code: str, name: str = "") -> Column:
    found = Column.objects.filter(unit=unit, code=code).first()
    if found is None:
        found = Column.objects.create(unit=unit, code=code, name=name or code, sort_order=1)
    return found


def item(unit, title: str, *, columns=(), when=None, genre="", status=Status.PUBLISHED) -> InformationItem:
    made = InformationItem.objects.create(
        unit=unit,
        title=f"{title}{next(_serial)}",
        status=status,
        genre=genre,
        published_at=when or at(5, 10),
        written_on=(when or at(5, 10)).date(),
    )
    if columns:
        made.columns.set(columns)
    return made
