"""Workspace: answer an application with an already published item (Art. 36(1)); the matches are listed on
the case page by its panel (``gongkai/foi/templatetags/foi_published.py``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.params import int_param
from gongkai.foi import access, published
from gongkai.publishing.models import InformationItem

from ..auth import staff_view


def _back(pk: int, query: str = "") -> str:
    base = reverse("workspace:foi-detail", args=[pk])
    return f"{base}?{urlencode({'q': query})}#published" if query else f"{base}#published"


@staff_view
def confirm(request, pk: int, item_id: int):
    """Before the answer is given: the reply the applicant will get, for the handler to read and confirm (a
    final decision is never one click away)."""
    application = access.get_application_for_user(request.user, pk, write=True)
    item = get_object_or_404(InformationItem.objects.select_related("unit"), pk=item_id)
    query = " ".join(request.GET.get("q", "").split())[:200]
    problem = ""
    try:
        published.check_answerable(application, item)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    url = published.item_url(item, request=request)
    context = {
        "application": application,
        "item": item,
        "url": url,
        "reply_text": published.reply_text(item, url),
        "legal_basis": published.LEGAL_BASIS,
        "problem": problem,
        "query": query,
        "back": _back(application.pk, query),
    }
    return render(request, "workspace/foi/published_confirm.html", context)


@staff_view
@require_POST
def reply(request, pk: int):
    """以此答复（已主动公开）: the chosen item's reply is recorded at once; the result says so."""
    application = access.get_application_for_user(request.user, pk, write=True)
    item = get_object_or_404(
        InformationItem.objects.select_related("unit"), pk=int_param(request.POST.get("item_id"), 0)
    )
    query = " ".join(request.POST.get("q", "").split())[:200]
    try:
        published.reply_with_item(
            request.user, application, item, note=request.POST.get("note", "")[:2000], request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_back(application.pk, query))
    messages.success(
        request,
        _("已作出答复（予以公开）：告知申请人“%(title)s”已主动公开及其网址。可在下方下载答复告知书。")
        % {"title": item.title},
    )
    return redirect(reverse("workspace:foi-detail", args=[application.pk]) + "#reply-h")
