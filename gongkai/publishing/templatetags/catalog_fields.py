"""The standard catalog fields of a column as the public reads them."""

from __future__ import annotations

from django import template

from ..models import Channel

register = template.Library()


@register.filter
def channel_labels(codes) -> str:
    """公开渠道和载体: the stored codes (["GOV_WEBSITE", …]) as their names, "政府网站、政府公报"."""
    labels = dict(Channel.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or [] if code)
