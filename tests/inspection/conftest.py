"""A city site whose records the tests arrange so that each inspection indicator trips, then put right."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from gongkai.interaction.models import Channel, ChannelKind, Message
from gongkai.interaction.models import Status as MessageStatus
from gongkai.publishing.models import Column, ColumnTemplate, InformationItem, Status
from gongkai.sites.models import HomeBlock, Site, SiteHost
from gongkai.supervision.models import FreshnessRule, UpdateCategory

_serial = itertools.count(1)


@pytest.fixture
def site(tree) -> Site:
    site = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=site, host="testserver", is_primary=True)
    return site


def template(code: str, category: str | None, days: int | None = None) -> ColumnTemplate:
    found, _ = ColumnTemplate.objects.get_or_create(code=code, defaults={"name": code})
    if category:
        FreshnessRule.objects.update_or_create(template=found, defaults={"category": category, "days": days})
    return found


def column(
    unit, code: str, name: str, category: str | None = None, days: int | None = None, parent=None
) -> Column:
    tpl = template(f"t-{code}", category, days) if category else None
    return Column.objects.create(unit=unit, code=code, name=name, template=tpl, parent=parent)


def published(unit, title: str, *, days_ago: int, columns=()) -> InformationItem:
    item = InformationItem.objects.create(
        unit=unit, title=title, status=Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        written_on=timezone.localdate() - dt.timedelta(days=days_ago + 3),
    )  # fmt: skip
    if columns:
        item.columns.set(columns)
    return item


def channel(unit, kind=ChannelKind.CONSULTATION) -> Channel:
    return Channel.objects.create(code=f"c{next(_serial)}", name="咨询", kind=kind, unit=unit)


def message(
    chan: Channel, unit, *, received_days_ago: int, status=MessageStatus.ACCEPTED, replied_days_ago=None
):
    received = timezone.localdate() - dt.timedelta(days=received_days_ago)
    return Message.objects.create(
        query_code=f"Q{next(_serial):08d}", channel=chan, unit=unit, subject="供暖不热", body="小区供暖温度不达标。",
        name="张三", phone="13800000000", received_on=received, due_on=received + dt.timedelta(days=7),
        status=status, replied_on=(timezone.localdate() - dt.timedelta(days=replied_days_ago))
        if replied_days_ago is not None else None,
    )  # fmt: skip


def news_block(site, source: str) -> HomeBlock:
    return HomeBlock.objects.create(site=site, kind="news", source=source, sort_order=1)


__all__ = ["UpdateCategory", "channel", "column", "message", "news_block", "published"]
