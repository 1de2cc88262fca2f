"""What the 双随机 records show supervision about a unit (key area "random-inspection"): the plans it made public
and the results it published in the period, and the drawn plans whose results are overdue."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.supervision import evidence

from . import rules
from .models import Plan, PlanState


def _published_between(plans, field: str, start: dt.date, as_of: dt.date):
    in_period = plans.filter(**{f"{field}__date__gte": start, f"{field}__date__lte": as_of})
    last = plans.filter(**{f"{field}__date__lte": as_of}).aggregate(last=Max(field))["last"]
    return in_period.count(), (timezone.localdate(last) if last else None)


def findings(unit, start: dt.date, as_of: dt.date) -> list[evidence.Finding]:
    plans = Plan.objects.filter(unit=unit).exclude(state=PlanState.DRAFT)
    url = reverse("spotchecks:index") + f"?unit={unit.pk}"
    committed, last_committed = _published_between(plans, "committed_at", start, as_of)
    published, last_published = _published_between(plans, "results_published_at", start, as_of)
    late = 0
    ended = list(plans.filter(ends_on__lt=as_of).exclude(state=PlanState.COMMITTED))
    dues = rules.results_due_for(plan.ends_on for plan in ended)
    for plan in ended:
        due = dues[plan.ends_on]
        done = timezone.localdate(plan.results_published_at) if plan.results_published_at else None
        if due < as_of and (done is None or done > due) and (done is None or done >= start):
            late += 1
    undrawn = plans.filter(state=PlanState.COMMITTED, starts_on__lt=as_of).count()
    return [
        evidence.Finding(
            name=_("双随机抽查计划"), count=committed, last=last_committed, url=url,
            rule=_("抽查计划及随机种子承诺值在抽取前公布"),
            problem=_("%(n)d个计划检查期已开始仍未抽取") % {"n": undrawn} if undrawn else "",
        ),
        evidence.Finding(
            name=_("双随机抽查结果"), count=published, last=last_published,
            url=reverse("spotchecks:results") + f"?unit={unit.pk}",
            rule=_("检查结束后%(n)d个工作日内公示抽查结果") % {"n": rules.RESULT_WORKING_DAYS},
            problem=_("%(n)d个计划的抽查结果逾期未公示或逾期公示") % {"n": late} if late else "",
        ),
    ]  # fmt: skip


evidence.register_findings("spotchecks", findings, key_areas=("random-inspection",))
