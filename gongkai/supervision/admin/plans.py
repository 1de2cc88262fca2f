"""Work plans and their tasks: the office imports a plan's task table, resolves the names the import did not
match, assigns units and milestones to tasks, follows every unit's reporting and publishes the progress."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import ParentPermissionInline
from gongkai.core.forms import PlainChoicesForm
from gongkai.core.models import Organization

from .. import access, exports, progress, services
from ..annex import read_bytes
from ..models import Assignment, Milestone, PlanTask, ReportStatus, Schedule, WorkPlan
from .base import OfficeAdmin


class ImportForm(PlainChoicesForm):
    file = forms.FileField(label=_("任务分解表文件"), help_text=_("工作要点全文（.txt）、CSV 或 XLSX。"))
    government = forms.ModelChoiceField(Organization.objects.none(), label=_("印发政府"), required=False,
                                        help_text=_("全文文件可留空，按印发机关确定。"))  # fmt: skip
    title = forms.CharField(label=_("名称"), required=False)
    doc_number = forms.CharField(label=_("文号"), required=False)
    issued_on = forms.DateField(
        label=_("印发日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    schedule = forms.ChoiceField(label=_("报送周期"), choices=Schedule.choices, initial=Schedule.QUARTERLY)


class ResolveForm(PlainChoicesForm):
    remember = forms.BooleanField(label=_("记为该单位的别名，今后导入自动对应"), required=False, initial=True)

    def __init__(self, *args, names=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for index, name in enumerate(names):
            self.fields[f"name_{index}"] = forms.ModelChoiceField(units, label=name, required=False,
                                                                  empty_label=_("暂不确认"))  # fmt: skip
        self.names = list(names)


@admin.register(WorkPlan)
class WorkPlanAdmin(OfficeAdmin):
    list_display = ["title", "year", "doc_number", "issued_on", "schedule", "task_count", "unmatched_count",
                    "is_published"]  # fmt: skip
    fields = ["title", "year", "government", "issuer_name", "doc_number", "issued_on", "schedule",
              "report_due_days", "remind_days", "is_published"]  # fmt: skip
    change_form_template = "supervision/admin/workplan_change_form.html"
    change_list_template = "supervision/admin/workplan_change_list.html"

    def get_queryset(self, request):
        return access.plans_for(request.user)

    def get_readonly_fields(self, request, obj=None):
        return ["government"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "government":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_plan(actor=request.user, plan=obj)

    @admin.display(description=_("任务数"))
    def task_count(self, obj):
        return obj.tasks.count()

    @admin.display(description=_("待确认单位"))
    def unmatched_count(self, obj):
        names = {n for t in obj.tasks.all() for n in t.unmatched}
        if not names:
            return "—"
        url = reverse("admin:supervision_workplan_resolve", args=[obj.pk])
        return format_html('<a href="{}"><strong>{}</strong></a>', url, "、".join(sorted(names)))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="supervision_workplan_import"),
            path("<int:pk>/overview/", view(self.overview_view), name="supervision_workplan_overview"),
            path("<int:pk>/resolve/", view(self.resolve_view), name="supervision_workplan_resolve"),
            path("<int:pk>/progress.xlsx", view(self.progress_xlsx), name="supervision_workplan_progress"),
            path(
                "<int:pk>/ledger/<int:unit_id>.xlsx",
                view(self.ledger_xlsx),
                name="supervision_workplan_ledger",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, template: str, title, **context):
        return TemplateResponse(request, template, {
            **self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **context,
        })  # fmt: skip

    def import_view(self, request):
        if not access.may_supervise_any(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        form.fields["government"].queryset = core_access.units_for(request.user)
        if request.method == "POST" and form.is_valid():
            data, upload = form.cleaned_data, form.cleaned_data["file"]
            try:
                table = read_bytes(upload.read(), Path(upload.name).suffix)
                report = services.import_plan(
                    actor=request.user, table=table, government=data["government"], title=data["title"],
                    doc_number=data["doc_number"], issued_on=data["issued_on"], schedule=data["schedule"],
                )  # fmt: skip
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            except PermissionDenied:
                form.add_error(None, _("您不能为该政府导入工作要点。"))
            else:
                return self._imported(request, report)
        return self._page(request, "supervision/admin/import.html", _("导入工作要点"), form=form)

    def _imported(self, request, report):
        self.message_user(request, _("已导入“%(t)s”：%(n)d 项任务，%(a)d 个责任单位指派。")
                          % {"t": report.plan.title, "n": report.tasks, "a": report.assignments},
                          messages.SUCCESS)  # fmt: skip
        if report.unmatched:
            self.message_user(request, _("有 %(n)d 处单位名称未能对应，请逐一确认。") % {"n": len(report.unmatched)},
                              messages.WARNING)  # fmt: skip
            return HttpResponseRedirect(reverse("admin:supervision_workplan_resolve", args=[report.plan.pk]))
        return HttpResponseRedirect(reverse("admin:supervision_workplan_change", args=[report.plan.pk]))

    def resolve_view(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, write=True)
        names = list(dict.fromkeys(n for t in plan.tasks.all() for n in t.unmatched))
        units = core_access.units_for(request.user).filter(is_active=True).order_by("path")
        form = ResolveForm(request.POST or None, names=names, units=units)
        if request.method == "POST" and form.is_valid():
            done = 0
            try:
                for index, name in enumerate(names):
                    unit = form.cleaned_data.get(f"name_{index}")
                    if unit is not None:
                        done += services.resolve_name(actor=request.user, plan=plan, name=name, unit=unit,
                                                      remember=form.cleaned_data["remember"])  # fmt: skip
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("已确认，涉及 %(n)d 项任务。") % {"n": done}, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        where = {n: [t.order for t in plan.tasks.all() if n in t.unmatched] for n in names}
        return self._page(request, "supervision/admin/resolve.html", _("确认责任单位"), plan=plan, form=form,
                          where=where)  # fmt: skip

    def overview_view(self, request, pk):
        """Every unit's state for every period so far: what is overdue, waiting for review, returned."""
        plan = access.get_plan_for_user(request.user, pk, write=True)
        rows = services.ledger(plan, core_access.units_for(request.user), timezone.localdate())
        periods, units = progress.overview(rows)
        waiting = access.reports_for(request.user).filter(
            assignment__task__plan=plan, status=ReportStatus.SUBMITTED
        )
        return self._page(request, "supervision/admin/overview.html", _("进展报送情况"), plan=plan, periods=periods,
                          units=units, waiting=waiting.count(), labels=services.PeriodState.LABELS)  # fmt: skip

    def progress_xlsx(self, request, pk):
        plan = access.get_plan_for_user(request.user, pk, write=True)
        return exports.download(exports.plan_xlsx(plan), f"workplan-{plan.year}-progress.xlsx")

    def ledger_xlsx(self, request, pk, unit_id):
        plan = access.get_plan_for_user(request.user, pk, write=True)
        unit = core_access.get_organization_for_user(request.user, unit_id)
        return exports.download(exports.ledger_xlsx(plan, unit), f"ledger-{plan.year}-{unit.pk}.xlsx")


class MilestoneInline(ParentPermissionInline, admin.TabularInline):
    model = Milestone
    fields = ["order", "title", "planned_on"]
    extra = 1


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["unit", "role"]

    def clean(self):
        data = super().clean()
        unit, task = data.get("unit"), getattr(self.instance, "task", None)
        if unit is not None and task is not None and not unit.is_within(task.plan.government):
            self.add_error("unit", _("该单位不属于本工作要点的范围。"))
        return data


class AssignmentInline(ParentPermissionInline, admin.TabularInline):
    model = Assignment
    form = AssignmentForm
    fields = ["unit", "role", "completed_on"]
    readonly_fields = ["completed_on"]
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(PlanTask)
class PlanTaskAdmin(OfficeAdmin):
    inlines = [AssignmentInline, MilestoneInline]
    list_display = ["order", "title", "section", "unit_count", "open_ended", "unmatched_names", "due_on"]
    list_display_links = ["order", "title"]
    list_filter = ["plan", "section", "open_ended"]
    search_fields = ["subtask", "requirement", "units_text"]
    fields = ["plan", "section", "order", "subtask", "requirement", "units_text", "open_ended", "unmatched",
              "key_areas", "columns", "stale_after_days", "due_on"]  # fmt: skip
    readonly_fields = ["plan", "section", "order", "units_text", "open_ended", "unmatched"]
    filter_horizontal = ["key_areas", "columns"]

    def get_queryset(self, request):
        return access.tasks_for(request.user)

    def has_add_permission(self, request):
        return False  # tasks come from the plan's table

    def save_via_service(self, request, obj, form, change):
        return services.save_task(actor=request.user, task=obj, **self.m2m_data(form))

    def save_inline(self, request, parent, obj, form):
        if isinstance(obj, Milestone):
            return services.save_milestone(actor=request.user, milestone=obj)
        return services.save_assignment(actor=request.user, assignment=obj)

    def delete_inline(self, request, parent, obj):
        if isinstance(obj, Milestone):
            services.delete_milestone(actor=request.user, milestone=obj)
        else:
            services.unassign(actor=request.user, assignment=obj)

    @admin.display(description=_("责任单位数"))
    def unit_count(self, obj):
        return obj.assignments.count()

    @admin.display(description=_("待确认单位"))
    def unmatched_names(self, obj):
        return "、".join(obj.unmatched) or "—"
