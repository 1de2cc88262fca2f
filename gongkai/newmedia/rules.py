"""The staleness rule of government new media, with no ORM.

《政府网站与政务新媒体检查指标》(国办函〔2019〕19号) single veto ``NM_VETO_STALE`` 内容不更新: no update within the
2 weeks before the check point (spec §4.2). Read here as: the 14 days before the check day (day-14 … day-1) plus
the check day itself hold no update, i.e. more than 14 days passed since the last update. An account with no
update at all counts from the day it opened. Warned ahead at ``warn_after(14)`` = 10 days (the inspection's
proportion, 10 of 14).
"""

from __future__ import annotations

import datetime as dt

LIMIT_DAYS = 14
WARN_DAYS = 10  # gongkai.inspection.indicators.warn_after(14); kept here so the rule has no import


def days_quiet(last_update_on: dt.date | None, opened_on: dt.date, day: dt.date) -> int:
    """Days since the last update (or since the account opened) as seen on ``day``; never negative."""
    since = last_update_on or opened_on
    return max(0, (day - since).days)


def state(days: int) -> str:
    """ "red" past the limit, "amber" from the warning day, "green" otherwise."""
    if days > LIMIT_DAYS:
        return "red"
    if days >= WARN_DAYS:
        return "amber"
    return "green"
