"""Published service guides as search finds them (registered with the search app when it is ready); a guide
withdrawn leaves the index when it is reindexed (``services`` asks on every change)."""

from __future__ import annotations

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from .models import ServiceGuide

SOURCE = "guides.serviceguide"


def guide_fields(guide: ServiceGuide) -> dict:
    body = "\n".join(text for _label, text in guide.elements()[1:] if text)
    return {
        "kind": Kind.SERVICE,
        "url": guide.get_absolute_url(),
        "title": f"办事指南：{guide.name}",
        "keywords": f"办事指南 {guide.get_category_display()} {guide.get_online_level_display()} {guide.code}".strip(),
        "body": body[:BODY_LIMIT],
        "unit": guide.unit,
        "validity": "valid",
        "published_at": guide.published_at,
        "year": guide.published_at.year if guide.published_at else None,
    }


registry.register(registry.Source(
    name=SOURCE, public=lambda: ServiceGuide.objects.published().select_related("unit"), render=guide_fields,
))  # fmt: skip
