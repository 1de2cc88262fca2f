"""The assessment (考核): the office's schemes with their indicators, the scores computed from the platform's
records or given by hand, the results with ranks and their downloads."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import ParentPermissionInline, run_for_each
from gongkai.core.documents import DocumentUnavailable

from .. import access, assessment, exports, services
from ..models import AssessmentScheme, Indicator, Method, Score
from .base import OfficeAdmin
from .forms import ScoreForm


class IndicatorInline(ParentPermissionInline, admin.TabularInline):
    model = Indicator
    fields = ["order", "name", "points", "method", "rule"]
    extra = 1


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(OfficeAdmin):
    inlines = [IndicatorInline]
    list_display = ["title", "year", "openness_weight", "unit_count", "computed_at", "results_link"]
    fields = ["title", "year", "owner", "plan", "openness_weight", "units", "note"]
    filter_horizontal = ["units"]
    actions = ["compute_scores"]

    def get_queryset(self, request):
        return access.schemes_for(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = core_access.units_for(request.user)
        if db_field.name == "plan":
            kwargs["queryset"] = access.plans_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["queryset"] = core_access.units_for(request.user).order_by("path")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_scheme(actor=request.user, scheme=obj, units=form.cleaned_data.get("units"))

    def save_inline(self, request, parent, obj, form):
        return services.save_indicator(actor=request.user, indicator=obj)

    def delete_inline(self, request, parent, obj):
        services.delete_indicator(actor=request.user, indicator=obj)

    @admin.display(description=_("被考核单位数"))
    def unit_count(self, obj):
        return obj.units.count()

    @admin.display(description=_("结果"))
    def results_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:supervision_assessmentscheme_results", args=[obj.pk]),
                           _("得分与排名"))  # fmt: skip

    @admin.action(description=_("按平台数据计算得分"))
    def compute_scores(self, request, queryset):
        run_for_each(self, request, queryset, lambda s: services.compute_scores(actor=request.user, scheme=s),
                     _("已计算：%(t)s"))  # fmt: skip

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="supervision_assessmentscheme_results"),
            path(
                "<int:pk>/results.<str:fmt>",
                view(self.results_file),
                name="supervision_assessmentscheme_file",
            ),
            *super().get_urls(),
        ]

    def results_view(self, request, pk):
        scheme = access.get_scheme_for_user(request.user, pk)
        indicators, results = exports.assessment_rows(scheme)
        try:
            assessment.check_scheme(scheme)
            problem = ""
        except ValidationError as error:
            problem = "；".join(error.messages)
        return TemplateResponse(request, "supervision/admin/results.html", {
            **self.admin_site.each_context(request), "title": _("考核得分与排名"), "scheme": scheme,
            "indicators": indicators, "results": results, "problem": problem, "opts": self.model._meta,
            "manual": [i for i in indicators if i.method == Method.MANUAL],
        })  # fmt: skip

    def results_file(self, request, pk, fmt):
        scheme = access.get_scheme_for_user(request.user, pk)
        if fmt == "xlsx":
            return exports.download(exports.assessment_xlsx(scheme), f"assessment-{scheme.year}.xlsx")
        if fmt == "pdf":
            try:
                data = exports.assessment_pdf(scheme)
            except DocumentUnavailable as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:supervision_assessmentscheme_results", args=[pk]))
            return exports.download(data, f"assessment-{scheme.year}.pdf", "application/pdf")
        raise Http404


@admin.register(Score)
class ScoreAdmin(OfficeAdmin):
    list_display = ["unit", "indicator", "points", "basis", "scored_at"]
    list_filter = ["indicator__scheme", "indicator"]

    def get_queryset(self, request):
        return access.scores_for(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("BoundScoreForm", (ScoreForm,), {"request": request})
        return super().get_form(request, obj, change, **kwargs)

    def has_change_permission(self, request, obj=None):
        return access.may_supervise_any(request.user) and (
            obj is None or obj.indicator.method == Method.MANUAL
        )

    def save_via_service(self, request, obj, form, change):
        data = form.cleaned_data
        return services.score_manually(actor=request.user, indicator=data["indicator"], unit=data["unit"],
                                       points=data["points"], basis=data["basis"])  # fmt: skip
