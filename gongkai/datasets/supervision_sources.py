"""What supervision's evidence shows of 数据发布: for a task linked to a dataset's key area, each of the unit's
datasets in that area with the releases published in the period, and the periods due in it that are missing
(late) or were published after their due date."""

from __future__ import annotations

import datetime as dt
import functools

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.publishing.standard import KEY_AREAS
from gongkai.supervision import evidence

from . import periods, schedule
from .models import Dataset


def findings(code: str, unit, start: dt.date, as_of: dt.date) -> list[evidence.Finding]:
    datasets = list(Dataset.objects.active().filter(unit=unit, key_area__code=code))
    if not datasets:
        return []
    calendar = schedule.calendar_for(datasets, as_of)
    found = []
    for dataset in datasets:
        released = {
            r.period: timezone.localtime(r.published_at).date()
            for r in dataset.releases.filter(published_at__date__lte=as_of).only("period", "published_at")
        }
        count = sum(start <= day <= as_of for day in released.values())
        missing, late = [], []
        for period in periods.ended_since(dataset.frequency, dataset.starts_on, as_of):
            due = schedule.due(dataset, period, calendar)
            if not start <= due < as_of:
                continue
            if period.code not in released:
                missing.append(period.label)
            elif released[period.code] > due:
                late.append(period.label)
        problem = []
        if missing:
            problem.append(_("%(p)s逾期未发布") % {"p": "、".join(missing)})
        if late:
            problem.append(_("%(p)s逾期发布") % {"p": "、".join(late)})
        found.append(
            evidence.Finding(
                name=dataset.title,
                count=count,
                last=max(released.values(), default=None),
                url=dataset.get_absolute_url(),
                rule=dataset.due_rule,
                problem="；".join(problem),
            )
        )
    return found


for _code, _name, _group in KEY_AREAS:
    evidence.register_findings(f"datasets.{_code}", functools.partial(findings, _code), key_areas=(_code,))
