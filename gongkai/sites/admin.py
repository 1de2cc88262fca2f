"""Configuration of sites (name, host names, look, page conventions, home-page blocks) for the openness
office that runs them; the workspace has the everyday screen for blocks."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongkai.core.admin import ParentPermissionInline
from gongkai.core.admin_base import AuditedAdmin

from . import access, blocks
from .models import HomeBlock, Site, SiteHost


class SiteHostInline(ParentPermissionInline, admin.TabularInline):
    model = SiteHost
    extra = 1


class HomeBlockForm(forms.ModelForm):
    """The kind as a choice of the registered kinds, by their Chinese names."""

    kind = forms.ChoiceField(label=_("区块类型"), choices=())

    class Meta:
        model = HomeBlock
        fields = ["kind", "title", "source", "count", "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = blocks.choices()


class HomeBlockInline(ParentPermissionInline, admin.TabularInline):
    model = HomeBlock
    form = HomeBlockForm
    extra = 0


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ["name", "root", "theme", "id_code", "is_default", "is_active"]
    inlines = [SiteHostInline, HomeBlockInline]
    write_capability = access.CAPABILITY

    def record_unit(self, obj):
        return getattr(obj, "root", None)

    def get_queryset(self, request):
        return access.sites_for(request.user)

    def has_module_permission(self, request):
        return access.may_manage(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_manage(request.user)

    def has_add_permission(self, request):
        return access.may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_manage(request.user)

    def has_delete_permission(self, request, obj=None):
        return False
