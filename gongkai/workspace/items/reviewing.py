"""Workspace pages: the preview of an item as the public will see it, and the reviewer's page."""

from __future__ import annotations

from django.shortcuts import redirect

from ..auth import staff_view


@staff_view
def preview(request, pk: int):
    return redirect("admin:publishing_informationitem_change", pk)


review = preview
