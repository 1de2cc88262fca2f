"""Public pages of the 政府信息公开 platform."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.models import Organization, OrgType
from gongkai.sites.scope import elsewhere

from . import access, queries
from .models import Attachment, Column, InformationItem, Status

PAGE_SIZE = 20


def _crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


def index(request):
    units = (
        Organization.objects.active()
        .annotate(
            published=Count(
                "information_items", filter=Q(information_items__status=Status.PUBLISHED), distinct=True
            )
        )
        .filter(columns__isnull=False)
        .distinct()
        .order_by("path")
    )
    # Group by the branch of the tree a unit sits in: the city level, a county or a development zone.
    branches = dict(
        Organization.objects.filter(org_type__in=[OrgType.COUNTY, OrgType.DEVELOPMENT_ZONE]).values_list(
            "pk", "org_type"
        )
    )

    def branch(unit) -> str:
        for part in unit.path.strip("/").split("/"):
            if int(part) in branches:
                return branches[int(part)]
        return "city"

    groups = [
        (_("市级"), [u for u in units if branch(u) == "city"]),
        (_("县区"), [u for u in units if branch(u) == OrgType.COUNTY]),
        (_("开发区"), [u for u in units if branch(u) == OrgType.DEVELOPMENT_ZONE]),
    ]
    latest = queries.public_items()[:10]
    return render(
        request,
        "publishing/index.html",
        {
            "groups": [g for g in groups if g[1]],
            "latest": latest,
            "crumbs": _crumbs((_("政府信息公开"), None)),
        },
    )


def _unit(unit_id: int) -> Organization:
    unit = get_object_or_404(Organization.objects.active(), pk=unit_id)
    if not Column.objects.filter(unit=unit).exists():
        raise Http404
    return unit


def unit_catalog(request, unit_id: int):
    unit = _unit(unit_id)
    latest = queries.public_items().filter(unit=unit)[:15]
    return render(
        request,
        "publishing/unit.html",
        {
            "unit": unit,
            "tree": queries.column_tree(unit),
            "latest": latest,
            "crumbs": _crumbs((_("政府信息公开"), reverse("publishing:index")), (unit.name, None)),
        },
    )


def unit_guide(request, unit_id: int):
    unit = _unit(unit_id)
    guide_column = Column.objects.active().filter(unit=unit, code="xxgk-guide").first()
    guide = queries.items_in_column(guide_column).first() if guide_column else None
    return render(
        request,
        "publishing/guide.html",
        {
            "unit": unit,
            "guide": guide,
            "guide_column": guide_column,
            "crumbs": _crumbs(
                (_("政府信息公开"), reverse("publishing:index")),
                (unit.name, reverse("publishing:unit", args=[unit.pk])),
                (_("政府信息公开指南"), None),
            ),
        },
    )


def column(request, unit_id: int, column_id: int):
    unit = _unit(unit_id)
    if moved := elsewhere(request, unit):
        return moved
    col = get_object_or_404(Column.objects.active(), pk=column_id, unit=unit)
    page = Paginator(queries.items_in_column(col).prefetch_related("columns"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "publishing/column.html",
        {
            "unit": unit,
            "column": col,
            "page": page,
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
    first_column = item.columns.filter(is_active=True).order_by("sort_order").first()
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
    response = FileResponse(found.file.open("rb"), content_type=found.mime, as_attachment=False)
    response["Content-Disposition"] = _disposition(found)
    if not public:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _disposition(found: Attachment) -> str:
    from urllib.parse import quote

    filename = found.name if "." in found.name[-6:] else f"{found.name}.{found.kind}"
    inline = "inline" if found.kind in ("pdf", "png", "jpg", "gif") else "attachment"
    return f"{inline}; filename*=UTF-8''{quote(filename)}"
