"""What the guides give staff to do: published guides lacking key elements (each trips the website
inspection's 服务不实用 veto until completed), for the units the user writes."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can

from . import access

LIMIT = 200


def _incomplete(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    rows = (
        access.guides_for(user)
        .published()
        .incomplete()
        .select_related("unit")
        .order_by("unit__path", "name", "pk")[:LIMIT]
    )
    return [
        todo.Todo(
            kind="guides.incomplete",
            title=_("补全办事指南：%(name)s") % {"name": g.name},
            url=reverse("workspace:guides-edit", args=[g.pk]),
            unit=g.unit.name,
            note=_("缺少：%(m)s（网站检查“服务不实用”单项否决）") % {"m": "、".join(g.missing)},
            urgent=True,
        )
        for g in rows
    ]


todo.register("guides.incomplete", gettext_lazy("办事指南：要素缺失"), _incomplete, order=70)
