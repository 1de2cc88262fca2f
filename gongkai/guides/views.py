from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "guides/index.html", {"crumbs": [{"label": _("办事服务"), "url": None}]})
