"""The staff desk for applications: a queue by due date, the timeline, and one form to record each step."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
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
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from . import access, notices, services
from .forms import ApplyForm
from .models import Appeal, Application, Channel, EventKind, Outcome


class IntakeForm(ApplyForm):
    """Staff register an application that came by letter, fax or in person."""

    channel = forms.ChoiceField(
        label=gettext_lazy("提交方式"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label=gettext_lazy("收到申请日期"),
        help_text=gettext_lazy("当面提交为提交当日；邮寄为签收之日；平常信函和传真为双方确认之日。"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class EventForm(forms.Form):
    """Every step of the procedure through one form; the service checks what each kind needs."""

    kind = forms.ChoiceField(
        label=gettext_lazy("办理事项"),
        choices=[(k, v) for k, v in EventKind.choices if k != EventKind.RECEIVED],
    )
    on = forms.DateField(
        label=gettext_lazy("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(
        label=gettext_lazy("补正期限"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    party = forms.CharField(label=gettext_lazy("被征求意见方"), required=False)
    party_received_on = forms.DateField(
        label=gettext_lazy("对方收到征求意见书日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    days = forms.IntegerField(label=gettext_lazy("延长工作日数"), required=False, min_value=1, max_value=20)
    approver = forms.CharField(label=gettext_lazy("批准人"), required=False)
    reason = forms.CharField(label=gettext_lazy("理由"), required=False)
    new_due = forms.DateField(
        label=gettext_lazy("确定的答复期限"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    amount = forms.DecimalField(label=gettext_lazy("收费金额（元）"), required=False, min_value=0)
    to_unit = forms.ModelChoiceField(
        label=gettext_lazy("转至单位"), required=False, queryset=Organization.objects.active()
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    legal_basis = forms.CharField(label=gettext_lazy("法律依据"), required=False)
    reply_text = forms.CharField(
        label=gettext_lazy("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    withheld_note = forms.CharField(
        label=gettext_lazy("不予公开部分及理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    method = forms.CharField(label=gettext_lazy("送达方式"), required=False)
    proof = forms.CharField(label=gettext_lazy("送达凭证"), required=False)

    def event_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("kind", "on", "note") and v not in (None, "")
        }
        if "amount" in data:
            data["amount"] = str(data["amount"])
        return data


def notice_response(application, kind: str, fmt: str) -> HttpResponse:
    """The notice as a download; raises NoticeUnavailable when it cannot be made."""
    notice = notices.build(application, kind)
    if fmt == "docx":
        body, mime = (
            notices.to_docx(notice),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    elif fmt == "pdf":
        body, mime = notices.to_pdf(notice), "application/pdf"
    else:
        raise notices.NoticeUnavailable("格式应为 docx 或 pdf。")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(notices.filename(notice, fmt))}"
    return response


@admin.register(Application)
class ApplicationAdmin(StaffOnlyMixin, admin.ModelAdmin):
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
    readonly_fields = [
        "tracking_code",
        "unit",
        "channel",
        "received_on",
        "status",
        "due_on",
        "correction_due_on",
        "outcome",
        "legal_basis",
        "answered_on",
        "closed_on",
        "applicant_type",
        "applicant_name",
        "id_type",
        "id_number",
        "legal_representative",
        "phone",
        "email",
        "address",
        "postcode",
        "description",
        "doc_number_hint",
        "purpose",
        "form",
        "delivery",
        "reply_text",
        "withheld_note",
    ]
    fieldsets = [
        (gettext_lazy("办理"), {"fields": ["tracking_code", "unit", "channel", "received_on", "status", "due_on",
                                           "correction_due_on", "outcome", "legal_basis", "answered_on", "closed_on"]}),
        (gettext_lazy("申请人（仅办理单位可见，查看会被记录）"), {"fields": ["applicant_type", "applicant_name", "id_type",
                                                       "id_number", "legal_representative", "phone", "email",
                                                       "address", "postcode"]}),
        (gettext_lazy("所需信息"), {"fields": ["description", "doc_number_hint", "purpose", "form", "delivery"]}),
        (gettext_lazy("答复"), {"fields": ["reply_text", "withheld_note"]}),
    ]  # fmt: skip

    @admin.display(description=gettext_lazy("所需信息"))
    def short_description(self, obj):
        return obj.description[:30]

    @admin.display(description=gettext_lazy("剩余工作日"), ordering="due_on")
    def days_left(self, obj):
        if not obj.is_open or obj.due_on is None:
            return "—"
        today = timezone.localdate()
        left, _provisional = cal.working_days_between(today, obj.due_on)
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = access.get_application_for_user(request.user, int(object_id))
        services.record_identity_view(actor=request.user, application=application)
        extra_context = extra_context or {}
        extra_context["event_form"] = EventForm(initial={"on": timezone.localdate()})
        extra_context["events"] = application.events.select_related("actor")
        extra_context["can_act"] = core_access.can(request.user, Capability.EDIT_CONTENT, application.unit)
        extra_context["masked_name"] = masking.name(application.applicant_name)
        extra_context["clock"] = services.current_clock(application)
        extra_context["notice_kinds"] = [
            (kind, title)
            for kind, title in notices.KINDS.items()
            if application.events.filter(kind=notices.SOURCE_EVENT[kind]).exists()
        ]
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
            data = {k: v for k, v in form.cleaned_data.items() if k in services.APPLICANT_FIELDS}
            try:
                application, secret, _created = services.submit_application(
                    actor=request.user,
                    unit=form.cleaned_data["unit"],
                    data=data,
                    submission_key=form.cleaned_data.get("submission_key") or None,
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
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
        application = access.get_application_for_user(request.user, pk)
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
class AppealAdmin(StaffOnlyMixin, admin.ModelAdmin):
    list_display = ["application", "kind", "filed_on", "body", "result", "decided_on"]
    list_filter = ["kind", "result"]

    def get_queryset(self, request):
        return Appeal.objects.filter(application__in=access.applications_for(request.user))

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

    def save_model(self, request, obj, form, change):
        services.save_appeal(actor=request.user, appeal=obj)
