"""The openness office maintains the search dictionary and synonyms."""

from django.contrib import admin
from django.core.cache import cache

from gongkai.core import access as core_access
from gongkai.core import audit
from gongkai.core.admin import StaffOnlyMixin
from gongkai.core.roles import Capability

from .models import DomainWord, Synonym


class OfficeMaintainedAdmin(StaffOnlyMixin, admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return core_access.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.SUPERVISE)

    def has_add_permission(self, request):
        return core_access.can(request.user, Capability.SUPERVISE)

    def has_delete_permission(self, request, obj=None):
        return core_access.can(request.user, Capability.SUPERVISE)

    def save_model(self, request, obj, form, change):
        obj.full_clean()
        obj.save()
        self._changed(request, obj, "saved")

    def delete_model(self, request, obj):
        self._changed(request, obj, "deleted")
        obj.delete()

    def _changed(self, request, obj, verb):
        # Every worker reloads the dictionary when the version moves (see segment._ensure_dictionary).
        cache.set("search:dictionary-version", cache.get("search:dictionary-version", 0) + 1, None)
        audit.record(actor=request.user, action=f"search.{obj._meta.model_name}.{verb}", obj=obj)


@admin.register(DomainWord)
class DomainWordAdmin(OfficeMaintainedAdmin):
    list_display = ["word"]
    search_fields = ["word"]


@admin.register(Synonym)
class SynonymAdmin(OfficeMaintainedAdmin):
    list_display = ["word", "synonyms"]
    search_fields = ["word", "synonyms"]
