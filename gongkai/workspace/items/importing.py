"""Workspace pages: import a Word document (.docx) as a new draft."""

from __future__ import annotations

from django.shortcuts import redirect

from ..auth import staff_view


@staff_view
def import_docx(request):
    return redirect("admin:publishing_informationitem_add")
