"""The unit's published annual reports fill its 政府信息公开年报 column (Arts. 49-50)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.publishing import column_sources

from . import access


def annual_reports(unit, request) -> column_sources.QueryRows:
    reports = access.published_reports().filter(unit=unit).order_by("-year")

    def row(report) -> column_sources.Row:
        return column_sources.Row(
            title=report.title,
            url=report.get_absolute_url(),
            date=timezone.localdate(report.published_at) if report.published_at else None,
            note=_("%(year)s年度") % {"year": report.year},
            item_id=report.item_id,
        )

    return column_sources.QueryRows(reports, row)


column_sources.register(
    "xxgk-annual",
    annual_reports,
    label=gettext_lazy("政府信息公开工作年度报告"),
    more=lambda unit: reverse("reports:index"),
)
