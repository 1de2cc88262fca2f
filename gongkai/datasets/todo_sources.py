"""What 数据发布 gives staff to do: each period of their unit's datasets that has ended without a release and
is due within 5 working days or already late (late ones marked urgent); an office that supervises other units
also sees their late releases."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo, workdays
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access, schedule

KIND = "datasets.release_due"
SOON = 5  # working days: a release due this soon shows before it is late


def _releases_due(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    datasets = access.datasets_for(user).filter(is_active=True)
    if not user.is_superuser and not can(user, Capability.SUPERVISE):
        datasets = datasets.filter(unit_id=user.unit_id)
    found = list(datasets)
    if not found:
        return []
    calendar = schedule.calendar_for(found, today)
    rows = []
    for state in schedule.states(found, today, calendar=calendar).values():
        own = user.is_superuser or state.dataset.unit_id == user.unit_id
        owed = list(state.late) + (state.missing if own else [])
        for expected in owed:
            late = expected.due_on < today
            if not late and workdays.working_days_between(today, expected.due_on, calendar)[0] > SOON:
                continue
            rows.append(
                todo.Todo(
                    kind=KIND,
                    title=_("%(t)s：%(p)s数据待发布")
                    % {"t": state.dataset.title, "p": expected.period.label},
                    url=f"{reverse('workspace:datasets-detail', args=[state.dataset.pk])}?period={expected.period.code}",
                    due_on=expected.due_on,
                    unit=state.dataset.unit.name,
                    note=state.dataset.due_rule,
                    urgent=late,
                    extra={"dataset": state.dataset.pk, "period": expected.period.code},
                )
            )
    return rows


todo.register(KIND, gettext_lazy("数据发布：待发布的各期数据"), _releases_due, order=60)
