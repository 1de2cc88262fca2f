"""Public page of the registry (/newmedia/, 政务新媒体矩阵): the operating accounts of the request's site grouped
by unit and platform, with their links and QR codes, and the closing notices still shown. The responsible
person and phone are staff-only and never reach these pages."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import files
from gongkai.sites.scope import scoped

from .models import Account, AccountStatus


def index(request):
    today = timezone.localdate()
    accounts = list(
        scoped(request, Account.objects.operating().filter(unit__is_active=True))
        .select_related("unit")
        .order_by("unit__path", "platform", "name")
    )
    units = [
        (unit, [(label, list(rows)) for label, rows in groupby(rows, key=lambda a: a.get_platform_display())])
        for unit, rows in ((u, list(r)) for u, r in groupby(accounts, key=lambda a: a.unit))
    ]
    notices = (
        scoped(request, Account.objects.notices_shown(today))
        .select_related("unit")
        .order_by("-notice_on", "pk")
    )
    return render(request, "newmedia/index.html", {
        "crumbs": [{"label": _("政务新媒体"), "url": None}], "units": units, "count": len(accounts),
        "notices": notices,
    })  # fmt: skip


def qr_code(request, pk: int):
    """An operating account's QR code image (of an account of this site)."""
    account = get_object_or_404(
        scoped(request, Account.objects.filter(status=AccountStatus.OPERATING)), pk=pk
    )
    if not account.qr_code:
        raise Http404
    kind = "image/png" if account.qr_code.name.endswith(".png") else "image/jpeg"
    try:
        response = files.send(account.qr_code, content_type=kind, disposition="inline")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response["X-Content-Type-Options"] = "nosniff"
    return response
