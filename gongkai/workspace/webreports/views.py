"""Workspace pages: 网站年度报表. The sites an openness office manages, each year's report with its figures
and their sources, the entered figures, the security checks, and review and publication, all through
``gongkai.webreports.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.webreports import access, outputs, services
from gongkai.webreports.compute import rows_for
from gongkai.webreports.models import ReportStatus, SecurityCheck, WebsiteReport

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import CheckForm, EnteredForm

SECTION = "webreports"
SOURCES = {
    "site": _("网站设置"),
    "platform": _("平台统计"),
    "provider": _("其他模块"),
    "entered": _("填报"),
    "missing": _("暂无来源"),
}


def _year(year: int) -> int:
    if not services.FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


@staff_view
def index(request):
    today = timezone.localdate()
    sites = list(access.sites_for(request.user).order_by("root__path"))
    reports = {(r.site_id, r.year): r for r in access.reports_for(request.user)}
    listed = []
    for site in sites:
        years = sorted({today.year - 1, today.year} | {y for (s, y) in reports if s == site.pk}, reverse=True)
        listed.append(
            {"site": site, "years": [{"year": y, "report": reports.get((site.pk, y))} for y in years]}
        )
    return page(
        request,
        "workspace/webreports/index.html",
        {"title": _("网站年度报表"), "sites": listed, "today": today},
        section=SECTION,
    )


def _report_url(site_id: int, year: int) -> str:
    return reverse("workspace:webreports-report", args=[site_id, year])


@staff_view
@require_http_methods(["GET", "POST"])
def report(request, site_id: int, year: int):
    site = access.get_site_for_user(request.user, site_id)
    year = _year(year)
    found = WebsiteReport.objects.filter(site=site, year=year).first() or WebsiteReport(site=site, year=year)
    editable = found.status == ReportStatus.DRAFT
    # the form works on its own copy: a refused value never reaches the figures shown beside it
    copy = WebsiteReport.objects.get(pk=found.pk) if found.pk else WebsiteReport(site=site, year=year)
    form = EnteredForm(request.POST or None, instance=copy)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("只有草稿状态的报表可以修改；已审核的报表请先退回修改。"))
            return redirect(_report_url(site.pk, year))
        if form.is_valid():
            try:
                services.save_report(
                    actor=request.user,
                    site=site,
                    year=year,
                    values={k: form.cleaned_data[k] for k in WebsiteReport.ENTERED},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已保存。"))
                return redirect(_report_url(site.pk, year))
    rows = outputs.table(rows_for(found))
    for row in rows:
        row["source_label"] = SOURCES.get(row["source"], "")
    checks = SecurityCheck.objects.filter(site=site).in_year(year)
    return page(
        request,
        "workspace/webreports/report.html",
        {
            "title": found.title,
            "site": site,
            "report": found,
            "rows": rows,
            "with_sources": True,
            "form": form,
            "editable": editable,
            "checks": checks,
            "actions": _actions(found),
        },
        section=SECTION,
    )


def _actions(report: WebsiteReport) -> list[tuple[str, str]]:
    labels = {"review": _("审核通过"), "reopen": _("退回修改"), "publish": _("发布")}
    status = report.status or ReportStatus.DRAFT
    return [(a, labels[a]) for a, (allowed, _to) in services.TRANSITIONS.items() if status in allowed]


@staff_view
@require_POST
def move(request, site_id: int, year: int, action: str):
    site = access.get_site_for_user(request.user, site_id)
    year = _year(year)
    if action not in services.TRANSITIONS:
        raise Http404
    try:
        services.move_report(actor=request.user, site=site, year=year, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {"review": _("报表已审核。"), "reopen": _("报表已退回修改。"), "publish": _("报表已发布。")}
        messages.success(request, done[action])
    return redirect(_report_url(site.pk, year))


@staff_view
@require_http_methods(["GET", "POST"])
def add_check(request, site_id: int):
    site = access.get_site_for_user(request.user, site_id)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.add_security_check(actor=request.user, site=site, check=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记安全检查。"))
            return redirect(_report_url(site.pk, check.checked_on.year))
    return page(
        request,
        "workspace/webreports/check.html",
        {"title": _("登记安全检查"), "site": site, "form": form},
        section=SECTION,
    )


@staff_view
@require_POST
def delete_check(request, pk: int):
    check = access.get_check_for_user(request.user, pk)
    try:
        services.delete_security_check(actor=request.user, check=check)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已删除安全检查记录。"))
    return redirect(_report_url(check.site_id, check.checked_on.year))
