"""Back office: the office imports and supervises work plans and scores the assessment; each unit sees its
tasks ("本单位任务"), reports progress for each period and revises what the office returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import OfficeKeptAdmin, ParentPermissionInline, StaffOnlyMixin, run_for_each
from gongkai.core.documents import DocumentUnavailable
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from . import assessment, evidence, exports, schedule, services
from .annex import read_bytes
from .importer import import_plan
from .models import (
    AssessmentScheme,
    Assignment,
    FreshnessRule,
    Indicator,
    Method,
    Milestone,
    PlanTask,
    ProgressReport,
    ReportAttachment,
    ReportStatus,
    Schedule,
    Score,
    WorkPlan,
)


def _supervisor(request, unit=None) -> bool:
    return core_access.can(request.user, Capability.SUPERVISE, unit)


class OfficeAdmin(OfficeKeptAdmin):
    office_only = True  # plans and scores are worked on by the office before anything is public


# Work plans -----------------------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_("任务分解表文件"), help_text=_("工作要点全文（.txt）、CSV 或 XLSX。"))
    government = forms.ModelChoiceField(Organization.objects.none(), label=_("印发政府"), required=False,
                                        help_text=_("全文文件可留空，按印发机关确定。"))  # fmt: skip
    title = forms.CharField(label=_("名称"), required=False)
    doc_number = forms.CharField(label=_("文号"), required=False)
    issued_on = forms.DateField(
        label=_("印发日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    schedule = forms.ChoiceField(label=_("报送周期"), choices=Schedule.choices, initial=Schedule.QUARTERLY)


class ResolveForm(forms.Form):
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
        return super().get_queryset(request).filter(government__in=core_access.units_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        return ["government"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "government":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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

    def _plan(self, request, pk) -> WorkPlan:
        plan = get_object_or_404(WorkPlan, pk=pk)
        if not _supervisor(request, plan.government):
            raise PermissionDenied
        return plan

    def import_view(self, request):
        if not _supervisor(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        form.fields["government"].queryset = core_access.units_for(request.user)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = read_bytes(upload.read(), Path(upload.name).suffix)
                report = import_plan(
                    actor=request.user, table=table, government=form.cleaned_data["government"],
                    title=form.cleaned_data["title"], doc_number=form.cleaned_data["doc_number"],
                    issued_on=form.cleaned_data["issued_on"], schedule=form.cleaned_data["schedule"],
                )  # fmt: skip
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                self.message_user(request, _("已导入“%(t)s”：%(n)d 项任务，%(a)d 个责任单位指派。")
                                  % {"t": report.plan.title, "n": report.tasks, "a": report.assignments},
                                  messages.SUCCESS)  # fmt: skip
                if report.unmatched:
                    self.message_user(request, _("有 %(n)d 处单位名称未能对应，请逐一确认。") % {"n": len(report.unmatched)},
                                      messages.WARNING)  # fmt: skip
                    return HttpResponseRedirect(
                        reverse("admin:supervision_workplan_resolve", args=[report.plan.pk])
                    )
                return HttpResponseRedirect(
                    reverse("admin:supervision_workplan_change", args=[report.plan.pk])
                )
        return TemplateResponse(request, "supervision/admin/import.html", {
            **self.admin_site.each_context(request), "title": _("导入工作要点"), "form": form, "opts": self.model._meta,
        })  # fmt: skip

    def resolve_view(self, request, pk):
        plan = self._plan(request, pk)
        names = list(dict.fromkeys(n for t in plan.tasks.all() for n in t.unmatched))
        units = core_access.units_for(request.user).filter(is_active=True).order_by("path")
        form = ResolveForm(request.POST or None, names=names, units=units)
        if request.method == "POST" and form.is_valid():
            done = 0
            for index, name in enumerate(names):
                unit = form.cleaned_data.get(f"name_{index}")
                if unit is not None:
                    done += services.resolve_name(actor=request.user, plan=plan, name=name, unit=unit,
                                                  remember=form.cleaned_data["remember"])  # fmt: skip
            self.message_user(request, _("已确认，涉及 %(n)d 项任务。") % {"n": done}, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        where = {n: [t.order for t in plan.tasks.all() if n in t.unmatched] for n in names}
        return TemplateResponse(request, "supervision/admin/resolve.html", {
            **self.admin_site.each_context(request), "title": _("确认责任单位"), "plan": plan, "form": form,
            "where": where, "opts": self.model._meta,
        })  # fmt: skip

    def overview_view(self, request, pk):
        """Every unit's state for every period so far: what is overdue, waiting for review, returned."""
        plan = self._plan(request, pk)
        today = timezone.localdate()
        rows = services.ledger(plan, core_access.units_for(request.user), today)
        periods = list({row["period"]["start"]: row["period"] for row in rows}.values())
        by_unit: dict[int, dict] = {}
        for row in rows:
            entry = by_unit.setdefault(row["unit"].pk, {"unit": row["unit"], "states": {}, "task_ids": set()})
            entry["task_ids"].add(row["task"].pk)
            counts = entry["states"].setdefault(row["period"]["start"], {})
            counts[row["state"]] = counts.get(row["state"], 0) + 1
        for entry in by_unit.values():
            entry["tasks"] = len(entry["task_ids"])
            entry["cells"] = [entry["states"].get(p["start"], {}) for p in periods]
            entry["overdue"] = sum(c.get("overdue", 0) for c in entry["cells"])
        waiting = ProgressReport.objects.filter(assignment__task__plan=plan, status=ReportStatus.SUBMITTED,
                                                assignment__unit__in=core_access.units_for(request.user))  # fmt: skip
        return TemplateResponse(request, "supervision/admin/overview.html", {
            **self.admin_site.each_context(request), "title": _("进展报送情况"), "plan": plan, "periods": periods,
            "units": sorted(by_unit.values(), key=lambda e: (-e["overdue"], e["unit"].path)),
            "waiting": waiting.count(), "labels": services.PeriodState.LABELS, "opts": self.model._meta,
        })  # fmt: skip

    def progress_xlsx(self, request, pk):
        plan = self._plan(request, pk)
        return exports.download(exports.plan_xlsx(plan), f"workplan-{plan.year}-progress.xlsx")

    def ledger_xlsx(self, request, pk, unit_id):
        plan = get_object_or_404(WorkPlan, pk=pk)
        unit = get_object_or_404(core_access.units_for(request.user), pk=unit_id)
        return exports.download(exports.ledger_xlsx(plan, unit), f"ledger-{plan.year}-{unit.pk}.xlsx")


class MilestoneInline(ParentPermissionInline, admin.TabularInline):
    model = Milestone
    fields = ["order", "title", "planned_on"]
    extra = 1


class AssignmentInline(ParentPermissionInline, admin.TabularInline):
    model = Assignment
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
        return super().get_queryset(request).filter(plan__government__in=core_access.units_for(request.user))

    def has_add_permission(self, request):
        return False  # tasks come from the plan's table

    @admin.display(description=_("责任单位数"))
    def unit_count(self, obj):
        return obj.assignments.count()

    @admin.display(description=_("待确认单位"))
    def unmatched_names(self, obj):
        return "、".join(obj.unmatched) or "—"


# A unit's tasks and reports ----------------------------------------------------------------------------


def _begun(assignment: Assignment) -> list[dict]:
    """The periods of the assignment's plan that have begun, worked out once per row (the list page hands
    the rows of one plan the same list)."""
    if not hasattr(assignment, "begun_periods"):
        today = timezone.localdate()
        assignment.begun_periods = [
            p for p in schedule.plan_periods(assignment.task.plan) if p["start"] <= today
        ]
    return assignment.begun_periods


def _current_period(assignment: Assignment):
    begun = _begun(assignment)
    return begun[-1] if begun else None


def _evidence_html(assignment: Assignment, start: dt.date, end: dt.date) -> str:
    found = evidence.for_unit(assignment.task, assignment.unit, start, end)
    return render_to_string("supervision/includes/evidence.html", {"evidence": found, "unit": assignment.unit,
                                                                   "start": start, "end": end})  # fmt: skip


@admin.register(Assignment)
class AssignmentAdmin(StaffOnlyMixin, admin.ModelAdmin):
    list_display = ["task_title", "unit", "role", "period_state", "completed_on", "report_link"]
    list_filter = ["task__plan", "role"]
    search_fields = ["task__subtask", "task__requirement", "unit__name"]
    fields = [
        "plan",
        "task_title",
        "requirement",
        "unit",
        "role",
        "completed_on",
        "reports_table",
        "evidence_panel",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (super().get_queryset(request).filter(unit__in=core_access.units_for(request.user))
                .select_related("task__plan", "task__section", "unit").prefetch_related("reports"))  # fmt: skip

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("工作要点"))
    def plan(self, obj):
        return obj.task.plan

    @admin.display(description=_("具体任务"), ordering="task__order")
    def task_title(self, obj):
        return f"{obj.task.order}. {obj.task.title}"

    @admin.display(description=_("具体要求"))
    def requirement(self, obj):
        return obj.task.requirement

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            by_plan: dict[int, list[dict]] = {}
            for obj in changelist.result_list:  # the same rows the page renders
                plan_id = obj.task.plan_id
                if plan_id not in by_plan:
                    by_plan[plan_id] = _begun(obj)
                obj.begun_periods = by_plan[plan_id]
        return response

    @admin.display(description=_("本期报送"))
    def period_state(self, obj):
        today = timezone.localdate()
        period = _current_period(obj)
        if period is None:
            return "—"
        # the earliest period still not handed in is the one that matters
        reports = {r.period_start: r for r in obj.reports.all()}
        for p in _begun(obj):
            state = services.period_state(reports.get(p["start"]), p["due"], today)
            if state == services.PeriodState.OVERDUE:
                return format_html(
                    '<strong class="overdue">{}：{}</strong>', p["label"], services.PeriodState.LABELS[state]
                )
        state = services.period_state(reports.get(period["start"]), period["due"], today)
        return format_html("{}：{}（{}前）", period["label"], services.PeriodState.LABELS[state],
                           f"{period['due']:%Y-%m-%d}")  # fmt: skip

    @admin.display(description=_("填报"))
    def report_link(self, obj):
        if obj.completed_on:
            return _("已完成")
        period = _current_period(obj)
        if period is None:
            return "—"
        existing = next((r for r in obj.reports.all() if r.period_start == period["start"]), None)
        if existing is not None:
            return format_html('<a href="{}">{}</a>', reverse("admin:supervision_progressreport_change", args=[existing.pk]),
                               _("查看本期报送"))  # fmt: skip
        url = (
            reverse("admin:supervision_progressreport_add")
            + f"?assignment={obj.pk}&period_start={period['start']:%Y-%m-%d}"
        )
        return format_html('<a href="{}">{}</a>', url, _("填报本期进展"))

    @admin.display(description=_("历次报送"))
    def reports_table(self, obj):
        return render_to_string(
            "supervision/includes/reports_table.html", {"reports": obj.reports.order_by("period_start")}
        )

    @admin.display(description=_("平台发布情况（佐证）"))
    def evidence_panel(self, obj):
        period = _current_period(obj)
        if period is None:
            return "—"
        return _evidence_html(obj, dt.date(obj.task.plan.year, 1, 1), period["end"])


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ReportAttachment
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            try:
                upload = services.check_attachment(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict.get("file", error.messages)) from error
        return upload


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    form = AttachmentForm
    fields = ["file"]
    extra = 1

    def _editable(self, request, obj):
        return obj is None or (obj.status in services.EDITABLE
                               and core_access.can(request.user, Capability.EDIT_CONTENT, obj.assignment.unit))  # fmt: skip

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._editable(request, obj)


class ReportForm(forms.ModelForm):
    """The unit's report for one period."""

    period_start = forms.TypedChoiceField(label=_("报送周期"), coerce=dt.date.fromisoformat)
    submit_now = forms.BooleanField(label=_("提交公开办审核"), required=False,
                                    help_text=_("不勾选则保存为草稿，可继续修改。"))  # fmt: skip
    request = None

    class Meta:
        model = ProgressReport
        fields = ["assignment", "period_start", "summary", "evidence_links", "milestones", "is_final"]
        widgets = {"milestones": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user
        editable = [
            u.pk for u in core_access.units_for(user) if core_access.can(user, Capability.EDIT_CONTENT, u)
        ]
        assignments = Assignment.objects.filter(unit__in=editable, completed_on__isnull=True).select_related(
            "task", "unit"
        )
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: (
            f"{a.task.plan.year}年 {a.task.order}. {a.task.title}（{a.unit.display_name}）"
        )
        plans = WorkPlan.objects.filter(tasks__assignments__in=assignments).distinct()
        today = timezone.localdate()
        choices = {}
        for plan in plans:
            for p in schedule.plan_periods(plan):
                if p["start"] <= today:
                    choices[p["start"].isoformat()] = f"{p['label']}（{p['due']:%Y-%m-%d}前报送）"
        if self.instance.pk:
            choices.setdefault(self.instance.period_start.isoformat(), self.instance.period_label)
            self.fields["assignment"].disabled = self.fields["period_start"].disabled = True
            self.initial["period_start"] = self.instance.period_start.isoformat()
        self.fields["period_start"].choices = sorted(choices.items())
        self.fields["milestones"].queryset = Milestone.objects.filter(
            task__assignments__in=assignments
        ).distinct()
        self.fields["summary"].widget.attrs.update(rows=8)

    def clean(self):
        data = super().clean()
        assignment, start = data.get("assignment"), data.get("period_start")
        if assignment is None or start is None:
            return data
        try:
            services.check_report(
                actor=self.request.user, assignment=assignment, period_start=start, summary=data.get("summary", ""),
                evidence_links=data.get("evidence_links", ""), milestones=list(data.get("milestones") or []),
                report=self.instance if self.instance.pk else None,
            )  # fmt: skip
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                raise forms.ValidationError(error.messages) from error
        except PermissionDenied as error:
            raise forms.ValidationError(_("您不能为该单位填报。")) from error
        return data

    def _post_clean(self):
        self.instance.period_start = self.cleaned_data.get("period_start") or self.instance.period_start
        super()._post_clean()


class ReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(label=_("审核结果"), widget=forms.RadioSelect,
                                 choices=[("accept", _("通过")), ("return", _("退回修改"))])  # fmt: skip

    class Meta:
        model = ProgressReport
        fields = ["review_comment"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("review_comment") or "").strip():
            self.add_error("review_comment", _("退回时请写明需要修改或补充的内容。"))
        return data


@admin.register(ProgressReport)
class ProgressReportAdmin(StaffOnlyMixin, admin.ModelAdmin):
    inlines = [AttachmentInline]
    list_display = ["task_title", "unit", "period", "status", "first_submitted_on", "timely", "reviewed_at"]
    list_filter = ["status", "assignment__task__plan"]
    search_fields = ["assignment__task__subtask", "assignment__unit__name", "summary"]
    actions = ["accept_selected"]

    def get_queryset(self, request):
        return (super().get_queryset(request).filter(assignment__unit__in=core_access.units_for(request.user))
                .select_related("assignment__task", "assignment__unit"))  # fmt: skip

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.EDIT_CONTENT)

    def _reviewing(self, request, obj) -> bool:
        return (
            obj is not None
            and obj.status == ReportStatus.SUBMITTED
            and services.may_review(request.user, obj)
        )

    def _editing(self, request, obj) -> bool:
        return obj is None or (obj.status in services.EDITABLE
                               and core_access.can(request.user, Capability.EDIT_CONTENT, obj.assignment.unit))  # fmt: skip

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return core_access.is_staff_member(request.user)
        return self._reviewing(request, obj) or self._editing(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"show_save_and_add_another": False, "show_save_as_new": False}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_inlines(self, request, obj):
        return (
            [AttachmentInline] if self._editing(request, obj) else []
        )  # the report's text lists them otherwise

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._reviewing(request, obj):
            kwargs["form"] = ReviewForm
            kwargs["fields"] = ["review_comment"]
            return super().get_form(request, obj, change, **kwargs)
        if self._editing(request, obj):
            form = type("BoundReportForm", (ReportForm,), {"request": request})
            kwargs["form"] = form
            kwargs["fields"] = ReportForm.Meta.fields
            return super().get_form(request, obj, change, **kwargs)
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if self._reviewing(request, obj):
            return ["report_details", "evidence_panel", "decision", "review_comment"]
        if self._editing(request, obj):
            extra = ["review_note"] if obj is not None and obj.status == ReportStatus.RETURNED else []
            return [*extra, "assignment", "period_start", "summary", "evidence_links", "milestones", "is_final",
                    "submit_now"]  # fmt: skip
        return ["report_details", "review_comment", "evidence_panel"]

    def get_readonly_fields(self, request, obj=None):
        if self._reviewing(request, obj):
            return ["report_details", "evidence_panel"]
        if self._editing(request, obj):
            return ["review_note"]
        return ["report_details", "review_comment", "evidence_panel"]

    @admin.display(description=_("具体任务"))
    def task_title(self, obj):
        return f"{obj.assignment.task.order}. {obj.assignment.task.title}"

    @admin.display(description=_("责任单位"))
    def unit(self, obj):
        return obj.assignment.unit.display_name

    @admin.display(description=_("报送周期"), ordering="period_start")
    def period(self, obj):
        return obj.period_label

    @admin.display(description=_("按时报送"), boolean=True)
    def timely(self, obj):
        return obj.on_time

    @admin.display(description=_("公开办退回意见"))
    def review_note(self, obj):
        return format_html('<strong class="returned">{}</strong>', obj.review_comment)

    @admin.display(description=_("报送内容"))
    def report_details(self, obj):
        return render_to_string("supervision/includes/report.html", {"report": obj})

    @admin.display(description=_("平台发布情况（佐证）"))
    def evidence_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return _evidence_html(obj.assignment, obj.period_start, obj.period_end)

    def save_model(self, request, obj, form, change):
        if isinstance(form, ReviewForm):
            services.review_report(actor=request.user, report=obj, accept=form.cleaned_data["decision"] == "accept",
                                   comment=form.cleaned_data.get("review_comment", ""))  # fmt: skip
            return
        data = form.cleaned_data
        assignment = obj.assignment if change else data["assignment"]
        report = services.save_report(
            actor=request.user, assignment=assignment, period_start=obj.period_start if change else data["period_start"],
            summary=data["summary"], evidence_links=data.get("evidence_links", ""),
            milestones=list(data.get("milestones") or []), is_final=data.get("is_final", False),
            submit=data.get("submit_now", False),
        )  # fmt: skip
        for field in report._meta.concrete_fields:  # the form's instance becomes the saved report
            setattr(obj, field.attname, getattr(report, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        if isinstance(form, ReviewForm):
            return
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back(request, obj) or super().response_change(request, obj)

    def _back(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        obj.refresh_from_db()
        labels = {ReportStatus.DRAFT: _("已保存草稿"), ReportStatus.SUBMITTED: _("已提交公开办审核"),
                  ReportStatus.ACCEPTED: _("已通过"), ReportStatus.RETURNED: _("已退回，单位修改后重新报送")}  # fmt: skip
        self.message_user(request, f"{obj}：{labels[obj.status]}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:supervision_progressreport_changelist"))

    def get_urls(self):
        return [
            path(
                "attachments/<int:pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="supervision_reportattachment_file",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        attachment = get_object_or_404(
            ReportAttachment.objects.select_related("report__assignment__unit"), pk=pk
        )
        if not core_access.units_for(request.user).filter(pk=attachment.report.assignment.unit_id).exists():
            raise Http404
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name or None)

    @admin.action(description=_("审核通过所选报送"))
    def accept_selected(self, request, queryset):
        run_for_each(self, request, queryset, lambda r: services.review_report(actor=request.user, report=r, accept=True),
                     _("已通过：%(t)s"))  # fmt: skip


@admin.register(FreshnessRule)
class FreshnessRuleAdmin(OfficeAdmin):
    list_display = ["template", "category", "days"]
    fields = ["template", "category", "days"]

    def save_model(self, request, obj, form, change):
        if obj.category == "other" and not obj.days:
            obj.days = 30
        super().save_model(request, obj, form, change)


# Assessment ----------------------------------------------------------------------------------------------


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
        return super().get_queryset(request).filter(owner__in=core_access.units_for(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["queryset"] = core_access.units_for(request.user).order_by("path")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("被考核单位数"))
    def unit_count(self, obj):
        return obj.units.count()

    @admin.display(description=_("结果"))
    def results_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:supervision_assessmentscheme_results", args=[obj.pk]),
                           _("得分与排名"))  # fmt: skip

    @admin.action(description=_("按平台数据计算得分"))
    def compute_scores(self, request, queryset):
        run_for_each(self, request, queryset, lambda s: assessment.compute(actor=request.user, scheme=s),
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

    def _scheme(self, request, pk):
        scheme = get_object_or_404(AssessmentScheme, pk=pk)
        if not _supervisor(request, scheme.owner):
            raise PermissionDenied
        return scheme

    def results_view(self, request, pk):
        scheme = self._scheme(request, pk)
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
        scheme = self._scheme(request, pk)
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


class ScoreForm(forms.ModelForm):
    request = None

    class Meta:
        model = Score
        fields = ["indicator", "unit", "points", "basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = core_access.units_for(self.request.user)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            method=Method.MANUAL, scheme__owner__in=units
        )
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["basis"].required = True

    def clean(self):
        data = super().clean()
        indicator, unit, points = data.get("indicator"), data.get("unit"), data.get("points")
        if indicator is not None and unit is not None and points is not None:
            try:
                assessment.check_score(actor=self.request.user, indicator=indicator, unit=unit, points=points,
                                       basis=data.get("basis", ""))  # fmt: skip
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            except PermissionDenied as error:
                raise forms.ValidationError(_("您不能为该方案评分。")) from error
        return data

    def validate_unique(self):
        pass  # a second score for the same indicator and unit replaces the first (services.score_manually)


@admin.register(Score)
class ScoreAdmin(OfficeAdmin):
    list_display = ["unit", "indicator", "points", "basis", "scored_at"]
    list_filter = ["indicator__scheme", "indicator"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(indicator__scheme__owner__in=core_access.units_for(request.user))
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("BoundScoreForm", (ScoreForm,), {"request": request})
        return super().get_form(request, obj, change, **kwargs)

    def has_change_permission(self, request, obj=None):
        return _supervisor(request) and (obj is None or obj.indicator.method == Method.MANUAL)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        score = assessment.score_manually(actor=request.user, indicator=data["indicator"], unit=data["unit"],
                                          points=data["points"], basis=data["basis"])  # fmt: skip
        obj.pk = score.pk
        obj._state.adding = False
