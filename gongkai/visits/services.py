"""Writing visit statistics: a hit from the beacon, and the roll-up of past days into daily aggregates.

A hit is a count, not a change of the platform's records: it is not audited (an audit record per page view
would flood the log and move the content version, emptying the page cache, on every view). The roll-up is
audited once per day it closes, with the counts only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from gongkai.core import audit
from gongkai.publishing.models import Column, InformationItem

from . import counting
from .models import DailyPageViews, DailyVisits, Hit, PageKind


def _exists_on_site(site, beacon: counting.Beacon) -> bool:
    if beacon.kind == PageKind.ITEM:
        found = InformationItem.objects.published()
    elif beacon.kind == PageKind.COLUMN:
        found = Column.objects.filter(is_active=True)
    else:
        return True
    return found.filter(site.unit_q("unit"), pk=beacon.object_id).exists()


def record_hit(
    *, site, beacon: counting.Beacon, ip: str, user_agent: str, now: dt.datetime | None = None
) -> bool:
    """Count one view of ``beacon``'s page on ``site`` by the visitor at ``ip`` with ``user_agent``; true if
    counted. Not counted: another site's beacon, a robot, a page that is not (or no longer) public on the
    site, a visitor past the day's limit. Only the visitor's salted daily hash is written."""
    if getattr(site, "pk", None) is None or beacon.site_id != site.pk:
        return False
    if counting.is_robot(user_agent):
        return False
    if not _exists_on_site(site, beacon):
        return False
    day = timezone.localdate(now)
    who = counting.visitor(day, ip or "", user_agent)
    if not counting.within_daily_limit(day, who):
        return False
    Hit.objects.create(site=site, day=day, kind=beacon.kind, object_id=beacon.object_id, visitor=who)
    return True


@dataclass
class RollUp:
    days: list[dt.date] = field(default_factory=list)
    hits: int = 0


def _add(model, keys: dict, views: int, visitors: int) -> None:
    """Add to the day's aggregate (a second roll-up of a day only sees hits that arrived after the first)."""
    changed = model.objects.filter(**keys).update(views=F("views") + views, visitors=F("visitors") + visitors)
    if not changed:
        model.objects.create(**keys, views=views, visitors=visitors)


@transaction.atomic(durable=True)
def _roll_up_day(*, actor, day: dt.date) -> int:
    token = uuid.uuid4().hex
    # The claim: a second roll-up running at the same time finds these rows taken and counts none twice.
    claimed = Hit.objects.filter(day=day, batch="").update(batch=token)
    if not claimed:
        return 0
    hits = Hit.objects.filter(batch=token).order_by()
    for row in hits.values("site_id").annotate(views=Count("id"), visitors=Count("visitor", distinct=True)):
        _add(DailyVisits, {"site_id": row["site_id"], "day": day}, row["views"], row["visitors"])
    pages = hits.values("site_id", "kind", "object_id").annotate(
        views=Count("id"), visitors=Count("visitor", distinct=True)
    )
    for row in pages:
        keys = {"site_id": row["site_id"], "day": day, "kind": row["kind"], "object_id": row["object_id"]}
        _add(DailyPageViews, keys, row["views"], row["visitors"])
    hits.delete()
    audit.record(
        actor=actor,
        action="visits.day.rolled_up",
        object_repr=f"访问统计 {day.isoformat()}",
        changes={"day": day.isoformat(), "views": claimed},
    )
    return claimed


def pending_days(today: dt.date | None = None) -> list[dt.date]:
    """The days before ``today`` that still have hits to roll up."""
    today = today or timezone.localdate()
    return sorted(set(Hit.objects.filter(day__lt=today, batch="").order_by().values_list("day", flat=True)))


def roll_up(*, actor, today: dt.date | None = None) -> RollUp:
    """Close every day before ``today`` (Beijing time) that still has hits: aggregate them into
    :class:`DailyVisits` and :class:`DailyPageViews`, delete them and forget the day's salt. Idempotent;
    today's hits stay until tomorrow (their visitors are still being counted)."""
    result = RollUp()
    for day in pending_days(today):
        counted = _roll_up_day(actor=actor, day=day)
        counting.forget_salt(day)
        if counted:
            result.days.append(day)
            result.hits += counted
    return result
