from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "newmedia/index.html", {"crumbs": [{"label": _("政务新媒体"), "url": None}]})
