"""The staff desk for applications: a queue by due date, the timeline, and one form to record each step."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core import masking
from gongkai.core.admin import StaffOnlyMixin
from gongkai.core.admin_base import AuditedAdmin
from gongkai.core.roles import Capability

from . import access, explain, notices, services
from .forms import EventForm, IntakeForm
from .models import APPLICANT_FIELDS, APPLICATION_FIELDS, REQUEST_FIELDS, Appeal, Application
from .views import notice_response

CASE_FIELDS = ["tracking_code", "unit", "channel", "received_on", "status", "due_on", "correction_due_on",
               "outcome", "legal_basis", "answered_on", "closed_on"]  # fmt: skip
REPLY_FIELDS = ["reply_text", "withheld_note"]


@admin.register(Application)
class ApplicationAdmin(StaffOnlyMixin, AuditedAdmin):
    """The desk: read-only case pages; every change is a step of the procedure (``event_view`` ->
    ``services.record_event``) or a registration (``intake_view`` -> ``services.register_application``)."""

    change_form_template = "foi/admin/application_change_form.html"
    view_on_site = False  # applications have no public page; the applicant tracks with code and secret
    list_display = [
        "tracking_code",
        "unit",
        "short_description",
        "status",
        "received_on",
        "due_on",
        "days_left",
    ]
    list_filter = ["status", "outcome", "channel", "applicant_type"]
    search_fields = ["tracking_code", "description"]
    ordering = ["due_on", "pk"]
    readonly_fields = [*CASE_FIELDS, *APPLICATION_FIELDS, *REPLY_FIELDS]
    fieldsets = [
        (gettext_lazy("办理"), {"fields": CASE_FIELDS}),
        (gettext_lazy("申请人（仅办理单位可见，查看会被记录）"), {"fields": list(APPLICANT_FIELDS)}),
        (gettext_lazy("所需信息"), {"fields": list(REQUEST_FIELDS)}),
        (gettext_lazy("答复"), {"fields": REPLY_FIELDS}),
    ]

    @admin.display(description=gettext_lazy("所需信息"))
    def short_description(self, obj):
        return obj.description[:30]

    def get_changelist_instance(self, request):
        """The list, each open row told its working days left from one read of the calendar for the page."""
        changelist = super().get_changelist_instance(request)
        rows = [obj for obj in changelist.result_list if obj.is_open and obj.due_on is not None]
        left = cal.working_days_left(timezone.localdate(), (obj.due_on for obj in rows))
        for obj in rows:
            obj.working_days_left = left[obj.due_on]
        return changelist

    @admin.display(description=gettext_lazy("剩余工作日"), ordering="due_on")
    def days_left(self, obj):
        if not obj.is_open or obj.due_on is None:
            return "—"
        left = getattr(obj, "working_days_left", None)
        if left is None:
            left, _provisional = cal.working_days_between(timezone.localdate(), obj.due_on)
        if left < 0:
            return format_html('<strong class="overdue">{}</strong>', _("已逾期%(n)s个工作日") % {"n": -left})
        css = "due-soon" if left <= 3 else ""
        return format_html('<span class="{}">{}</span>', css, left)

    def get_queryset(self, request):
        return access.applications_for(request.user)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return False  # staff intake is its own form (letters, faxes, walk-ins): see the API and README

    def has_change_permission(self, request, obj=None):
        return False

    def save_via_service(self, request, obj, form, change):
        raise PermissionDenied  # an application changes only through the steps of transitions.py

    def delete_via_service(self, request, obj):
        raise PermissionDenied

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = access.get_application_for_user(request.user, int(object_id))
        services.record_identity_view(actor=request.user, application=application)
        extra_context = extra_context or {}
        extra_context["event_form"] = EventForm(initial={"on": timezone.localdate()})
        extra_context["timeline"] = explain.timeline(application.events.select_related("actor"))
        extra_context["can_act"] = core_access.can(request.user, Capability.EDIT_CONTENT, application.unit)
        extra_context["masked_name"] = masking.name(application.applicant_name)
        extra_context["clock"] = services.current_clock(application)
        extra_context["notice_kinds"] = notices.available(application)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/notices/<str:kind>.<str:fmt>",
                self.admin_site.admin_view(self.notice_view),
                name="foi_application_notice",
            ),
            path(
                "<int:pk>/events/", self.admin_site.admin_view(self.event_view), name="foi_application_event"
            ),
            path("intake/", self.admin_site.admin_view(self.intake_view), name="foi_application_intake"),
            *super().get_urls(),
        ]

    def notice_view(self, request, pk: int, kind: str, fmt: str):
        application = access.get_application_for_user(request.user, pk)
        try:
            response = notice_response(application, kind, fmt)
        except notices.NoticeUnavailable as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:foi_application_change", args=[pk]))
        services.record_identity_view(actor=request.user, application=application)
        return response

    def intake_view(self, request):
        if not core_access.can(request.user, Capability.EDIT_CONTENT):
            raise PermissionDenied
        form = IntakeForm(request.POST or None, initial={"unit": request.user.unit_id})
        form.fields["unit"].queryset = core_access.units_for(request.user)
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in services.INTAKE_FIELDS}
            try:
                application, secret, _created = services.register_application(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    data=data,
                    submission_key=form.cleaned_data.get("submission_key") or None,
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
                    oral_read_back=form.cleaned_data.get("oral_read_back", False),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("已登记。请将查询码 %(code)s 和查询密码 %(secret)s 告知申请人。")
                    % {"code": application.tracking_code, "secret": secret},
                )
                return HttpResponseRedirect(reverse("admin:foi_application_change", args=[application.pk]))
        return TemplateResponse(
            request,
            "foi/admin/intake.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": _("登记申请"),
                "opts": self.model._meta,
            },
        )

    def event_view(self, request, pk: int):
        if request.method != "POST":
            raise PermissionDenied
        application = access.get_application_for_user(request.user, pk, write=True)
        form = EventForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, "；".join(f"{form.fields[k].label}：{' '.join(v)}" for k, v in form.errors.items())
            )
        else:
            try:
                services.record_event(
                    actor=request.user,
                    application=application,
                    kind=form.cleaned_data["kind"],
                    on=form.cleaned_data["on"],
                    note=form.cleaned_data["note"],
                    **form.event_data(),
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已记录。"))
        return HttpResponseRedirect(reverse("admin:foi_application_change", args=[pk]))


@admin.register(Appeal)
class AppealAdmin(StaffOnlyMixin, AuditedAdmin):
    """Reconsiderations and lawsuits; saved through ``services.save_appeal`` with its audit record."""

    list_display = ["application", "kind", "filed_on", "body", "result", "decided_on"]
    list_filter = ["kind", "result"]

    def record_unit(self, obj):
        return obj.application.unit

    def get_queryset(self, request):
        return access.appeals_for(request.user)

    def get_object(self, request, object_id, from_field=None):
        try:
            pk = int(object_id)
        except (TypeError, ValueError):
            return None
        return access.get_appeal_for_user(request.user, pk)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.EDIT_CONTENT)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.EDIT_CONTENT, obj.application.unit if obj else None)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = access.applications_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_appeal(actor=request.user, appeal=obj)
