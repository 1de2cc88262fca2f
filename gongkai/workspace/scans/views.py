"""Workspace pages: 内容巡查. The findings of the user's units (filter by unit, check, status), each opening the
item's editor at its place, fixed or dismissed with a reason; the office starts a run (queued for the worker,
never run in the request) and keeps the leaders' list the lexicon check reads. All through
``gongkai.scans.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import units_for, writable_units
from gongkai.core.models import Leader
from gongkai.scans import access, services
from gongkai.scans.models import Check, FindingStatus

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import DismissForm, FindingFilter, LeaderForm, RunForm

SECTION = "scans"


@staff_view
def index(request):
    user = request.user
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = FindingStatus.OPEN
    units = units_for(user).order_by("path")
    filters = FindingFilter(data, units=units)
    found = access.findings_for(user).with_places().order_by("-first_seen_at", "-pk")
    if filters.is_valid():
        chosen = filters.cleaned_data
        if chosen["unit"]:
            found = found.filter(unit=chosen["unit"])
        if chosen["kind"]:
            found = found.filter(kind=chosen["kind"])
        if chosen["status"]:
            found = found.filter(status=chosen["status"])
    else:
        found = found.none()
    counts = (
        access.findings_for(user)
        .open()
        .aggregate(
            total=Count("pk"),
            personal=Count("pk", filter=Q(kind=Check.PERSONAL)),
            lexicon=Count("pk", filter=Q(kind=Check.LEXICON)),
            links=Count("pk", filter=Q(kind=Check.LINKS)),
        )
    )
    listed = Paginator(found, 30).get_page(request.GET.get("page"))
    return page(request, "workspace/scans/index.html", {
        "title": _("内容巡查"), "filters": filters, "findings": listed, "counts": counts,
        "runs": access.runs_for(user)[:5],
        "may_run": access.may_run(user), "run_form": RunForm(),
        "may_keep_leaders": access.may_keep_leaders(user),
    }, section=SECTION)  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def finding(request, pk: int):
    user = request.user
    found = access.get_finding_for_user(user, pk, write=request.method == "POST")
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dismiss_finding(actor=user, finding=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已忽略该问题。"))
            return redirect("workspace:scans")
    return page(request, "workspace/scans/finding.html", {
        "title": _("巡查发现的问题"), "finding": found, "form": form,
        "may_handle": access.may_handle(user, found.unit),
    }, section=SECTION)  # fmt: skip


@staff_view
@require_POST
def fix(request, pk: int):
    user = request.user
    found = access.get_finding_for_user(user, pk, write=True)
    try:
        services.fix_finding(actor=user, finding=found, note=request.POST.get("note", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已标记为已整改；下次巡查如仍发现该问题，将重新打开。"))
    return redirect("workspace:scans")


@staff_view
@require_POST
def run(request):
    user = request.user
    form = RunForm(request.POST)
    if not access.may_run(user):
        messages.error(request, _("只有政务公开办公室可以发起巡查。"))
    elif not form.is_valid():
        messages.error(request, _("请选择巡查内容。"))
    else:
        try:
            services.request_scan(actor=user, kind=form.cleaned_data["kind"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("巡查已排队，由后台任务执行，完成后结果显示在本页。"))
    return redirect("workspace:scans")


@staff_view
def leaders(request):
    user = request.user
    listed = (
        access.leaders_for(user)
        .select_related("organization")
        .order_by("organization__path", "-is_active", "sort_order", "pk")
    )
    return page(request, "workspace/scans/leaders.html", {
        "title": _("领导信息"), "leaders": Paginator(listed, 50).get_page(request.GET.get("page")),
        "may_keep_leaders": access.may_keep_leaders(user),
    }, section=SECTION)  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def leader(request, pk: int | None = None):
    user = request.user
    obj = access.get_leader_for_user(user, pk, write=request.method == "POST") if pk else None
    units = writable_units(user, access.LEADERS)
    form = LeaderForm(request.POST or None, instance=obj or Leader(), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_leader(actor=user, leader=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。词库巡查将按新的领导信息重新进行。"))
            return redirect("workspace:scans-leaders")
    return page(request, "workspace/scans/leader.html", {"title": _("领导信息"), "form": form},
                section=SECTION)  # fmt: skip
