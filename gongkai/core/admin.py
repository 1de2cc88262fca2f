"""Back-office screens for core records: querysets from ``access.py``, saves through ``services.py``."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from . import access, audit, audit_labels, services
from .admin_base import AuditedAdmin, PlainChineseAdmin
from .models import ApiToken, AuditEvent, CalendarDay, CalendarYear, Leader, Organization, User
from .roles import Capability, Role, may_grant


class StaffOnlyMixin(PlainChineseAdmin):
    """Every logged-in staff member sees the module; rights per object come from ``access.can``. (In plain
    Chinese: see ``PlainChineseAdmin``.)"""

    def has_module_permission(self, request):
        return access.is_staff_member(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class OfficeKeptAdmin(StaffOnlyMixin, AuditedAdmin):
    """Records only the openness office (公开办, the SUPERVISE capability) adds and changes; every staff member
    reads them unless ``office_only`` (then only the office sees them); the office deletes them only if
    ``office_deletes``. Saves and deletes are audited (``AuditedAdmin``), checked against SUPERVISE."""

    write_capability = Capability.SUPERVISE
    office_only = False
    office_deletes = False

    def _office(self, request) -> bool:
        return access.can(request.user, Capability.SUPERVISE)

    def has_module_permission(self, request):
        return self._office(request) if self.office_only else access.is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self._office(request)

    def has_change_permission(self, request, obj=None):
        return self._office(request)

    def has_delete_permission(self, request, obj=None):
        return self.office_deletes and self._office(request)


# Organizations ------------------------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(StaffOnlyMixin, AuditedAdmin):
    list_display = ["indented_name", "short_name", "org_type", "credit_code", "is_active"]
    list_filter = ["org_type", "is_active"]
    search_fields = ["name", "short_name", "credit_code"]
    fields = [
        "name",
        "short_name",
        "org_type",
        "credit_code",
        "parent",
        "sort_order",
        "foi_office",
        "reconsideration_organ",
        "address",
        "postcode",
        "phone",
        "office_hours",
        "fax",
        "email",
        "description",
        "aliases",
        "is_active",
    ]
    ordering = ["path"]

    @admin.display(description=_("全称"), ordering="path")
    def indented_name(self, obj):
        return "\u3000" * obj.depth + obj.name

    def get_queryset(self, request):
        return access.units_for(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.can(request.user, Capability.EDIT_UNIT)
        return access.can(request.user, Capability.EDIT_UNIT, obj)

    def has_add_permission(self, request):
        return access.can(request.user, Capability.MANAGE_ORGANIZATIONS)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not access.can(
            request.user, Capability.MANAGE_ORGANIZATIONS, obj.parent or obj
        ):
            return ["parent", "org_type", "is_active", "reconsideration_organ"]
        if obj is not None and obj.pk == request.user.unit_id and not request.user.is_superuser:
            return ["parent"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = access.units_for(request.user)
            kwargs["required"] = not request.user.is_superuser
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        if change:
            data = {
                name: form.cleaned_data[name] for name in form.changed_data if name in services.ORG_FIELDS
            }
            return services.update_organization(actor=request.user, organization=obj, **data)
        fields = {
            n: form.cleaned_data[n] for n in form.cleaned_data if n in services.ORG_FIELDS and n != "parent"
        }
        return services.create_organization(
            actor=request.user, parent=form.cleaned_data.get("parent"), **fields
        )

    def construct_change_message(self, request, form, formsets, add=False):
        return []


@admin.register(Leader)
class LeaderAdmin(StaffOnlyMixin, AuditedAdmin):
    """A unit's leadership (领导信息): its admins and the offices above it keep it; saves are audited."""

    write_capability = Capability.EDIT_UNIT
    list_display = ["name", "title", "organization", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "title", "organization__name"]
    fields = ["organization", "name", "title", "duties", "sort_order", "is_active", "since"]

    def record_unit(self, obj):
        return obj.organization

    def get_queryset(self, request):
        return super().get_queryset(request).filter(organization__in=access.units_for(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return access.can(request.user, Capability.EDIT_UNIT)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.can(request.user, Capability.EDIT_UNIT)
        return access.can(request.user, Capability.EDIT_UNIT, obj.organization)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


# Staff --------------------------------------------------------------------------------------------


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "unit", "role", "phone")


@admin.register(User)
class StaffAdmin(StaffOnlyMixin, AuditedAdmin, UserAdmin):
    add_form = StaffCreationForm
    add_form_template = "gongkai_admin/staff_add_form.html"
    list_display = ["username", "full_name", "unit", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "unit__name"]
    ordering = ["unit__path", "username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("人员信息"), {"fields": ["full_name", "unit", "role", "phone", "email", "is_active"]}),
        (_("登录记录"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "unit",
                    "role",
                    "phone",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def get_queryset(self, request):
        return access.staff_for(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return access.can(request.user, Capability.MANAGE_STAFF)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.can(request.user, Capability.MANAGE_STAFF)
        if request.user.is_superuser:
            return True
        return (
            obj.unit is not None
            and access.can(request.user, Capability.MANAGE_STAFF, obj.unit)
            and may_grant(request.user.role, obj.role)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = access.units_for(request.user)
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(v, label) for v, label in Role.choices if may_grant(request.user.role, v)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form

        class StaffChangeForm(form):
            def clean(self):
                """The service's rules (last office, no self-demotion) as form errors, before saving."""
                cleaned = super().clean()
                changes = {
                    name: cleaned[name]
                    for name in self.changed_data
                    if name in ("role", "is_active", "unit") and name in cleaned
                }
                if changes:
                    services.check_staff_change(actor=request.user, staff=self.instance, changes=changes)
                return cleaned

        return StaffChangeForm

    def save_via_service(self, request, obj, form, change):
        if change:
            data = {
                name: form.cleaned_data[name] for name in form.changed_data if name in services.STAFF_FIELDS
            }
            return services.update_staff(actor=request.user, staff=obj, **data)
        use_password = form.cleaned_data.get("usable_password", "true") not in (False, "false")
        return services.create_staff(
            actor=request.user,
            username=form.cleaned_data["username"],
            unit=form.cleaned_data["unit"],
            role=form.cleaned_data["role"],
            full_name=form.cleaned_data.get("full_name", ""),
            phone=form.cleaned_data.get("phone", ""),
            password=form.cleaned_data.get("password1") if use_password else None,
            validate=False,  # the creation form has already validated the password
        )

    def save_related(self, request, form, formsets, change):
        """No groups or permissions: roles decide (see roles.py)."""

    def user_change_password(self, request, id, form_url=""):
        staff = access.get_staff_for_user(request.user, int(id))
        if not self.has_change_permission(request, staff) and staff.pk != request.user.pk:
            raise PermissionDenied
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and isinstance(response, HttpResponseRedirect):
                audit.record(actor=request.user, action="core.staff.password_set", obj=staff, unit=staff.unit)
        return response


# Calendar -----------------------------------------------------------------------------------------


class CalendarAdminMixin(StaffOnlyMixin):
    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, Capability.EDIT_CALENDAR)

    def has_add_permission(self, request):
        return access.can(request.user, Capability.EDIT_CALENDAR)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdminMixin, AuditedAdmin):
    list_display = ["year", "source", "updated_at"]
    fields = ["year", "source", "notes"]

    def save_via_service(self, request, obj, form, change):
        return services.set_calendar_year(
            actor=request.user, year=obj.year, source=obj.source, notes=form.cleaned_data.get("notes", "")
        )


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name", "source"]


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarAdminMixin, AuditedAdmin):
    form = CalendarDayForm
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind", "name"]
    date_hierarchy = "date"
    search_fields = ["name", "source"]

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def has_delete_permission(self, request, obj=None):
        return access.can(request.user, Capability.EDIT_CALENDAR)

    def save_via_service(self, request, obj, form, change):
        return services.set_calendar_day(
            actor=request.user, date=obj.date, kind=obj.kind, name=obj.name, source=obj.source
        )

    def delete_via_service(self, request, obj):
        services.remove_calendar_day(actor=request.user, day=obj)


# Audit log ----------------------------------------------------------------------------------------


class AuditCodeFilter(admin.SimpleListFilter):
    """A filter over a code column (``action``, ``object_type``) that shows the codes in words."""

    field: str
    words = staticmethod(str)

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list(self.field, flat=True).distinct()
        return sorted(((code, self.words(code)) for code in codes if code), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class ActionFilter(AuditCodeFilter):
    title = _("操作")
    parameter_name = field = "action"
    words = staticmethod(audit_labels.action_label)


class ObjectTypeFilter(AuditCodeFilter):
    title = _("对象类型")
    parameter_name = field = "object_type"
    words = staticmethod(audit_labels.object_type_label)


@admin.register(AuditEvent)
class AuditEventAdmin(StaffOnlyMixin, AuditedAdmin):
    list_display = ["seq", "created_at", "actor_name", "unit_name", "action_words", "object_repr", "ip"]
    list_filter = [ActionFilter, ObjectTypeFilter]
    search_fields = ["actor_name", "unit_name", "object_repr", "object_id"]
    date_hierarchy = "created_at"
    readonly_fields = [
        {"action": "action_words", "object_type": "object_type_words", "changes": "changes_words"}.get(
            f.name, f.name
        )
        for f in AuditEvent._meta.fields
        if f.name != "id"
    ]
    fields = readonly_fields

    @admin.display(description=_("变更内容"))
    def changes_words(self, obj):
        rows = audit_labels.changes_rows(obj.object_type, obj.changes)
        if not rows:
            return "—"
        body = format_html_join(
            "",
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            ((format_html("<code>{}</code>", label) if is_code else label, before, after)
             for label, is_code, before, after in rows),
        )  # fmt: skip
        return format_html(
            '<table class="audit-changes"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("项目"),
            _("原值"),
            _("新值"),
            body,
        )

    @admin.display(description=_("操作"), ordering="action")
    def action_words(self, obj):
        return audit_labels.action_label(obj.action)

    @admin.display(description=_("对象类型"), ordering="object_type")
    def object_type_words(self, obj):
        return audit_labels.object_type_label(obj.object_type) if obj.object_type else ""

    def get_queryset(self, request):
        return access.audit_events_for(request.user)

    def has_module_permission(self, request):
        return access.can(request.user, Capability.VIEW_AUDIT)

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, Capability.VIEW_AUDIT)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# API tokens -------------------------------------------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(StaffOnlyMixin, AuditedAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def get_queryset(self, request):
        return ApiToken.objects.filter(user__in=access.staff_for(request.user)).select_related("user")

    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.revoke_token(actor=request.user, token=token)
        messages.success(request, _("所选令牌已吊销。"))


class ParentPermissionInline(PlainChineseAdmin):
    """An inline whose rows staff may edit exactly when they may change the parent object (staff hold no
    Django model permissions; rights come from ``access.can`` through the parent's admin)."""

    def _parent_admin(self, request):
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None):
        return access.is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return self._parent_admin(request).has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_admin(request).has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_admin(request).has_change_permission(request, obj)


def run_for_each(modeladmin, request, queryset, act, done: str) -> None:
    """An admin action over the selected objects: ``act(obj)`` calls the service; each object gets its own
    message, ``done`` (with %(t)s for the object) or the service's refusal, and one refusal stops no other."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError

    for obj in queryset:
        try:
            act(obj)
        except (ValidationError, PermissionDenied) as error:
            found = [m for m in (getattr(error, "messages", None) or [str(error)]) if m]
            # A service refuses with a bare 403 (``require``): say so in words.
            reasons = "；".join(found) or str(_("您没有执行此操作的权限。"))
            modeladmin.message_user(request, f"{obj}：{reasons}", messages.ERROR)
        else:
            modeladmin.message_user(request, done % {"t": obj}, messages.SUCCESS)


# Background tasks ---------------------------------------------------------------------------------


admin.site.unregister(DBTaskResult)


class TaskStateFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(TASK_STATES.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(DBTaskResult)
class TaskResultAdmin(StaffOnlyMixin, admin.ModelAdmin):
    """后台任务: what the worker did (indexing, mail), for the openness office to see failures; read only."""

    list_display = ["task", "state", "enqueued", "finished"]
    list_filter = [TaskStateFilter]
    ordering = ["-enqueued_at"]
    fields = readonly_fields = ["task", "state", "enqueued", "started", "finished", "arguments", "error"]

    def has_module_permission(self, request):
        return access.can(request.user, Capability.SUPERVISE)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("任务"), ordering="task_path")
    def task(self, obj):
        return obj.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("状态"), ordering="status")
    def state(self, obj):
        return TASK_STATES.get(obj.status, obj.status)

    @admin.display(description=_("排队时间"), ordering="enqueued_at")
    def enqueued(self, obj):
        return obj.enqueued_at

    @admin.display(description=_("开始时间"))
    def started(self, obj):
        return obj.started_at or "—"

    @admin.display(description=_("完成时间"))
    def finished(self, obj):
        return obj.finished_at or "—"

    @admin.display(description=_("参数"))
    def arguments(self, obj):
        return format_html("<code>{}</code>", json.dumps(obj.args_kwargs, ensure_ascii=False))

    @admin.display(description=_("错误信息"))
    def error(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"


TASK_STATES = {
    "READY": _("排队中"),
    "RUNNING": _("执行中"),
    "SUCCESSFUL": _("已完成"),
    "FAILED": _("失败"),
}
