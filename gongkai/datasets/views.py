from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "datasets/index.html", {"crumbs": [{"label": _("数据发布"), "url": None}]})
