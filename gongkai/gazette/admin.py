"""Back office for the gazette editorial office: issues, contents, the PDF edition, publication."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import ParentPermissionInline, StaffOnlyMixin, run_for_each
from gongkai.core.roles import Capability

from . import services
from .models import Article, Issue


class ArticleInline(ParentPermissionInline, admin.TabularInline):
    model = Article
    fields = ["order", "section", "title", "doc_number", "page", "item"]
    autocomplete_fields = ["item"]
    extra = 5


class IssueForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("上传PDF版"), required=False, help_text=_("上传后自动提取文字供全文检索。")
    )

    class Meta:
        model = Issue
        fields = ["year", "number", "overall", "published_on"]


@admin.register(Issue)
class IssueAdmin(StaffOnlyMixin, admin.ModelAdmin):
    form = IssueForm
    inlines = [ArticleInline]
    list_display = ["__str__", "published_on", "is_published", "has_pdf"]
    list_filter = ["year", "is_published"]
    actions = ["publish"]

    @admin.display(description=_("PDF版"), boolean=True)
    def has_pdf(self, obj):
        return bool(obj.pdf)

    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.SUPERVISE)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.SUPERVISE)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("upload")
        if upload:
            try:
                services.attach_pdf(actor=request.user, issue=obj, data=upload.read(), name=upload.name)
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)

    @admin.action(description=_("发布所选期次"))
    def publish(self, request, queryset):
        run_for_each(self, request, queryset, lambda issue: services.publish_issue(actor=request.user, issue=issue),
                     _("已发布：%(t)s"))  # fmt: skip
