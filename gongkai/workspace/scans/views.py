"""Workspace pages: 内容巡查."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..auth import staff_view
from ..views import page


@staff_view
def index(request):
    return page(request, "workspace/section.html", {"title": _("内容巡查")}, section="scans")
