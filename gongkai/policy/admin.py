"""Back office: link interpretations to policies, record exemptions, and the office's interpretation statistics."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import OfficeKeptAdmin, ParentPermissionInline, StaffOnlyMixin, run_for_each
from gongkai.core.admin_base import AuditedAdmin
from gongkai.publishing.models import InformationItem, Validity

from . import access, services
from .models import (
    Cleanup,
    CleanupDecision,
    Interpretation,
    IssuingBody,
    PolicyProfile,
    RegisterEntry,
    StateChange,
    Version,
)


class InterpretationForm(forms.ModelForm):
    class Meta:
        model = Interpretation
        fields = ["policy", "item", "form", "interpreter", "is_leader"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("policy") and data.get("item"):
            services.validate_link(policy=data["policy"], item=data["item"], form=data.get("form", ""))
        return data


@admin.register(Interpretation)
class InterpretationAdmin(StaffOnlyMixin, AuditedAdmin):
    form = InterpretationForm
    list_display = ["item", "policy", "form", "interpreter", "is_leader", "late"]
    list_filter = ["form", "is_leader"]
    search_fields = ["item__title", "policy__title", "interpreter"]
    autocomplete_fields = ["item", "policy"]
    fields = ["policy", "item", "form", "interpreter", "is_leader"]
    list_select_related = ["item", "policy"]
    change_list_template = "policy/admin/interpretation_change_list.html"

    @admin.display(description=_("晚于政策发布"), boolean=True)
    def late(self, obj):
        return obj.is_late

    def get_queryset(self, request):
        return access.interpretations_for(request.user)

    def get_readonly_fields(self, request, obj=None):
        return ["policy", "item"] if obj else []

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_edit(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_edit(request.user, obj.item.unit if obj else None)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_via_service(self, request, obj, form, change):
        if change:
            return services.update_interpretation(
                actor=request.user,
                link=obj,
                form=obj.form,
                interpreter=obj.interpreter,
                is_leader=obj.is_leader,
            )
        return services.link_interpretation(
            actor=request.user, policy=obj.policy, item=obj.item, form=obj.form,
            interpreter=obj.interpreter, is_leader=obj.is_leader,
        )  # fmt: skip

    def delete_via_service(self, request, obj):
        services.unlink_interpretation(actor=request.user, link=obj)

    def get_urls(self):
        return [
            path("statistics/", self.admin_site.admin_view(self.statistics_view), name="policy_statistics"),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        """Per unit: policies needing interpretation, interpreted, exempted, late; leaders' interpretations."""
        if not access.may_supervise(request.user):
            raise PermissionDenied
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        rows = services.statistics(core_access.units_for(request.user).order_by("path"), year)
        return TemplateResponse(
            request,
            "policy/admin/statistics.html",
            {
                **self.admin_site.each_context(request),
                "title": _("政策解读情况"),
                "year": year,
                "rows": [r for r in rows if r["policies"] or r["leader"]],
                "quiet": [r for r in rows if not (r["policies"] or r["leader"])],
                "opts": self.model._meta,
            },
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = PolicyProfile
        fields = ["item", "needs_interpretation", "exemption_reason"]


@admin.register(PolicyProfile)
class PolicyProfileAdmin(StaffOnlyMixin, AuditedAdmin):
    form = ProfileForm
    list_display = ["item", "needs_interpretation", "exemption_reason", "exempted_by"]
    list_filter = ["needs_interpretation"]
    search_fields = ["item__title"]
    autocomplete_fields = ["item"]

    def get_queryset(self, request):
        return access.profiles_for(request.user)

    def get_readonly_fields(self, request, obj=None):
        fixed = ["item"] if obj else []
        if not access.may_review(request.user, obj.item.unit if obj else None):
            fixed.append("exemption_reason")  # only a reviewer decides to publish without interpretation
        return fixed

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_edit(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_edit(request.user, obj.item.unit if obj else None)

    def save_via_service(self, request, obj, form, change):
        profile = services.set_needs_interpretation(
            actor=request.user, item=obj.item, needed=obj.needs_interpretation
        )
        reason = form.cleaned_data.get("exemption_reason", "")
        if "exemption_reason" in form.changed_data and reason:
            profile = services.exempt(actor=request.user, item=obj.item, reason=reason)
        elif "exemption_reason" in form.changed_data:
            profile = services.clear_exemption(actor=request.user, item=obj.item)
        messages.info(request, _("已保存。"))
        return profile


# The register ---------------------------------------------------------------------------------------------


@admin.register(IssuingBody)
class IssuingBodyAdmin(OfficeKeptAdmin):
    list_display = ["organization", "basis", "listed_on", "is_active"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]

    def record_unit(self, obj):
        return obj.organization if obj.organization_id else None

    def get_queryset(self, request):
        return access.issuing_bodies_for(request.user)


class EntryForm(forms.ModelForm):
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, help_text=_("不填则按规定默认（一般5年，暂行、试行2年）。")
    )
    new_validity = forms.ChoiceField(
        label=_("变更有效性"), required=False, choices=[("", "—"), *[(v, lbl) for v, lbl in Validity.choices]]
    )
    change_on = forms.DateField(label=_("变更日期"), required=False)
    reason = forms.CharField(label=_("变更理由"), required=False, max_length=300)
    by_item = forms.ModelChoiceField(
        label=_("依据文件（替代文件）"), required=False, queryset=InformationItem.objects.published()
    )

    class Meta:
        model = RegisterEntry
        fields = [
            "kind",
            "item",
            "issuing_body",
            "registration_number",
            "review_unit",
            "reviewed_on",
            "review_opinion",
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("item") and data.get("issuing_body"):
            services.validate_registration(
                item=data["item"], kind=data.get("kind"), issuing_body=data["issuing_body"],
                review_unit=data.get("review_unit", ""), reviewed_on=data.get("reviewed_on"),
            )  # fmt: skip
        if data.get("new_validity") and not (data.get("change_on") and (data.get("reason") or "").strip()):
            raise forms.ValidationError(_("变更有效性时请填写日期和理由。"))
        return data


class HistoryInline(admin.TabularInline):
    model = StateChange
    fields = ["on", "validity", "reason", "by_item", "cleanup"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = Version
    fields = ["number", "title", "effective_on", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RegisterEntry)
class RegisterEntryAdmin(StaffOnlyMixin, AuditedAdmin):
    form = EntryForm
    inlines = [HistoryInline, VersionInline]
    list_display = ["registration_number", "item", "kind", "issuing_body", "validity"]
    list_filter = ["kind"]
    search_fields = ["registration_number", "item__title", "item__doc_number"]
    autocomplete_fields = ["item"]

    @admin.display(description=_("有效性"))
    def validity(self, obj):
        return obj.item.current_validity().label

    def get_queryset(self, request):
        return access.entries_for(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*EntryForm.Meta.fields, "valid_until"]
        return [
            "review_unit",
            "reviewed_on",
            "review_opinion",
            "new_validity",
            "change_on",
            "reason",
            "by_item",
        ]

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_review(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_review(request.user, obj.item.unit if obj else None)

    def save_via_service(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            return services.register(
                actor=request.user, item=obj.item, kind=obj.kind, issuing_body=obj.issuing_body,
                review_unit=obj.review_unit, reviewed_on=obj.reviewed_on, review_opinion=obj.review_opinion,
                valid_until=data.get("valid_until"), registration_number=obj.registration_number,
            )  # fmt: skip
        entry = services.update_review(
            actor=request.user, entry=obj, review_unit=obj.review_unit, reviewed_on=obj.reviewed_on,
            review_opinion=obj.review_opinion,
        )  # fmt: skip
        if data.get("new_validity"):
            services.change_state(
                actor=request.user, entry=entry, validity=data["new_validity"], on=data["change_on"],
                reason=data["reason"], by_item=data.get("by_item"),
            )  # fmt: skip
        return entry

    def save_related(self, request, form, formsets, change):
        """The inlines are read-only: history and versions come from the services."""


class DecisionInline(ParentPermissionInline, admin.TabularInline):
    model = CleanupDecision
    fields = ["entry", "decision", "reason", "replacement"]
    autocomplete_fields = ["entry", "replacement"]
    extra = 3


@admin.register(Cleanup)
class CleanupAdmin(StaffOnlyMixin, AuditedAdmin):
    inlines = [DecisionInline]
    list_display = ["title", "unit", "year", "published_at"]
    fields = ["title", "unit", "year", "summary"]
    actions = ["publish"]

    def get_queryset(self, request):
        return access.cleanups_for(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_review(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_change_cleanup(request.user, obj)  # a published result list is a public record

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_cleanup(actor=request.user, cleanup=obj)

    def save_inline(self, request, parent, obj, form):
        return services.save_cleanup_decision(actor=request.user, decision=obj)

    def delete_inline(self, request, parent, obj):
        services.remove_cleanup_decision(actor=request.user, decision=obj)

    @admin.action(description=_("发布清理结果（原文随之标注）"))
    def publish(self, request, queryset):
        run_for_each(self, request, queryset,
                     lambda cleanup: services.publish_cleanup(actor=request.user, cleanup=cleanup), _("已发布：%(t)s"))  # fmt: skip
