"""Durations in words for staff and sign-in pages ("30 分钟", "1 小时 30 分钟"), never ISO 8601 ("PT30M")."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils.translation import gettext as _

register = template.Library()


def duration_words(value: timedelta | int | float | None) -> str:
    """A duration (a timedelta or seconds) in Chinese words, rounded up to the largest useful unit."""
    if value is None:
        return ""
    seconds = int(value.total_seconds() if isinstance(value, timedelta) else value)
    seconds = max(seconds, 0)
    if seconds < 60:
        return _("%(n)d 秒") % {"n": max(seconds, 1)}
    minutes = -(-seconds // 60)
    if minutes < 60:
        return _("%(n)d 分钟") % {"n": minutes}
    hours, minutes = divmod(minutes, 60)
    if not minutes:
        return _("%(n)d 小时") % {"n": hours}
    return _("%(h)d 小时 %(m)d 分钟") % {"h": hours, "m": minutes}


register.filter("duration_words", duration_words)
