"""Workspace pages: 网站年度报表."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..auth import staff_view
from ..views import page


@staff_view
def index(request):
    return page(request, "workspace/section.html", {"title": _("网站年度报表")}, section="webreports")
