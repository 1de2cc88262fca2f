"""A unit's tasks (本单位任务) and its progress reports with their evidence files; the office's review."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.http import FileResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import StaffOnlyMixin, run_for_each
from gongkai.core.admin_base import AuditedAdmin, adopt

from .. import access, evidence, progress, services
from ..models import Assignment, ProgressReport, ReportAttachment, ReportStatus
from .forms import AttachmentForm, ReportForm, ReviewForm

STATUS_DONE = {ReportStatus.DRAFT: _("已保存草稿"), ReportStatus.SUBMITTED: _("已提交公开办审核"),
               ReportStatus.ACCEPTED: _("已通过"), ReportStatus.RETURNED: _("已退回，单位修改后重新报送")}  # fmt: skip


def _evidence_html(assignment: Assignment, start: dt.date, end: dt.date) -> str:
    found = evidence.for_unit(assignment.task, assignment.unit, start, end)
    return render_to_string("supervision/includes/evidence.html", {"evidence": found, "unit": assignment.unit,
                                                                   "start": start, "end": end})  # fmt: skip


def _periods(assignment: Assignment) -> list[dict]:
    """The begun periods of the assignment's plan, worked out once per row (the list page hands the rows of
    one plan the same list)."""
    if not hasattr(assignment, "begun_periods"):
        assignment.begun_periods = progress.begun_periods(assignment.task.plan, timezone.localdate())
    return assignment.begun_periods


@admin.register(Assignment)
class AssignmentAdmin(StaffOnlyMixin, AuditedAdmin):
    """The unit's tasks and where each stands; read only (reports are written on their own screen)."""

    list_display = ["task_title", "unit", "role", "period_state", "completed_on", "report_link"]
    list_filter = ["task__plan", "role"]
    search_fields = ["task__subtask", "task__requirement", "unit__name"]
    fields = ["plan", "task_title", "requirement", "unit", "role", "completed_on", "reports_table",
              "evidence_panel"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return (access.assignments_for(request.user)
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
                if obj.task.plan_id not in by_plan:
                    by_plan[obj.task.plan_id] = _periods(obj)
                obj.begun_periods = by_plan[obj.task.plan_id]
        return response

    @admin.display(description=_("本期报送"))
    def period_state(self, obj):
        now = progress.assignment_now(obj, _periods(obj), timezone.localdate())
        if now is None:
            return "—"
        if now["overdue"]:
            return format_html(
                '<strong class="overdue">{}：{}</strong>', now["period"]["label"], now["label"]
            )
        return format_html(
            "{}：{}（{}前）", now["period"]["label"], now["label"], f"{now['period']['due']:%Y-%m-%d}"
        )

    @admin.display(description=_("填报"))
    def report_link(self, obj):
        if obj.completed_on:
            return _("已完成")
        periods = _periods(obj)
        if not periods:
            return "—"
        period = periods[-1]
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
        periods = _periods(obj)
        if not periods:
            return "—"
        return _evidence_html(obj, dt.date(obj.task.plan.year, 1, 1), periods[-1]["end"])


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    form = AttachmentForm
    fields = ["file"]
    extra = 1

    def _editable(self, request, obj):
        return obj is None or access.may_edit_report(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and self._editable(request, obj)


# What each kind of visitor sees of a report: the office reviewing a handed-in report, the unit editing
# its draft or returned report, anyone else reading it. (fields, read-only fields)
SCREENS = {
    "review": (["report_details", "evidence_panel", "decision", "review_comment"],
               ["report_details", "evidence_panel"]),
    "edit": (["assignment", "period_start", "summary", "evidence_links", "milestones", "is_final", "submit_now"],
             ["review_note"]),
    "read": (["report_details", "review_comment", "evidence_panel"],
             ["report_details", "review_comment", "evidence_panel"]),
}  # fmt: skip


class ReportColumns:
    """What the report screens show of a report: its list columns and read-only panels."""

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


@admin.register(ProgressReport)
class ProgressReportAdmin(ReportColumns, StaffOnlyMixin, AuditedAdmin):
    inlines = [AttachmentInline]
    list_display = ["task_title", "unit", "period", "status", "first_submitted_on", "timely", "reviewed_at"]
    list_filter = ["status", "assignment__task__plan"]
    search_fields = ["assignment__task__subtask", "assignment__unit__name", "summary"]
    actions = ["accept_selected"]

    def get_queryset(self, request):
        return access.reports_for(request.user).select_related("assignment__task", "assignment__unit")

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return access.may_report_any(request.user)

    def _screen(self, request, obj) -> str:
        if obj is not None and obj.status == ReportStatus.SUBMITTED and access.may_review(request.user, obj):
            return "review"
        if obj is None or access.may_edit_report(request.user, obj):
            return "edit"
        return "read"

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return core_access.is_staff_member(request.user)
        return self._screen(request, obj) != "read"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"show_save_and_add_another": False, "show_save_as_new": False}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def get_inlines(self, request, obj):
        return [AttachmentInline] if self._screen(request, obj) == "edit" else []  # the report lists them

    def get_form(self, request, obj=None, change=False, **kwargs):
        screen = self._screen(request, obj)
        if screen == "review":
            kwargs |= {"form": ReviewForm, "fields": ["review_comment"]}
        elif screen == "edit":
            kwargs |= {"form": type("BoundReportForm", (ReportForm,), {"request": request}),
                       "fields": ReportForm.Meta.fields}  # fmt: skip
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        screen = self._screen(request, obj)
        returned = screen == "edit" and obj is not None and obj.status == ReportStatus.RETURNED
        return ["review_note", *SCREENS[screen][0]] if returned else SCREENS[screen][0]

    def get_readonly_fields(self, request, obj=None):
        return SCREENS[self._screen(request, obj)][1]

    def save_via_service(self, request, obj, form, change):
        if isinstance(form, ReviewForm):
            return services.review_report(actor=request.user, report=obj, comment=form.cleaned_data.get("review_comment", ""),
                                          accept=form.cleaned_data["decision"] == "accept")  # fmt: skip
        return None  # the report is written with its evidence files, in save_related

    def save_related(self, request, form, formsets, change):
        """The unit's report and the files added or removed in its inline are one ``save_report`` call, so
        a report handed in carries its evidence and one audit record names them."""
        if isinstance(form, ReviewForm):
            return
        added, removed = [], []
        for formset in formsets:
            removed += [f.instance for f in formset.deleted_forms if f.instance.pk]
            added += [f.cleaned_data["file"] for f in formset.extra_forms
                      if f.has_changed() and f not in formset.deleted_forms and f.cleaned_data.get("file")]  # fmt: skip
        data, obj = form.cleaned_data, form.instance
        report = services.save_report(
            actor=request.user, assignment=obj.assignment if change else data["assignment"],
            period_start=obj.period_start if change else data["period_start"], summary=data["summary"],
            evidence_links=data.get("evidence_links", ""), milestones=list(data.get("milestones") or []),
            is_final=data.get("is_final", False), submit=data.get("submit_now", False), files=added,
            remove_files=removed,
        )  # fmt: skip
        adopt(obj, report)
        for formset in formsets:  # what the admin's history entry lists (saving the formset would set these)
            before = {f.instance.pk for f in formset.initial_forms}
            formset.new_objects = [a for a in report.attachments.all() if a.pk not in before]
            formset.changed_objects, formset.deleted_objects = [], removed

    def response_add(self, request, obj, post_url_continue=None):
        return self._back(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self._back(request, obj) or super().response_change(request, obj)

    def _back(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return None
        obj.refresh_from_db()
        self.message_user(request, f"{obj}：{STATUS_DONE[obj.status]}", messages.SUCCESS)
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
        attachment = access.get_attachment_for_user(request.user, pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name or None)

    @admin.action(description=_("审核通过所选报送"))
    def accept_selected(self, request, queryset):
        run_for_each(self, request, queryset, lambda r: services.review_report(actor=request.user, report=r, accept=True),
                     _("已通过：%(t)s"))  # fmt: skip
