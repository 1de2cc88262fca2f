"""What the annual report gives staff to do: their unit's report for last year while it is not published
(due 31 January for a department, 31 March for a people's government: Arts. 49-50; urgent once late), and,
for an openness office, the units below it that are late (one row, leading to the roll-up)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core import todo
from gongkai.core.models import Organization, OrgType
from gongkai.core.roles import Capability

from . import access, services
from .models import AnnualReport, ReportStatus


def workspace_url(unit_id: int, year: int) -> str:
    return reverse("workspace:supervision-annual", args=[unit_id, year])


def _own(user, today: dt.date) -> list[todo.Todo]:
    unit = getattr(user, "unit", None)
    if unit is None or unit.org_type == OrgType.TOWNSHIP or not unit.is_active:
        return []  # townships report through their county (as the reminders do)
    if not core_access.can(user, Capability.EDIT_CONTENT, unit):
        return []
    year = today.year - 1
    report = access.reports_for(user).filter(unit=unit, year=year).first()
    if report is not None and report.status == ReportStatus.PUBLISHED:
        return []
    due = services.deadline(unit, year)
    article = _("条例第五十条") if unit.org_type in services.GOVERNMENT_TYPES else _("条例第四十九条")
    state = _("草稿，尚未发布") if report is not None else _("尚未开始编写")
    return [
        todo.Todo(
            kind="report.annual",
            title=_("%(unit)s%(year)s年政府信息公开工作年度报告") % {"unit": unit.name, "year": year},
            url=workspace_url(unit.pk, year),
            due_on=due,
            unit=unit.name,
            note=f"{state}；{article}",
            urgent=today > due,
        )
    ]


def late_units(user, today: dt.date):
    """The units an office follows whose report for last year is past its date and not published."""
    if not core_access.can(user, Capability.SUPERVISE):
        return Organization.objects.none()
    year = today.year - 1
    published = AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values("unit")
    units = (
        access.rollup_units_for(user)
        .exclude(org_type=OrgType.TOWNSHIP)
        .exclude(pk=user.unit_id)
        .exclude(pk__in=published)
    )
    # departments are late after 31 January, governments after 31 March
    if today <= dt.date(today.year, 1, 31):
        return units.none()
    if today <= dt.date(today.year, 3, 31):
        return units.exclude(org_type__in=services.GOVERNMENT_TYPES)
    return units


def _late_below(user, today: dt.date) -> list[todo.Todo]:
    count = late_units(user, today).count()
    if not count:
        return []
    year = today.year - 1
    return [
        todo.Todo(
            kind="report.annual_late",
            title=_("%(n)d个单位的%(year)s年度报告逾期未发布") % {"n": count, "year": year},
            url=reverse("admin:reports_annualreport_rollup") + f"?year={year}",
            note=_("条例第四十九条、第五十条；查看各单位发布情况"),
            urgent=True,
        )
    ]


todo.register("report.annual", gettext_lazy("待发布的政府信息公开年度报告"), _own, order=90)
todo.register("report.annual_late", gettext_lazy("下级单位年度报告"), _late_below, order=91)
