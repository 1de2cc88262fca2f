"""The kinds of block a home page is composed from.

An app registers each kind it can show in its own ``home_blocks.py`` (found when the sites app is ready):
``register(kind, label, render, source_label=...)`` where ``render(request, block)`` returns a dict for the
block's template (``template`` key: the template to include; anything else is its context), or None when the
block has nothing to show on this site (the block is then left out, never shown empty). ``request.site`` is
the site; every record a block shows must lie in it (``request.site.unit_q(...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class BlockKind:
    kind: str
    label: str  # the default title, e.g. "要闻"
    render: Callable[[object, object], dict | None]
    source_label: str = ""  # what HomeBlock.source means for this kind, "" when it takes none
    default_count: int = 6


_kinds: dict[str, BlockKind] = {}


def register(kind: str, label, render, *, source_label: str = "", default_count: int = 6) -> None:
    _kinds[kind] = BlockKind(kind, label, render, source_label, default_count)


def kinds() -> list[BlockKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind)


def get(kind: str) -> BlockKind | None:
    return _kinds.get(kind)


def choices() -> list[tuple[str, str]]:
    return [(k.kind, k.label) for k in kinds()]


def autodiscover() -> None:
    autodiscover_modules("home_blocks")


def render_blocks(request, site) -> list[dict]:
    """The site's active blocks in order, each as {"block", "title", "template", **context}; blocks with
    nothing to show are left out."""
    out = []
    if getattr(site, "pk", None) is None:
        return out
    for block in site.blocks.filter(is_active=True).order_by("sort_order", "pk"):
        kind = get(block.kind)
        if kind is None:
            continue
        context = kind.render(request, block)
        if not context:
            continue
        out.append({"block": block, "title": block.title or kind.label, **context})
    return out
