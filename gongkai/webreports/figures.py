"""Figures of the website annual report that other apps hold, without this app importing them.

An app registers a provider in its ``website_report_sources.py`` (found when this app is ready):
``register(name, provider)`` where ``provider(site, year)`` returns a dict of the report's row keys to
values for the site (``gongkai.sites.models.Site``) and the calendar year. The keys an app may fill:

- visits: ``visitors`` (独立用户访问总量, 个), ``views`` (网站总访问量, 次)
- guides: ``services_catalog`` (是否发布服务事项目录, bool), ``services_total`` (政务服务事项数量),
  ``services_online`` (可全程在线办理政务服务事项数量)
- newmedia: ``newmedia`` — a list of ``{"platform": "weibo"|"wechat"|<other code>, "platform_label": str,
  "name": str, "posts": int (信息发布量 in the year), "followers": int|None (关注量/订阅数 at the year's end)}``
  for the accounts that ran in the year.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

_providers: dict[str, Callable[[object, int], dict]] = {}


def register(name: str, provider: Callable[[object, int], dict]) -> None:
    _providers[name] = provider


def collect(site, year: int) -> dict:
    figures: dict = {}
    for name in sorted(_providers):
        figures.update(_providers[name](site, year))
    return figures


def autodiscover() -> None:
    autodiscover_modules("website_report_sources")
