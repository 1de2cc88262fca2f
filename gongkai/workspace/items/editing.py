"""Workspace pages: the list of items, the editor and its autosave."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..auth import staff_view
from ..views import page


@staff_view
def index(request):
    return page(request, "workspace/section.html", {"title": _("公开信息")}, section="items")


# Until the editor is built here, it opens the back office's form.
@staff_view
def new(request):
    return redirect("admin:publishing_informationitem_add")


@staff_view
def edit(request, pk: int):
    return redirect("admin:publishing_informationitem_change", pk)


autosave = edit
