"""Plain Chinese where Django or a library would print English or codes: durations in words ("30 分钟",
never ISO 8601's "PT30M"), and the admin's yes/no icons, whose text is "True"/"False"/"None"."""

from __future__ import annotations

import re
from datetime import timedelta

from django import template
from django.utils.safestring import SafeString, mark_safe
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


ICON_TEXT = re.compile(r'(<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)\.svg" alt=")(True|False|None)(")')


def plain_icons(html: SafeString | str) -> SafeString | str:
    """Django's admin renders a yes/no value as an icon with alt="True" (``_boolean_icon``): 是/否/未知;
    a read-only value that is None (a form-only field, a method returning nothing) reads "None": —."""
    if str(html).strip() == "None":
        return "—"
    words = {"True": _("是"), "False": _("否"), "None": _("未知")}
    replaced = ICON_TEXT.sub(lambda m: m.group(1) + words[m.group(2)] + m.group(3), str(html))
    return mark_safe(replaced) if isinstance(html, SafeString) else replaced  # noqa: S308 - Django's own markup


register.filter("plain_icons", plain_icons)
