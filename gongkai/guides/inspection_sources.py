"""The inspection's ``VETO_SERVICE`` (服务不实用, spec §4.1): red when the site publishes no service guide at
all, or when any published guide lacks one of the 8 key elements (事项名称、设定依据、申请条件、办理材料、
办理地点、办理时间、联系电话、办理流程) — one record per such guide, for its unit. The national text gives no
count threshold, so one incomplete guide trips it. No amber: an incomplete guide is wrong the day it is
published. (The third clause, an online system that cannot be used, is the online platform's, not ours.)"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.inspection import indicators

from .models import ServiceGuide

EVIDENCE_LIMIT = 200


def published_on_site(site, day: dt.date):
    """The site's guides published by the end of ``day`` (Beijing time)."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return ServiceGuide.objects.published().filter(site.unit_q("unit"), published_at__lt=end)


def _service(site, day: dt.date) -> indicators.Outcome:
    threshold = _(
        "须提供办事服务；办事指南须具备事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、联系电话、办理流程8类要素，缺任一要素即单项否决"
    )
    published = published_on_site(site, day)
    if not published.exists():
        return indicators.Outcome(
            value=0, threshold=threshold, status=indicators.Status.RED,
            items=[indicators.Evidence(label=_("未发布任何办事指南"), url=reverse("workspace:guides-new"))],
            fix=_("在“办事指南”中登记本网站各单位的办事事项，填写8类要素后发布。"),
        )  # fmt: skip
    incomplete = published.incomplete().select_related("unit").order_by("unit__path", "name", "pk")
    count = incomplete.count()
    items = [
        indicators.Evidence(
            label=_("%(name)s（%(unit)s）") % {"name": g.name, "unit": g.unit.short_name or g.unit.name},
            url=reverse("workspace:guides-edit", args=[g.pk]),
            detail=_("缺少：%(m)s") % {"m": "、".join(g.missing)},
            unit_id=g.unit_id,
            unit=g.unit.name,
        )
        for g in incomplete[:EVIDENCE_LIMIT]
    ]
    return indicators.Outcome(
        value=count,
        threshold=threshold,
        status=indicators.Status.RED if count else indicators.Status.GREEN,
        items=items,
        fix=_("补全所列办事指南缺少的要素后保存。") if count else "",
    )


indicators.register(
    "VETO_SERVICE", gettext_lazy("服务不实用"), _service, order=60, own_todos=True
)  # guides.incomplete
