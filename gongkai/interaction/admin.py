"""The staff desk for messages: review, transfer, reply, reply review, publication; the office's dashboard."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core import calendar as cal
from gongkai.core.admin import StaffOnlyMixin
from gongkai.core.admin_base import AuditedAdmin
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability

from . import access, attachments, services, transitions
from .models import OPEN, Channel, EventKind, FaqEntry, Message, ReplyTemplate, three_months_before


class HandleForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("办理事项"),
        choices=[(k, v) for k, v in EventKind.choices if k in transitions.TRANSITIONS],
    )
    note = forms.CharField(label=gettext_lazy("内部备注"), required=False)
    reason = forms.CharField(label=gettext_lazy("理由或意见"), required=False)
    into = forms.CharField(label=gettext_lazy("合并到（查询码）"), required=False)
    to_unit = forms.ModelChoiceField(
        label=gettext_lazy("转往单位"), required=False, queryset=Organization.objects.active()
    )
    handler = forms.ModelChoiceField(
        label=gettext_lazy("经办人"),
        required=False,
        queryset=User.objects.filter(is_active=True, unit__isnull=False),
    )
    reply_text = forms.CharField(
        label=gettext_lazy("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    public_subject = forms.CharField(label=gettext_lazy("公开标题"), required=False)
    public_body = forms.CharField(
        label=gettext_lazy("公开内容（已自动隐去个人信息，可修改）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@admin.register(Message)
class MessageAdmin(StaffOnlyMixin, admin.ModelAdmin):
    change_form_template = "interaction/admin/message_change_form.html"
    change_list_template = "interaction/admin/message_change_list.html"
    list_display = ["query_code", "subject", "unit", "status", "received_on", "due_on", "days_left", "flag"]
    list_filter = ["status", "channel", "is_public"]
    search_fields = ["query_code", "subject"]
    ordering = ["due_on", "pk"]
    view_on_site = False
    readonly_fields = [
        "query_code", "channel", "unit", "status", "received_on", "due_on", "subject", "body",
        "public_consent", "reject_reason", "reply_text", "reply_unit", "replied_on", "public_subject", "public_body",
        "is_public", "flagged_terms", "rating",
    ]  # fmt: skip
    # The writer's name and mobile number are shown only on the workspace's audited 查看 (case page).
    fields = readonly_fields

    def get_changelist_instance(self, request):
        """The list, each open row told its working days left from one read of the calendar for the page."""
        changelist = super().get_changelist_instance(request)
        rows = [obj for obj in changelist.result_list if obj.status in OPEN]
        left = cal.working_days_left(timezone.localdate(), (obj.due_on for obj in rows))
        for obj in rows:
            obj.working_days_left = left[obj.due_on]
        return changelist

    @admin.display(description=gettext_lazy("剩余工作日"), ordering="due_on")
    def days_left(self, obj):
        if obj.status not in OPEN:
            return "—"
        left = getattr(obj, "working_days_left", None)
        if left is None:
            left, _provisional = cal.working_days_between(timezone.localdate(), obj.due_on)
        if obj.veto_overdue:
            return format_html('<strong class="late">{}</strong>', _("超过三个月未答复"))
        if left < 0:
            return format_html('<strong class="late">{}</strong>', _("逾期%(n)s个工作日") % {"n": -left})
        return left

    @admin.display(description=gettext_lazy("词库提示"))
    def flag(self, obj):
        return "、".join(obj.flagged_terms) if obj.flagged_terms else ""

    def get_queryset(self, request):
        return access.messages_for(request.user).select_related("unit", "channel")

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        found = access.get_message_for_user(request.user, int(object_id))
        extra_context = extra_context or {}
        extra_context["handle_form"] = form = HandleForm(
            initial={
                "public_subject": found.public_subject,
                "public_body": found.public_body,
                "reply_text": found.reply_text,
            }
        )
        form.fields["handler"].queryset = access.handlers_for_message(found)
        extra_context["events"] = found.events.select_related("actor")
        extra_context["attachments"] = found.attachments.order_by("pk")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:pk>/handle/",
                self.admin_site.admin_view(self.handle_view),
                name="interaction_message_handle",
            ),
            path(
                "<int:pk>/attachments/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="interaction_message_attachment",
            ),
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="interaction_message_dashboard",
            ),
            *super().get_urls(),
        ]

    def handle_view(self, request, pk: int):
        if request.method != "POST":
            raise PermissionDenied
        found = access.get_message_for_user(request.user, pk, write=True)
        form = HandleForm(request.POST)
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("kind", "note") and v not in (None, "")
            }
            try:
                services.handle(
                    actor=request.user,
                    message=found,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                    **data,
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("已记录。"))
        else:
            messages.error(request, _("请检查填写的内容。"))
        return HttpResponseRedirect(reverse("admin:interaction_message_change", args=[pk]))

    def attachment_view(self, request, pk: int, attachment_id: int):
        """A writer's attachment, downloaded by the staff who handle the message (audited); 404 elsewhere."""
        found = access.get_attachment_for_user(request.user, pk, attachment_id)
        return attachments.download(actor=request.user, attachment=found)

    def dashboard_view(self, request):
        """For the openness office: messages unanswered for three months (the inspection's veto item) in red,
        then overdue and due soon, across its subtree."""
        today = timezone.localdate()
        open_messages = access.supervised_messages_for(request.user).select_related("unit").open()
        veto = open_messages.filter(received_on__lt=three_months_before(today)).order_by("received_on")
        overdue = open_messages.filter(due_on__lt=today).exclude(pk__in=veto.values("pk")).order_by("due_on")
        return TemplateResponse(
            request,
            "interaction/admin/dashboard.html",
            {
                **self.admin_site.each_context(request),
                "title": _("留言督办看板"),
                "veto": veto,
                "overdue": overdue,
                "opts": self.model._meta,
            },
        )


@admin.register(Channel)
class ChannelAdmin(StaffOnlyMixin, AuditedAdmin):
    list_display = ["name", "kind", "unit", "reply_days", "is_active"]
    write_capability = Capability.SUPERVISE

    def get_queryset(self, request):
        return access.channels_for(request.user)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.SUPERVISE, obj.unit if obj else None)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.SUPERVISE)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_channel(actor=request.user, channel=obj)


class ReviewerKeptAdmin(StaffOnlyMixin, AuditedAdmin):
    """A unit's texts that its reviewers keep and all its staff read (常见问答, 常用回复)."""

    write_capability = Capability.REVIEW_CONTENT

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.REVIEW_CONTENT, obj.unit if obj else None)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.REVIEW_CONTENT)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(FaqEntry)
class FaqEntryAdmin(ReviewerKeptAdmin):
    list_display = ["question", "unit", "is_published", "created_at"]

    def get_queryset(self, request):
        return access.faqs_for(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "source":
            kwargs["queryset"] = access.answered_messages_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_faq(actor=request.user, entry=obj)


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ReviewerKeptAdmin):
    """常用回复: the texts staff start a reply from (the workspace's reply form offers them)."""

    list_display = ["title", "unit", "is_active", "sort_order"]

    def get_queryset(self, request):
        return access.reply_templates_for(request.user)

    def save_via_service(self, request, obj, form, change):
        return services.save_reply_template(actor=request.user, template=obj)
