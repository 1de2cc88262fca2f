"""The website annual report's 办事服务 figures for a site and a year: 是否发布服务事项目录 (any guide published
by the year's end), 政务服务事项数量 (the guides published at the year's end) and 可全程在线办理政务服务事项数量
(those of them 全程网办). Guides withdrawn since are not counted: the platform keeps no history of them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.webreports import figures

from .models import OnlineLevel, ServiceGuide


def _figures(site, year: int) -> dict:
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    published = ServiceGuide.objects.published().filter(site.unit_q("unit"), published_at__lt=end)
    total = published.count()
    return {
        "services_catalog": total > 0,
        "services_total": total,
        "services_online": published.filter(online_level=OnlineLevel.FULL).count(),
    }


figures.register("guides", _figures)
