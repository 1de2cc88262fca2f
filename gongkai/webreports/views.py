from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(
        request, "webreports/index.html", {"crumbs": [{"label": _("政府网站工作年度报表"), "url": None}]}
    )
