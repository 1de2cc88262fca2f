"""The inspection's indicators: one registry, filled by this app and by others.

An indicator is computed for a site on a day and gives an :class:`Outcome`: its value, the threshold it is
judged against (in words), a status (red: the veto is tripped; amber: it will be soon, or an item needs
attention; green: fine; none: the platform has nothing to judge from) and the records behind the value
(:class:`Evidence`, each with a link and, where a unit is responsible, that unit, so it gets a to-do).

This app registers the indicators it computes itself (home page, columns, interaction, availability,
security). Another app registers its own in its ``inspection_sources.py`` (found when this app is ready),
so the inspection imports none of them::

    from gongkai.inspection import indicators

    def _stale_accounts(site, day):
        ...
        return indicators.Outcome(value=3, threshold="2周内须有更新", status=indicators.Status.RED, items=[...])

    indicators.register("NM_VETO_STALE", _("政务新媒体内容不更新"), _stale_accounts, scope="newmedia", order=110)

``compute(site, day)`` must only read; it runs in the daily job, on the dashboard and in the API.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RED = "red", _("不合格")
    AMBER = "amber", _("预警")
    GREEN = "green", _("正常")
    NONE = "none", _("无数据")


class Scope(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    NEWMEDIA = "newmedia", _("政务新媒体")
    CONTENT = "content", _("已发布信息")


@dataclass(frozen=True)
class Evidence:
    """One record behind an indicator's value: a stale column, an unanswered message, a failed probe."""

    label: str  # what it is, e.g. "通知公告（市发展改革委）"
    url: str = ""  # where to see or fix it (a workspace page where there is one)
    detail: str = ""  # why it counts, e.g. "最后更新 2026-05-02，已 219 天"
    unit_id: int | None = None  # the responsible unit (Organization pk): it gets a to-do
    unit: str = ""  # its name, for display
    status: str = Status.RED  # this record's own state: red (counts toward the veto) or amber (warned ahead)


@dataclass(frozen=True)
class Outcome:
    value: int | float | str | None
    threshold: str  # in words, e.g. "≥5个栏目未按期更新即单项否决"
    status: str
    items: list[Evidence] = field(default_factory=list)
    fix: str = ""  # what to do, in plain Chinese, when not green


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    compute: Callable[[object, dt.date], Outcome]
    scope: str = Scope.WEBSITE
    order: int = 100
    veto: bool = True  # a national single-veto indicator (spec §4.1–4.2); False: the platform's own check
    # The registering app gives the responsible units their own to-dos for these records (the inspection's
    # generic "网站检查发现的问题" rows leave them out, so nothing is listed twice).
    own_todos: bool = False


_indicators: dict[str, Indicator] = {}


def register(
    code: str,
    label,
    compute,
    *,
    scope: str = Scope.WEBSITE,
    order: int = 100,
    veto: bool = True,
    own_todos: bool = False,
):
    _indicators[code] = Indicator(code, label, compute, scope, order, veto, own_todos)


def indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda i: (i.order, i.code))


def get(code: str) -> Indicator | None:
    return _indicators.get(code)


def autodiscover() -> None:
    autodiscover_modules("inspection_sources")


def warn_after(limit_days: int) -> int:
    """Days after which an item with a ``limit_days`` deadline is warned ahead: 10 of 14, in proportion."""
    return max(1, round(limit_days * 10 / 14))
