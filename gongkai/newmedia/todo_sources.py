"""What the registry gives staff to do: operating accounts of their units that near (10 days) or pass (over
14 days) the 2-week staleness veto."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can

from . import access, rules
from .staleness import quiet_accounts

LIMIT = 200


def _stale(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    recent = today - dt.timedelta(days=rules.WARN_DAYS)
    # Only accounts quiet long enough by their last update can be flagged: the rest are not read.
    candidates = access.accounts_for(user).filter(
        Q(last_update_on__isnull=True) | Q(last_update_on__lte=recent)
    )
    found = [q for q in quiet_accounts(candidates, today) if q.state != "green"]
    found.sort(key=lambda q: -q.days)
    return [
        todo.Todo(
            kind="newmedia.stale",
            title=_("政务新媒体“%(n)s”%(d)s天未更新") % {"n": q.account, "d": q.days},
            url=reverse("workspace:newmedia-account", args=[q.account.pk]),
            unit=q.account.unit.name,
            note=(
                _("超过2周未更新，已触发单项否决，请尽快更新或按程序关停")
                if q.state == "red"
                else _("第%(w)s天预警：超过14天未更新即单项否决") % {"w": rules.WARN_DAYS}
            ),
            urgent=q.state == "red",
            extra={
                "due_text": (
                    (q.last_update_on or q.account.opened_on) + dt.timedelta(days=rules.LIMIT_DAYS)
                ).isoformat()
            },
        )
        for q in found[:LIMIT]
    ]


todo.register("newmedia.stale", gettext_lazy("政务新媒体：待更新"), _stale, order=70)
