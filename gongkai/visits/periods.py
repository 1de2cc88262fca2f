"""The date range of a statistics query (workspace and staff API): both ends inclusive, Beijing time, at
most MAX_DAYS days, the default the 30 days up to yesterday (today's hits are rolled up tomorrow)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MAX_DAYS = 3 * 366
DEFAULT_DAYS = 30
EARLIEST = dt.date(2000, 1, 1)


def default_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    end = (today or timezone.localdate()) - dt.timedelta(days=1)
    return end - dt.timedelta(days=DEFAULT_DAYS - 1), end


def checked_range(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """``start``/``end`` with the defaults filled in; ValidationError (by field, in Chinese) when wrong."""
    default_end = default_range()[1]
    if end is None:
        end = default_end if start is None else start + dt.timedelta(days=DEFAULT_DAYS - 1)
    if start is None:
        start = end - dt.timedelta(days=DEFAULT_DAYS - 1)
    errors = {}
    if start < EARLIEST or end < EARLIEST:
        errors["start" if start < EARLIEST else "end"] = _("日期不能早于2000年1月1日。")
    elif start > end:
        errors["end"] = _("结束日期不能早于开始日期。")
    elif (end - start).days + 1 > MAX_DAYS:
        errors["end"] = _("一次最多查询%(n)d天。") % {"n": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    return start, end
