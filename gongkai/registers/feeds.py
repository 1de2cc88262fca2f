"""RSS feeds of the registers: the decisions of each register as they are published (within their public
period, on the request's site), and the power list's adjustments."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone

from gongkai.sites.scope import scoped

from .models import Decision, PowerChange
from .views import DECISION_PAGES

FEED_SIZE = 30


def _at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


class DecisionFeed(Feed):
    def get_object(self, request, slug: str):
        if slug not in DECISION_PAGES:
            raise Http404
        self.request = request
        return slug

    def title(self, slug):
        return str(DECISION_PAGES[slug][1])

    def link(self, slug):
        return f"/registers/{slug}/"

    def description(self, slug):
        return str(DECISION_PAGES[slug][1])

    def items(self, slug):
        kind = DECISION_PAGES[slug][0]
        found = Decision.objects.public(timezone.localdate()).filter(kind=kind).select_related("unit")
        return scoped(self.request, found).order_by("-published_on", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.subject_name}：{item.title}"

    def item_description(self, item):
        return f"{item.doc_number} {item.category} {item.decided_on.isoformat()}"

    def item_pubdate(self, item):
        return _at(item.published_on)

    def item_author_name(self, item):
        return item.unit.name


class PowerChangeFeed(Feed):
    title = "权责清单调整"
    link = "/registers/powers/"
    description = "权责事项的新增、调整和取消。"

    def get_object(self, request):
        self.request = request
        return None

    def items(self):
        found = PowerChange.objects.select_related("item__unit")
        return scoped(self.request, found, "item__unit").order_by("-changed_on", "-pk")[:FEED_SIZE]

    def item_title(self, change):
        return f"{change.get_kind_display()}：{change.item.name}"

    def item_description(self, change):
        return f"{change.get_reason_display()} {change.note}".strip()

    def item_link(self, change):
        return change.item.get_absolute_url()

    def item_guid(self, change):
        return f"power-change-{change.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return _at(change.changed_on)
