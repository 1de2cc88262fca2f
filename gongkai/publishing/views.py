"""Public pages of the 政府信息公开 platform."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import files
from gongkai.core.models import Organization, OrgType
from gongkai.core.paging import BoundedPaginator
from gongkai.sites.scope import elsewhere, site_of_request

from . import access, column_sources, guide, queries
from .models import Attachment, Column, InformationItem, Status

PAGE_SIZE = 20


def _crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


def _root(site) -> Organization | None:
    """The site's government: its root, or the top of the tree for a platform without sites."""
    if site.root is not None:
        return site.root
    return Organization.objects.active().filter(parent__isnull=True).order_by("path").first()


# The first-level parts every unit's 政府信息公开 column has, in this order (国办公开办函〔2019〕61号).
STANDARD_PARTS = guide.STANDARD_PARTS


def _parts(unit: Organization | None, tree: list | None = None) -> dict | None:
    """The four standard parts of ``unit``'s column, each with its sub-columns (the Art. 20/21 items under
    法定主动公开内容) and published-item counts, read in two queries."""
    if unit is None:
        return None
    tree = queries.column_tree(unit) if tree is None else tree
    by_parent: dict[int | None, list[Column]] = {}
    for col, _depth in tree:
        by_parent.setdefault(col.parent_id, []).append(col)
    by_code = {col.code: col for col, _depth in tree}
    counts = queries.published_counts([col.pk for col, _depth in tree]) if tree else {}
    parts = []
    for code in STANDARD_PARTS:
        col = by_code.get(code)
        if col is None:
            continue
        children = [
            {"column": child, "url": guide.column_url(child), "count": counts.get(child.pk, 0)}
            for child in by_parent.get(col.pk, [])
        ]
        parts.append({"column": col, "url": guide.column_url(col), "children": children})
    key_areas = by_code.get("key-areas")
    areas = [
        {"column": child, "url": child.get_absolute_url(), "count": counts.get(child.pk, 0)}
        for child in (by_parent.get(key_areas.pk, []) if key_areas else [])
    ]
    others = [
        {"column": col, "url": guide.column_url(col), "count": counts.get(col.pk, 0)}
        for col in by_parent.get(None, [])
        if col.code not in ("xxgk", "key-areas")
    ]
    if not parts:
        return None
    return {"parts": parts, "key_areas": areas, "key_areas_column": key_areas, "others": others}


def _branch_groups(site, root: Organization | None, units: list[Organization]) -> list[tuple[str, list]]:
    """Units grouped by where they sit below the site's government: its own level (the government and its
    departments), then counties, zones and townships (each with the departments under it)."""
    kinds = {
        OrgType.COUNTY: _("县区"),
        OrgType.DEVELOPMENT_ZONE: _("开发区"),
        OrgType.TOWNSHIP: _("乡镇（街道）"),
    }
    by_pk = {u.pk: u for u in units}
    branch_types = dict(
        Organization.objects.filter(site.unit_q(""), org_type__in=list(kinds)).values_list("pk", "org_type")
    )
    if root is not None:
        branch_types.pop(root.pk, None)
    own_label = _("本级") if root is None else _("%(name)s本级") % {"name": root.display_name}
    grouped: dict[str, list] = {own_label: [], **{label: [] for label in kinds.values()}}
    for unit in units:
        label = own_label
        for part in unit.path.strip("/").split("/"):
            kind = branch_types.get(int(part))
            if kind:
                label = kinds[kind]
                break
        grouped[label].append(by_pk[unit.pk])
    return [(label, members) for label, members in grouped.items() if members]


def index(request):
    site = site_of_request(request)
    root = _root(site)
    # Each unit's published items counted in a subquery over the (status, disclosure_mode, unit) index,
    # not a COUNT(DISTINCT ...) over a join fanned out across the unit's columns.
    published = (
        InformationItem.objects.filter(status=Status.PUBLISHED, unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("*"))  # not Count("pk"): the (unit, status, published_at) index answers alone
        .values("n")
    )
    units = list(
        site.units()
        .filter(Exists(Column.objects.filter(unit=OuterRef("pk"))))
        .annotate(published=Coalesce(Subquery(published, output_field=IntegerField()), Value(0)))
        .order_by("path")
    )
    latest = queries.listed_items().filter(site.unit_q("unit"))[:10]
    structure = _parts(root) if root is not None and any(u.pk == root.pk for u in units) else None
    return render(
        request,
        "publishing/index.html",
        {
            "root": root if structure else None,
            "structure": structure,
            "groups": _branch_groups(site, root, units),
            "latest": latest,
            "crumbs": _crumbs((_("政府信息公开"), None)),
        },
    )


def _unit(request, unit_id: int) -> Organization:
    """An active unit that has a catalog; 404 otherwise. The views then send another portal's unit there."""
    unit = get_object_or_404(Organization.objects.active(), pk=unit_id)
    if not Column.objects.filter(unit=unit).exists():
        raise Http404
    return unit


def unit_catalog(request, unit_id: int):
    unit = _unit(request, unit_id)
    if moved := elsewhere(request, unit):
        return moved
    latest = queries.listed_items().filter(unit=unit)[:15]
    tree = queries.column_tree(unit)
    return render(
        request,
        "publishing/unit.html",
        {
            "unit": unit,
            "tree": tree,
            "structure": _parts(unit, tree),
            "latest": latest,
            "crumbs": _crumbs((_("政府信息公开"), reverse("publishing:index")), (unit.name, None)),
        },
    )


def unit_guide(request, unit_id: int):
    unit = _unit(request, unit_id)
    if moved := elsewhere(request, unit):
        return moved
    built = guide.build(unit)
    return render(
        request,
        "publishing/guide.html",
        {
            "unit": unit,
            "guide": built,
            "crumbs": _crumbs(
                (_("政府信息公开"), reverse("publishing:index")),
                (unit.name, reverse("publishing:unit", args=[unit.pk])),
                (_("政府信息公开指南"), None),
            ),
        },
    )


SOURCE_PREVIEW = 10


def column(request, unit_id: int, column_id: int):
    unit = _unit(request, unit_id)
    if moved := elsewhere(request, unit):
        return moved
    col = get_object_or_404(Column.objects.active(), pk=column_id, unit=unit)
    if col.code == guide.GUIDE_CODE:
        return redirect("publishing:guide", unit.pk)
    own = queries.items_in_column(col).prefetch_related("columns")
    page = BoundedPaginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    has_own = page.paginator.count > 0
    sourced = []
    for number, source in enumerate(column_sources.sources_for(col.code)):
        rows = source.rows(unit, request)
        if not has_own and number == 0:  # the column is the other module's records, page by page
            page = BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
            block_rows, more = page.object_list, ""
        else:
            block_rows = list(rows[: SOURCE_PREVIEW * 2])
            if has_own:  # a record also published as an item of this column is listed once
                ids = [r.item_id for r in block_rows if r.item_id]
                listed = set(own.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
                block_rows = [r for r in block_rows if r.item_id not in listed]
            more = source.more_url(unit) if len(block_rows) > SOURCE_PREVIEW else ""
            block_rows = block_rows[:SOURCE_PREVIEW]
        if block_rows:
            sourced.append({"label": source.label, "rows": block_rows, "more": more})
    return render(
        request,
        "publishing/column.html",
        {
            "unit": unit,
            "column": col,
            "page": page,
            "has_own": has_own,
            "sourced": sourced,
            "tree": queries.column_tree(unit),
            "crumbs": _crumbs(
                (_("政府信息公开"), reverse("publishing:index")),
                (unit.name, reverse("publishing:unit", args=[unit.pk])),
                (col.name, None),
            ),
        },
    )


def _public_item(pk: int) -> InformationItem:
    return get_object_or_404(
        queries.public_items().prefetch_related("columns", "attachments", "key_areas"), pk=pk
    )


# Other apps add sections to a public item page (the policy library: its interpretations, or the policy an
# interpretation explains). Each is called with the item and returns HTML, or "" for nothing.
ITEM_PANELS: list = []


def register_item_panel(panel) -> None:
    if panel not in ITEM_PANELS:
        ITEM_PANELS.append(panel)


def _item_context(item: InformationItem) -> dict:
    # The item's own unit's column (a portal column it was adopted into by 信息报送 is not its home).
    first_column = item.columns.filter(is_active=True, unit=item.unit_id).order_by("sort_order").first()
    crumbs = [
        (_("政府信息公开"), reverse("publishing:index")),
        (item.unit.name, reverse("publishing:unit", args=[item.unit_id])),
    ]
    if first_column:
        crumbs.append((first_column.name, first_column.get_absolute_url()))
    crumbs.append((item.title, None))
    return {
        "item": item,
        "column": first_column,
        "attachments": item.attachments.all(),
        "replaces": item.replaces.filter(status=Status.PUBLISHED),
        "panels": [html for panel in ITEM_PANELS if (html := panel(item))],
        "crumbs": _crumbs(*crumbs),
    }


def item(request, pk: int):
    found = _public_item(pk)
    if moved := elsewhere(request, found.unit):
        return moved
    return render(request, "publishing/item.html", _item_context(found))


def item_print(request, pk: int):
    found = _public_item(pk)
    if moved := elsewhere(request, found.unit):
        return moved
    return render(request, "publishing/item_print.html", _item_context(found))


def item_by_index(request, index_no: str):
    found = get_object_or_404(queries.public_items(), index_no=index_no)
    return elsewhere(request, found.unit) or redirect(found)


def attachment(request, pk: int):
    """A published item's attachment, for everyone. Before publication the same address serves the staff who
    may read the draft (so the editor and the preview show its pictures), privately and never indexed."""
    found = Attachment.objects.select_related("item__unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    public = InformationItem.objects.published().filter(pk=found.item_id).exists()
    if public and (moved := elsewhere(request, found.item.unit)):
        return moved
    if not public:
        if not access.may_view(request.user):
            raise Http404
        access.get_item_for_user(request.user, found.item_id)  # 404 outside the user's units
    response = files.send(found.file, content_type=found.mime, disposition=_disposition(found))
    if not public:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _disposition(found: Attachment) -> str:
    from urllib.parse import quote

    filename = found.name if "." in found.name[-6:] else f"{found.name}.{found.kind}"
    inline = "inline" if found.kind in ("pdf", "png", "jpg", "gif") else "attachment"
    return f"{inline}; filename*=UTF-8''{quote(filename)}"
