from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "spotchecks/index.html", {"crumbs": [{"label": _("双随机、一公开"), "url": None}]})
