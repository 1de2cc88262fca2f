"""Markup that the W3C Nu checker accepts: machine-readable times for ``<time datetime>`` and rich-text bodies
whose headings continue the page's outline."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def iso_datetime(value) -> str:
    """A moment as a valid ``datetime`` attribute: local time to the second with its offset
    (2026-11-30T03:04:10+08:00). Django's ``date:'c'`` keeps microseconds, which HTML does not allow beyond
    three digits; a date stays a date (2026-11-30); nothing gives ""."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@register.filter
def outline_headings(html, top: int = 2) -> SafeString:
    """A sanitized rich-text body placed under a heading of level ``top - 1`` (the page's h1 by default):
    its heading levels, in the order they rank, become h2, h3, … so a body whose editor started at 标题 2 (h3) does not jump from h1 to h3 (WCAG 1.3.1)
    and levels it skips are closed up. Bodies are sanitized on save (publishing.html), so the tags carry no
    attributes a shift could break."""
    text = str(html or "")
    used = sorted({int(level) for _slash, level in HEADING.findall(text)})
    if not used:
        return mark_safe(text)  # noqa: S308 (sanitized on save; only shown as it was)
    new_level = {level: min(int(top) + rank, 6) for rank, level in enumerate(used)}
    shifted = HEADING.sub(lambda m: f"<{m.group(1)}h{new_level[int(m.group(2))]}", text)
    return mark_safe(shifted)  # noqa: S308 (sanitized on save; only heading levels change)
