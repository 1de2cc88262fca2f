"""Back office for annual reports: narratives, table 2 by hand, live tables and checks, publication, roll-up."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core.admin import StaffOnlyMixin
from gongkai.core.admin_base import AuditedAdmin
from gongkai.core.roles import Capability

from . import access, compute, services
from .forms import TABLE2_LABELS, Table2Fields, table2_field
from .layout import T2_ROWS
from .models import AnnualReport, ReportStatus

_t2_field = table2_field


class ReportForm(Table2Fields, forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["unit", "year", "overview", "problems", "other_matters", "check_explanation"]
        labels = TABLE2_LABELS  # for the table's fields shown read-only (a published report)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_table2_fields(self.instance.table2_manual)


@admin.register(AnnualReport)
class AnnualReportAdmin(StaffOnlyMixin, AuditedAdmin):
    form = ReportForm
    change_form_template = "reports/admin/report_change_form.html"
    change_list_template = "reports/admin/report_change_list.html"
    list_display = ["unit", "year", "status", "published_at"]
    list_filter = ["year", "status"]

    def get_fieldsets(self, request, obj=None):
        table2 = [_t2_field(row, column) for _b, row, _l, cols in T2_ROWS for column, _c in cols]
        return [
            (None, {"fields": ["unit", "year"]}),
            (gettext_lazy("叙述部分"), {"fields": ["overview", "problems", "other_matters"]}),
            (
                gettext_lazy("二、主动公开政府信息情况（规章、规范性文件台账上线前手工填报）"),
                {"fields": table2},
            ),
            (gettext_lazy("校验说明"), {"fields": ["check_explanation"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The table 2 fields are made by the form itself (ReportForm.__init__), not by the model form
        # factory, which refuses fields the model lacks: it is given only the model's fields.
        fields = kwargs.get("fields") or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if not name.startswith("t2__")]
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["unit", "year"] if obj else []

    def get_queryset(self, request):
        return access.reports_for(request.user)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.EDIT_CONTENT)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == ReportStatus.PUBLISHED:
            return False
        return core_access.can(request.user, Capability.EDIT_CONTENT, obj.unit if obj else None)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"unit": request.user.unit_id, "year": timezone.localdate().year - 1}

    def save_via_service(self, request, obj, form, change):
        report = obj if change else services.start_report(actor=request.user, unit=obj.unit, year=obj.year)
        return services.update_report(
            actor=request.user,
            report=report,
            overview=form.cleaned_data.get("overview", ""),
            problems=form.cleaned_data.get("problems", ""),
            other_matters=form.cleaned_data.get("other_matters", ""),
            check_explanation=form.cleaned_data.get("check_explanation", ""),
            table2_manual=form.table2(),
        )

    def add_view(self, request, form_url="", extra_context=None):
        unit_id, year = request.GET.get("unit", ""), request.GET.get("year", "")
        if request.method == "GET" and unit_id.isdigit() and year.isdigit():
            unit = core_access.get_organization_for_user(request.user, int(unit_id))
            report = services.start_report(actor=request.user, unit=unit, year=int(year))
            return HttpResponseRedirect(reverse("admin:reports_annualreport_change", args=[report.pk]))
        return super().add_view(request, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["tables"] = services.tables_for(obj)
            context["problems"] = services.problems_for(obj)
            context["deadline"] = services.deadline(obj.unit, obj.year)
            context["can_publish"] = obj.status == ReportStatus.DRAFT and core_access.can(
                request.user, Capability.REVIEW_CONTENT, obj.unit
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="reports_annualreport_publish",
            ),
            path("rollup/", self.admin_site.admin_view(self.rollup_view), name="reports_annualreport_rollup"),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk: int):
        if request.method != "POST":
            raise PermissionDenied
        report = access.get_report_for_user(request.user, pk, write=True)
        try:
            services.publish_report(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("admin:reports_annualreport_change", args=[pk]))
        messages.success(request, _("年度报告已发布。"))
        return HttpResponseRedirect(reverse("admin:reports_annualreport_changelist"))

    def rollup_view(self, request):
        """Every unit's report status against its statutory date, and section 三 totals across the subtree."""
        units = access.rollup_units_for(request.user)
        today = timezone.localdate()
        asked = request.GET.get("year", "")
        year = int(asked) if asked.isdigit() and 2000 <= int(asked) <= today.year else today.year - 1
        reports = {r.unit_id: r for r in access.reports_for(request.user).filter(year=year, unit__in=units)}
        rows = []
        for unit in units.filter(~Q(org_type="township")):
            report = reports.get(unit.pk)
            due = services.deadline(unit, year)
            if report and report.status == ReportStatus.PUBLISHED:
                state = _("已发布") + ("（逾期）" if timezone.localdate(report.published_at) > due else "")
            elif today > due:
                state = _("逾期未发布")
            else:
                state = _("草稿") if report else _("未开始")
            rows.append({"unit": unit, "due": due, "state": state, "late": "逾期" in state, "report": report})
        root = request.user.unit if not request.user.is_superuser else units.first()
        totals = compute.table3(compute.units_of(root, subtree=True), year)
        return TemplateResponse(
            request,
            "reports/admin/rollup.html",
            {
                **self.admin_site.each_context(request),
                "title": _("%(year)s年度报告汇总") % {"year": year},
                "rows": rows,
                "totals": totals,
                "year": year,
                "years": range(today.year - 1, today.year - 6, -1),
                "opts": self.model._meta,
                "today": dt.date.today(),
            },
        )
