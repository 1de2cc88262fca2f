"""The audited base of every back-office screen: the admin configures, the services write.

A screen derived from :class:`AuditedAdmin` never saves a model itself. Its form's object, its
many-to-many values and each inline formset's rows go through :func:`records.save_record` and
:func:`records.delete_record` (permission check, validation, one audit record each), unless the screen
names a service of its own by overriding :meth:`AuditedAdmin.save_via_service`,
:meth:`AuditedAdmin.delete_via_service` or :meth:`AuditedAdmin.save_inline`. Django's admin wraps the
whole request in one transaction, so the object, its inlines and their records commit together.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms import BaseForm
from django.http import Http404
from django.utils.translation import gettext_lazy

from . import records
from .forms import EMPTY_CHOICE_LABEL, plain_empty_choice
from .roles import Capability

YES, NO = gettext_lazy("是"), gettext_lazy("否")


def yes_no(value) -> str:
    return "—" if value is None else str(YES if value else NO)


def _yes_no_column(name: str, source, description, ordering):
    """A changelist column saying 是/否 where Django would show an icon whose text is "True"/"False"."""

    def column(obj):
        return yes_no(source(obj))

    column.short_description = description
    column.admin_order_field = ordering
    column.__name__ = name
    return column


class PlainChineseAdmin:
    """A ModelAdmin or inline in plain Chinese where Django's stock output is not: selects start with
    请选择 instead of "---------" (every field the admin builds passes through ``formfield_for_dbfield``),
    the action list too, and yes/no columns say 是/否 (Django's icons read "True"/"False" to a screen
    reader)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return plain_empty_choice(super().formfield_for_dbfield(db_field, request, **kwargs))

    def render_change_form(self, request, context, *args, **kwargs):
        # Fields a screen's form declares itself, and the forms a screen adds to its page (a desk's
        # step form), do not pass through formfield_for_dbfield.
        adminform = context.get("adminform")
        forms_on_page = [adminform.form] if adminform is not None else []
        forms_on_page += [value for value in context.values() if isinstance(value, BaseForm)]
        for form in forms_on_page:
            for formfield in form.fields.values():
                plain_empty_choice(formfield)
        return super().render_change_form(request, context, *args, **kwargs)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A record outside the user's reach (or gone) answers 404 as the API does, not Django's redirect to the
        # index with "…不存在。可能已经被删除了？": the same answer whether the record exists elsewhere or not.
        raise Http404(gettext_lazy("记录不存在或不在您的管理范围内。"))

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, default_choices=[("", EMPTY_CHOICE_LABEL)])

    def get_list_display(self, request):
        return [self._plain_column(name) for name in super().get_list_display(request)]

    def _plain_column(self, name):
        if not isinstance(name, str) or name in (self.list_editable or ()):
            return name
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            method = getattr(self, name, None)
            if callable(method) and getattr(method, "boolean", False):
                return _yes_no_column(
                    name,
                    method,
                    getattr(method, "short_description", name),
                    getattr(method, "admin_order_field", None),
                )
            return name
        if isinstance(field, models.BooleanField):
            return _yes_no_column(name, lambda obj: getattr(obj, name), field.verbose_name, name)
        return name


def adopt(obj: models.Model, saved: models.Model) -> None:
    """Make the admin's unsaved ``obj`` stand for the row a service created (``saved``).

    The admin goes on with its own object (the history entry, the redirect to the new row); a service
    that builds its own row (``create_staff``) returns another instance, whose identity and field values
    are copied here, in this one place.
    """
    if saved is obj:
        return
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


class AuditedAdmin(PlainChineseAdmin, admin.ModelAdmin):
    """A ModelAdmin whose every write is a service call with its audit record.

    ``write_capability`` is what the actor must hold over :meth:`record_unit` of the object to add,
    change or delete it (the service checks it again, whatever the screen showed).
    """

    write_capability: str = Capability.EDIT_CONTENT

    def record_unit(self, obj: models.Model):
        """The unit the object belongs to, for the permission check and the audit record."""
        return getattr(obj, "unit", None)

    def m2m_data(self, form, opts=None) -> dict:
        """The many-to-many values a form chose, keyed by field, for ``save_record``."""
        return {
            field.name: form.cleaned_data[field.name]
            for field in (opts or self.model._meta).many_to_many
            if field.name in form.cleaned_data
        }

    # The object --------------------------------------------------------------------------------

    def save_via_service(self, request, obj, form, change) -> models.Model:
        """Save the form's object; override to call the record's own service. Returns the saved row."""
        return records.save_record(
            actor=request.user,
            obj=obj,
            capability=self.write_capability,
            unit=self.record_unit(obj),
            m2m=self.m2m_data(form),
        )

    def save_model(self, request, obj, form, change):
        saved = self.save_via_service(request, obj, form, change)
        if saved is not None:
            adopt(obj, saved)

    def delete_via_service(self, request, obj) -> None:
        records.delete_record(
            actor=request.user, obj=obj, capability=self.write_capability, unit=self.record_unit(obj)
        )

    def delete_model(self, request, obj):
        self.delete_via_service(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_via_service(request, obj)

    # Inlines -----------------------------------------------------------------------------------

    def save_related(self, request, form, formsets, change):
        # The many-to-many values went with the object (save_via_service); only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_inline(self, request, parent, obj, form) -> models.Model:
        """Save one inline row; the parent's unit decides the permission. Override for a service."""
        return records.save_record(
            actor=request.user,
            obj=obj,
            capability=self.write_capability,
            unit=self.record_unit(parent),
            m2m=self.m2m_data(form, obj._meta) if form is not None else None,
        )

    def delete_inline(self, request, parent, obj) -> None:
        records.delete_record(
            actor=request.user, obj=obj, capability=self.write_capability, unit=self.record_unit(parent)
        )

    def save_formset(self, request, form, formset, change):
        parent = form.instance
        # commit=False writes nothing: it lists the rows to save and, in deleted_objects, those to delete.
        rows = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_inline(request, parent, obj)
        forms_by_row = {id(f.instance): f for f in formset.forms}
        for obj in rows:
            saved = self.save_inline(request, parent, obj, forms_by_row.get(id(obj)))
            if saved is not None:
                adopt(obj, saved)
