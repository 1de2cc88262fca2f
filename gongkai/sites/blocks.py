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
    # the sources an office may pick for this kind on a site: ``sources(site)`` -> [(value, label)];
    # None when any text is accepted (or the kind takes no source)
    sources: Callable[[object], list[tuple[str, str]]] | None = None
    takes_count: bool = True  # False for blocks whose size is fixed (service entries, figures)


_kinds: dict[str, BlockKind] = {}


def register(
    kind: str,
    label,
    render,
    *,
    source_label: str = "",
    default_count: int = 6,
    sources=None,
    takes_count: bool = True,
) -> None:
    _kinds[kind] = BlockKind(kind, label, render, source_label, default_count, sources, takes_count)


def kinds() -> list[BlockKind]:
    return sorted(_kinds.values(), key=lambda k: k.kind)


def get(kind: str) -> BlockKind | None:
    return _kinds.get(kind)


def choices() -> list[tuple[str, str]]:
    return [(k.kind, k.label) for k in kinds()]


def autodiscover() -> None:
    autodiscover_modules("home_blocks")


# What a site shows before its office has arranged any block (a fresh site is never an empty page): every
# kind the platform offers, in the order of a usual government portal. Kinds with nothing to show on the
# site are left out as always.
DEFAULT_BLOCKS: list[tuple[str, str]] = [  # (kind, source)
    ("news", "news"),
    ("news", "notices"),
    ("latest", ""),
    ("popular", ""),
    ("policies", ""),
    ("key_areas", ""),
    ("consultations", ""),
    ("services", ""),
    ("figures", ""),
    ("hot_searches", ""),
]


def title_of(block, site, *, source_names: dict | None = None) -> str:
    """What a block is called: its own title, else (a kind with named sources, e.g. a news column) its
    source's name, else its kind's name."""
    if block.title:
        return block.title
    kind = get(block.kind)
    if kind is None:
        return block.kind
    if kind.sources is not None and block.source:
        names = source_names if source_names is not None else dict(kind.sources(site))
        if block.source in names:
            return str(names[block.source])
    return str(kind.label)


def default_blocks(site) -> list:
    """Unsaved blocks of the default set (for a site with none configured, or the fallback site)."""
    from .models import HomeBlock

    blocks = []
    for order, (name, source) in enumerate(DEFAULT_BLOCKS, start=1):
        kind = get(name)
        if kind is None:
            continue
        block = HomeBlock(kind=name, source=source, count=kind.default_count, sort_order=order * 10)
        if getattr(site, "pk", None) is not None:
            block.site = site
        blocks.append(block)
    return blocks


def site_blocks(site) -> list:
    """The blocks a site's home page is built from: its own (active ones, in order) or, when it has none
    configured at all, the default set. Hidden blocks count as configured: an office that hid them all asked
    for an empty home page, which it gets."""
    if getattr(site, "pk", None) is None:
        return default_blocks(site)
    configured = list(site.blocks.order_by("sort_order", "pk"))
    if not configured:
        return default_blocks(site)
    return [b for b in configured if b.is_active]


def render_blocks(request, site) -> list[dict]:
    """The site's active blocks in order, each as {"block", "title", "template", "more_url", **context};
    blocks with nothing to show are left out."""
    out = []
    for block in site_blocks(site):
        kind = get(block.kind)
        if kind is None:
            continue
        context = kind.render(request, block)
        if not context:
            continue
        out.append({"block": block, "kind": kind.kind, "title": block.title or kind.label, **context})
    return out
