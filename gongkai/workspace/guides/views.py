"""Workspace pages: 办事指南. The guides of the user's units with what each lacks of the 8 key elements, the
form to add or change one, and publishing or withdrawing it. Every write goes through
``gongkai.guides.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.access import can
from gongkai.core.paging import BoundedPaginator
from gongkai.guides import access, services
from gongkai.guides.models import ServiceGuide, Status
from gongkai.guides.rules import ELEMENT_FIELDS

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import GuideForm

SHOWS = {"": None, "incomplete": "incomplete", "draft": Status.DRAFT, "published": Status.PUBLISHED}


@staff_view
def index(request):
    found = (
        access.guides_for(request.user)
        .select_related("unit")
        .order_by("unit__path", "category", "name", "pk")
    )
    show = request.GET.get("show", "")
    show = show if show in SHOWS else ""
    text = (request.GET.get("q") or "").strip()[:50]
    if show == "incomplete":
        found = found.incomplete()
    elif show:
        found = found.filter(status=SHOWS[show])
    if text:
        found = found.filter(Q(name__icontains=text) | Q(code__icontains=text))
    flagged = access.guides_for(request.user).published().incomplete().count()
    listed = BoundedPaginator(found, 50).get_page(request.GET.get("page"))
    return page(request, "workspace/guides/index.html", {
        "title": _("办事指南"), "page": listed, "q": text, "show": show, "flagged": flagged,
        "shows": [("", _("全部")), ("incomplete", _("要素不全")), ("draft", _("草稿")), ("published", _("已发布"))],
    }, section="guides")  # fmt: skip


def _initial(guide: ServiceGuide) -> dict:
    names = ("code", "category", *ELEMENT_FIELDS, "fees", "time_limit", "online_level", "online_url")
    return {"unit": guide.unit, **{name: getattr(guide, name) for name in names}}


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int | None = None):
    """Add a guide or change one; publish or withdraw it (buttons of their own)."""
    user = request.user
    guide = access.get_guide_for_user(user, pk) if pk else None
    units = access.writable_units(user)
    form = GuideForm(units=units, initial=_initial(guide) if guide else {})
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if guide:
            access.get_guide_for_user(user, pk, write=True)
        if guide and action in ("publish", "unpublish"):
            try:
                if action == "publish":
                    services.publish_guide(actor=user, guide=guide)
                    messages.success(request, _("已发布。"))
                else:
                    services.unpublish_guide(actor=user, guide=guide)
                    messages.success(request, _("已撤下，公开页面不再显示。"))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("workspace:guides-edit", guide.pk)
        form = GuideForm(request.POST, units=units)
        if form.is_valid():
            data = dict(form.cleaned_data)
            unit = data.pop("unit")
            try:
                saved = services.save_guide(actor=user, unit=unit, fields=data, guide=guide,
                                            publish=action == "save_publish")  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                missing = saved.missing
                if guide and guide.is_published and not saved.is_published:
                    messages.warning(
                        request,
                        _("已保存。修改后的办事指南已撤下公开页面、转为草稿，待有发布权限的审核人员发布。"),
                    )
                elif missing:
                    messages.warning(request, _("已保存。还缺少：%(m)s。") % {"m": "、".join(missing)})
                else:
                    messages.success(request, _("已保存。"))
                return redirect("workspace:guides-edit", saved.pk)
    title = guide.name if guide else _("新增办事指南")
    return page(request, "workspace/guides/edit.html", {
        "title": title, "guide": guide, "form": form,
        "can_publish": can(user, access.PUBLISH, guide.unit if guide else None),
    }, section="guides")  # fmt: skip
