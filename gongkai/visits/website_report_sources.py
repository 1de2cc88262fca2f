"""The website annual report's visit figures: 独立用户访问总量 (``visitors``: the sum of each day's unique
visitors, the salt changing daily) and 网站总访问量 (``views``: page views), for the site and calendar year."""

from __future__ import annotations

from gongkai.webreports import figures

from . import queries


def visit_figures(site, year: int) -> dict:
    if getattr(site, "pk", None) is None:
        return {"visitors": 0, "views": 0}
    found = queries.year(site, year)
    return {"visitors": found["visitors"], "views": found["views"]}


figures.register("visits", visit_figures)
