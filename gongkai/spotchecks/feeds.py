"""RSS of 双随机、一公开 on the portal's units: each plan's public steps as entries, newest first: the plan and
its commitment published, the draw made (with the seed), the results published."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.sites.scope import scoped

from .models import Plan

FEED_SIZE = 30


@dataclass(frozen=True)
class Step:
    plan: Plan
    step: str  # committed | drawn | published
    at: object

    def title(self) -> str:
        labels = {"committed": _("公布抽查计划"), "drawn": _("完成随机抽取"), "published": _("公示抽查结果")}
        return f"{labels[self.step]}：{self.plan.title}"

    def description(self) -> str:
        if self.step == "committed":
            return _("候选检查对象%(e)d户，抽取%(n)d户；随机种子承诺值（SHA-256）：%(c)s") % {
                "e": len(self.plan.pool_entities), "n": self.plan.entity_count, "c": self.plan.commitment}  # fmt: skip
        if self.step == "drawn":
            return _("随机种子：%(s)s") % {"s": self.plan.seed}
        return _("抽查结果已公示，共%(n)d户。") % {"n": self.plan.entity_count}


class PlansRss(Feed):
    title = gettext_lazy("双随机、一公开")
    description = gettext_lazy("抽查计划公布、随机抽取和抽查结果公示")

    def get_object(self, request, *args, **kwargs):
        return request

    def link(self):
        return reverse("spotchecks:index")

    def items(self, request):
        plans = scoped(request, Plan.objects.public()).select_related("unit")
        plans = plans.order_by("-committed_at", "-pk")[:FEED_SIZE]
        steps = []
        for plan in plans:
            steps.append(Step(plan, "committed", plan.committed_at))
            if plan.is_drawn:
                steps.append(Step(plan, "drawn", plan.drawn_at))
            if plan.results_published_at:
                steps.append(Step(plan, "published", plan.results_published_at))
        return sorted(steps, key=lambda s: s.at, reverse=True)[:FEED_SIZE]

    def item_title(self, item: Step):
        return item.title()

    def item_description(self, item: Step):
        return item.description()

    def item_link(self, item: Step):
        return item.plan.get_absolute_url()

    def item_guid(self, item: Step):
        return f"{item.plan.get_absolute_url()}#{item.step}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Step):
        return item.at

    def item_author_name(self, item: Step):
        return item.plan.unit.name
