"""Two portals on the shared tree: the city's (testserver) and 兰山区's (lanshan.localhost), and helpers that
put published records on them."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services as publishing_services
from gongkai.publishing.models import Attachment, Column, InformationItem, Status
from gongkai.sites.models import HomeBlock, Site, SiteHost, Theme

COUNTY_HOST = "lanshan.localhost"


class Portals:
    def __init__(self, tree):
        self.tree = tree
        self.city = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
        SiteHost.objects.create(site=self.city, host="testserver", is_primary=True)
        self.county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府", theme=Theme.BLUE)
        SiteHost.objects.create(site=self.county, host=COUNTY_HOST, is_primary=True)


@pytest.fixture
def portals(tree) -> Portals:
    for unit in (tree.city, tree.dept_a, tree.county, tree.street):
        publishing_services.ensure_catalog(actor=SYSTEM, unit=unit)
    return Portals(tree)


def city_client() -> Client:
    return Client()


def county_client() -> Client:
    return Client(HTTP_HOST=COUNTY_HOST)


def news_column(unit, code="news", name="要闻") -> Column:
    column, _ = Column.objects.get_or_create(unit=unit, code=code, defaults={"name": name, "sort_order": 1})
    return column


def published(unit, title, *, columns=(), days_ago=1, key_areas=()) -> InformationItem:
    item = InformationItem.objects.create(
        unit=unit,
        title=title,
        status=Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        written_on=timezone.localdate() - dt.timedelta(days=days_ago + 3),
    )
    if columns:
        item.columns.set(columns)
    if key_areas:
        item.key_areas.set(key_areas)
    return item


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def image_attachment(item, name="图解.png") -> Attachment:
    return Attachment.objects.create(
        item=item,
        file=SimpleUploadedFile(name, PNG, content_type="image/png"),
        name=name,
        kind="png",
        mime="image/png",
        size=len(PNG),
        sha256=hashlib.sha256(PNG).hexdigest(),
    )


def arrange(site, *specs) -> list[HomeBlock]:
    """(kind, source) or (kind, source, title) blocks, in order."""
    out = []
    for n, spec in enumerate(specs, start=1):
        kind, source, *rest = spec
        out.append(
            HomeBlock.objects.create(
                site=site, kind=kind, source=source, title=rest[0] if rest else "", count=6, sort_order=n * 10
            )
        )
    return out
