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
from gongkai.core.admin import StaffOnlyMixin
from gongkai.core.roles import Capability
from gongkai.publishing import access as publishing_access

from . import services
from .models import Interpretation, PolicyProfile


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
class InterpretationAdmin(StaffOnlyMixin, admin.ModelAdmin):
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
        return super().get_queryset(request).filter(item__in=publishing_access.items_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        return ["policy", "item"] if obj else []

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.EDIT_CONTENT)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.EDIT_CONTENT, obj.item.unit if obj else None)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["form", "interpreter", "is_leader"])
            return
        linked = services.link_interpretation(
            actor=request.user, policy=obj.policy, item=obj.item, form=obj.form,
            interpreter=obj.interpreter, is_leader=obj.is_leader,
        )  # fmt: skip
        obj.pk = linked.pk

    def delete_model(self, request, obj):
        services.unlink_interpretation(actor=request.user, link=obj)

    def get_urls(self):
        return [
            path("statistics/", self.admin_site.admin_view(self.statistics_view), name="policy_statistics"),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        """Per unit: policies needing interpretation, interpreted, exempted, late; leaders' interpretations."""
        if not core_access.can(request.user, Capability.SUPERVISE):
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
class PolicyProfileAdmin(StaffOnlyMixin, admin.ModelAdmin):
    form = ProfileForm
    list_display = ["item", "needs_interpretation", "exemption_reason", "exempted_by"]
    list_filter = ["needs_interpretation"]
    search_fields = ["item__title"]
    autocomplete_fields = ["item"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(item__in=publishing_access.items_for(request.user))

    def get_readonly_fields(self, request, obj=None):
        fixed = ["item"] if obj else []
        if not core_access.can(request.user, Capability.REVIEW_CONTENT, obj.item.unit if obj else None):
            fixed.append("exemption_reason")  # only a reviewer decides to publish without interpretation
        return fixed

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.EDIT_CONTENT)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.EDIT_CONTENT, obj.item.unit if obj else None)

    def save_model(self, request, obj, form, change):
        services.set_needs_interpretation(actor=request.user, item=obj.item, needed=obj.needs_interpretation)
        reason = form.cleaned_data.get("exemption_reason", "")
        if "exemption_reason" in form.changed_data and reason:
            services.exempt(actor=request.user, item=obj.item, reason=reason)
        elif "exemption_reason" in form.changed_data:
            PolicyProfile.objects.filter(pk=obj.pk).update(
                exemption_reason="", exempted_by=None, exempted_at=None
            )
        messages.info(request, _("已保存。"))
