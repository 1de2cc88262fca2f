"""Back office for the gazette editorial office: issues, contents, the PDF edition, publication."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.admin import ParentPermissionInline, StaffOnlyMixin, run_for_each
from gongkai.core.admin_base import AuditedAdmin

from . import access, services
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
        labels = {"upload": _("上传PDF版")}  # the label of the field shown read-only


@admin.register(Issue)
class IssueAdmin(StaffOnlyMixin, AuditedAdmin):
    form = IssueForm
    inlines = [ArticleInline]
    list_display = ["__str__", "published_on", "is_published", "has_pdf"]
    list_filter = ["year", "is_published"]
    actions = ["publish"]
    write_capability = access.WRITE

    @admin.display(description=_("PDF版"), boolean=True)
    def has_pdf(self, obj):
        return bool(obj.pdf)

    def get_queryset(self, request):
        return access.issues_for(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_edit(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_edit(request.user)

    def save_via_service(self, request, obj, form, change):
        issue = super().save_via_service(request, obj, form, change)  # the issue's details: save_record
        upload = form.cleaned_data.get("upload")
        if upload:
            try:
                issue = services.attach_pdf(
                    actor=request.user, issue=issue, data=upload.read(), name=upload.name
                )
            except ValidationError as error:
                self.message_user(request, "；".join(error.messages), messages.ERROR)
        return issue

    @admin.action(description=_("发布所选期次"))
    def publish(self, request, queryset):
        run_for_each(self, request, queryset, lambda issue: services.publish_issue(actor=request.user, issue=issue),
                     _("已发布：%(t)s"))  # fmt: skip
