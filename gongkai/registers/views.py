from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "registers/index.html", {"crumbs": [{"label": _("重点领域台账"), "url": None}]})
