"""Every change to a site's home page: its office adds, edits, orders, shows or hides and deletes blocks.
Each service checks that the actor manages the site (``access.CAPABILITY`` over the site's root), runs in
one transaction and leaves an audit record (``core.records`` for plain saves, one record for a move)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import access as core_access
from gongkai.core import audit
from gongkai.core.actors import require
from gongkai.core.records import delete_record, save_record

from . import blocks
from .access import CAPABILITY
from .models import HomeBlock, Site

MAX_COUNT = 20
STEP = 10  # sort_order spacing, so a block can later be put between two without renumbering


def _require_manager(actor, site: Site) -> None:
    require(core_access.can(actor, CAPABILITY, site.root))


def _clean(site: Site, kind: str, title: str, source: str, count: int | None) -> tuple[str, str, int]:
    registered = blocks.get(kind)
    if registered is None:
        raise ValidationError({"kind": _("没有这种区块类型。")})
    title, source = (title or "").strip(), (source or "").strip()
    if not registered.source_label:
        source = ""
    elif not source:
        raise ValidationError({"source": _("请填写%(label)s。") % {"label": registered.source_label}})
    elif registered.sources is not None and source not in {v for v, _label in registered.sources(site)}:
        raise ValidationError({"source": _("本网站没有“%(source)s”这个来源。") % {"source": source}})
    if not registered.takes_count or count is None:
        count = registered.default_count
    elif not 1 <= count <= MAX_COUNT:
        raise ValidationError({"count": _("条数应为1至%(max)d。") % {"max": MAX_COUNT}})
    return title, source, count


def _ordered(site: Site) -> list[HomeBlock]:
    return list(HomeBlock.objects.select_for_update().filter(site=site).order_by("sort_order", "pk"))


@transaction.atomic(durable=True)
def add_block(
    *, actor, site: Site, kind: str, title: str = "", source: str = "", count: int | None = None
) -> HomeBlock:
    """A new block at the end of the site's home page, shown at once."""
    _require_manager(actor, site)
    title, source, count = _clean(site, kind, title, source, count)
    existing = _ordered(site)
    last = existing[-1].sort_order if existing else 0
    block = HomeBlock(site=site, kind=kind, title=title, source=source, count=count, sort_order=last + STEP)
    return save_record(actor=actor, obj=block, capability=CAPABILITY, unit=site.root)


@transaction.atomic(durable=True)
def change_block(*, actor, block: HomeBlock, title: str, source: str, count: int | None) -> HomeBlock:
    """A block's title, source and count (its kind stays: delete it and add another to change that)."""
    site = block.site
    _require_manager(actor, site)
    block.title, block.source, block.count = _clean(site, block.kind, title, source, count)
    return save_record(actor=actor, obj=block, capability=CAPABILITY, unit=site.root)


@transaction.atomic(durable=True)
def set_block_visible(*, actor, block: HomeBlock, visible: bool) -> HomeBlock:
    _require_manager(actor, block.site)
    block.is_active = visible
    return save_record(
        actor=actor,
        obj=block,
        capability=CAPABILITY,
        unit=block.site.root,
        action="sites.homeblock.shown" if visible else "sites.homeblock.hidden",
    )


@transaction.atomic(durable=True)
def move_block(*, actor, block: HomeBlock, direction: str) -> HomeBlock:
    """Swap a block with its neighbour above (``up``) or below (``down``); the site's blocks are renumbered
    in steps of ten. At the top (or bottom) already, nothing changes and nothing is recorded."""
    site = block.site
    _require_manager(actor, site)
    if direction not in ("up", "down"):
        raise ValidationError(_("只能上移或下移。"))
    ordered = _ordered(site)
    position = next(i for i, b in enumerate(ordered) if b.pk == block.pk)
    other = position - 1 if direction == "up" else position + 1
    if not 0 <= other < len(ordered):
        return block
    before = [b.pk for b in ordered]
    ordered[position], ordered[other] = ordered[other], ordered[position]
    for n, row in enumerate(ordered, start=1):
        if row.sort_order != n * STEP:
            row.sort_order = n * STEP
            row.save(update_fields=["sort_order"])
    audit.record(
        actor=actor,
        action="sites.homeblock.moved",
        obj=block,
        unit=site.root,
        changes={"order": [before, [b.pk for b in ordered]]},
    )
    block.refresh_from_db()
    return block


@transaction.atomic(durable=True)
def delete_block(*, actor, block: HomeBlock) -> None:
    _require_manager(actor, block.site)
    delete_record(actor=actor, obj=block, capability=CAPABILITY, unit=block.site.root)


@transaction.atomic(durable=True)
def set_blocks(*, actor, site: Site, specs: list[tuple[str, str, str, int | None]]) -> list[HomeBlock]:
    """Replace a site's blocks by ``specs`` ((kind, title, source, count), in order): the demo and a site's
    first arrangement. Each removed and created block is recorded."""
    _require_manager(actor, site)
    for block in _ordered(site):
        delete_record(actor=actor, obj=block, capability=CAPABILITY, unit=site.root)
    created = []
    for n, (kind, title, source, count) in enumerate(specs, start=1):
        title, source, count = _clean(site, kind, title, source, count)
        block = HomeBlock(site=site, kind=kind, title=title, source=source, count=count, sort_order=n * STEP)
        created.append(save_record(actor=actor, obj=block, capability=CAPABILITY, unit=site.root))
    return created
