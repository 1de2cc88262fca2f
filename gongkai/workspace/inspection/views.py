"""Workspace pages: 网站检查. The office's sites side by side (red, amber, green), a site's indicators with
what to fix and the records behind them, its daily history and probes, and the manual findings (人工指标)
entered with evidence. Every write goes through ``gongkai.inspection.services``."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import can
from gongkai.core.files import private_download
from gongkai.core.forms import add_errors
from gongkai.core.roles import Capability
from gongkai.inspection import access, services
from gongkai.inspection.indicators import Status
from gongkai.inspection.models import Probe

from ..auth import staff_view
from ..views import page
from .forms import IncidentForm, ProbeSettingsForm, ResolveForm

HISTORY_DAYS = 30


def _office(request):
    if not can(request.user, Capability.SUPERVISE):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return access.sites_for(request.user)


@staff_view
def index(request):
    sites = _office(request)
    kept = services.newest_results(sites)
    rows = []
    for site in sites:
        results = kept.get(site.pk) or services.inspect(site)  # a site never inspected yet: computed now
        checked = max((getattr(r, "computed_at", None) for r in results if getattr(r, "computed_at", None)),
                      default=None)  # fmt: skip
        rows.append(
            {"site": site, "results": results, "overall": services.overall(results), "checked": checked}
        )
    codes = [(r.code, r.label) for r in rows[0]["results"]] if rows else []
    return page(request, "workspace/inspection/index.html",
                {"title": _("网站检查"), "rows": rows, "codes": codes, "today": timezone.localdate()},
                section="inspection")  # fmt: skip


def _history_grid(site, today: dt.date):
    results = services.history(site, HISTORY_DAYS, today)
    days = sorted({r.day for r in results}, reverse=True)
    by = {(r.day, r.code): r for r in results}
    codes = list(dict.fromkeys(r.code for r in sorted(results, key=lambda r: r.code)))
    labels = {r.code: r.label for r in results}
    return {"days": [{"day": d, "cells": [by.get((d, c)) for c in codes]} for d in days],
            "codes": [(c, labels[c]) for c in codes]}  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def site(request, site_id: int):
    _office(request)
    target = access.get_site_for_user(request.user, site_id)
    today = timezone.localdate()
    config = services.settings_for(target)
    settings_form = ProbeSettingsForm(instance=config, prefix="probe")
    if request.method == "POST":
        settings_form = ProbeSettingsForm(request.POST, instance=config, prefix="probe")
        if settings_form.is_valid():
            services.save_probe_settings(actor=request.user, site=target, fields=settings_form.cleaned_data)
            messages.success(request, _("探测设置已保存。"))
            return redirect("workspace:inspection-site", site_id)
    results, checked = services.current(target, today)
    week = today - dt.timedelta(days=6)
    probes = Probe.objects.filter(site=target, at__date__gte=week).aggregate(
        total=Count("pk"), failed=Count("pk", filter=Q(ok=False)))  # fmt: skip
    return page(request, "workspace/inspection/site.html", {
        "title": _("网站检查：%(s)s") % {"s": target.name}, "site": target, "results": results,
        "overall": services.overall(results), "today": today, "checked": checked, "history": _history_grid(target, today),
        "probes": probes, "recent_probes": Probe.objects.filter(site=target)[:10], "probe_base": services.probe_base(target),
        "settings_form": settings_form, "incidents": target.incidents.all()[:50], "red": Status.RED,
    }, section="inspection")  # fmt: skip


@staff_view
@require_POST
def run(request, site_id: int):
    _office(request)
    target = access.get_site_for_user(request.user, site_id)
    services.run_daily(timezone.localdate(), sites=[target])
    messages.success(request, _("已重新检查，今天的结果和各单位的待办已更新。"))
    return redirect("workspace:inspection-site", site_id)


@staff_view
@require_http_methods(["GET", "POST"])
def incident_new(request, site_id: int):
    _office(request)
    target = access.get_site_for_user(request.user, site_id)
    form = IncidentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence", None) or None
        try:
            incident = services.record_incident(
                actor=request.user, site=target, fields=data, evidence=evidence
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已录入，该问题在整改前使安全指标判为不合格。"))
            return redirect("workspace:inspection-incident", incident.pk)
    return page(request, "workspace/inspection/incident_new.html",
                {"title": _("录入人工检查问题"), "site": target, "form": form}, section="inspection")  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def incident(request, pk: int):
    _office(request)
    found = get_object_or_404(access.incidents_for(request.user), pk=pk)
    form = ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_incident(actor=request.user, incident=found, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已记录整改情况。"))
            return redirect("workspace:inspection-incident", pk)
    return page(request, "workspace/inspection/incident.html",
                {"title": _("人工检查问题"), "incident": found, "form": form}, section="inspection")  # fmt: skip


@staff_view
def incident_evidence(request, pk: int):
    _office(request)
    found = get_object_or_404(access.incidents_for(request.user), pk=pk)
    if not found.evidence:
        from django.http import Http404

        raise Http404
    name = found.evidence.name.rsplit("/", 1)[-1]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return private_download(found.evidence, filename=name, content_type=kind)
