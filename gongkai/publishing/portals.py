"""Which portal a unit reports to (信息报送): the site whose scope holds the unit, or, where no site is
configured, the top of the unit's tree; and the portal columns that take submissions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.core.models import Organization

from .models import Column

# 要闻 and 通知公告 of the portal's root unit, and its 专题 (codes "zt-…", or any column under "zt").
SUBMISSION_CODES = ("news", "notices")
SPECIAL_PREFIX = "zt"


def portal_root(unit: Organization) -> Organization:
    """The root unit of the portal ``unit`` belongs to."""
    from gongkai.sites.resolve import site_of

    site = site_of(unit)
    if site is not None:
        return site.root
    top = int(unit.path.strip("/").split("/")[0])
    return unit if top == unit.pk else Organization.objects.get(pk=top)


def target_columns(unit: Organization) -> QuerySet[Column]:
    """The portal columns ``unit`` may submit to (none for the portal's own root unit: it files its items
    in its own columns directly)."""
    root = portal_root(unit)
    if root.pk == unit.pk:
        return Column.objects.none()
    return (
        Column.objects.active()
        .filter(unit=root)
        .filter(
            Q(code__in=SUBMISSION_CODES)
            | Q(code__startswith=f"{SPECIAL_PREFIX}-")
            | Q(parent__code=SPECIAL_PREFIX)
        )
        .select_related("unit")
        .order_by("sort_order", "pk")
    )
