"""What the website report gives staff to do: the openness office of a site's root organization, from
1 January until last year's report of the site is published (due 31 January; urgent once late)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo

from . import access
from .models import ReportStatus, WebsiteReport, due_on


def _own_sites(user, today: dt.date) -> list[todo.Todo]:
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return []
    sites = [s for s in access.sites_for(user) if s.root_id == unit_id and s.is_active]
    if not sites:
        return []
    year = today.year - 1
    states = dict(WebsiteReport.objects.filter(site__in=sites, year=year).values_list("site_id", "status"))
    due = due_on(year)
    rows = []
    for site in sites:
        status = states.get(site.pk)
        if status == ReportStatus.PUBLISHED:
            continue
        state = {
            None: _("尚未开始填报"),
            ReportStatus.DRAFT: _("草稿"),
            ReportStatus.REVIEWED: _("已审核，待发布"),
        }[status]
        rows.append(
            todo.Todo(
                kind="webreports.annual",
                title=_("%(site)s%(year)d年政府网站工作年度报表") % {"site": site.name, "year": year},
                url=reverse("workspace:webreports-report", args=[site.pk, year]),
                due_on=due,
                unit=site.root.name,
                note=_("%(state)s；每年1月31日前发布上一年度报表") % {"state": state},
                urgent=today > due,
            )
        )
    return rows


todo.register("webreports.annual", gettext_lazy("待发布的政府网站年度报表"), _own_sites, order=92)
