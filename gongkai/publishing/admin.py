"""Back office for 主动公开: the editor's form, the workflow buttons, the review queue, catalogs, lexicon."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import access as core_access
from gongkai.core.admin import OfficeKeptAdmin, StaffOnlyMixin
from gongkai.core.admin_base import AuditedAdmin

from . import access, services, workflow
from .html import sanitize
from .index_numbers import format_problem
from .models import (
    Attachment,
    Column,
    ColumnTemplate,
    InformationItem,
    KeyArea,
    LexiconEntry,
    PublishingConfig,
    ReviewPolicy,
    Status,
)
from .revisions import revision_changes

# Items ----------------------------------------------------------------------------------------------


def choices_in_words(data: dict) -> dict:
    """A revision's stored values with each choice (``validity: "valid"``) as its Chinese label (有效)."""
    words = {}
    for key, value in data.items():
        try:
            field = InformationItem._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
        words[key] = str(choices[value]) if isinstance(value, str) and value in choices else value
    return words


class ItemForm(forms.ModelForm):
    expected_version = forms.IntegerField(
        label=gettext_lazy("版本号"), widget=forms.HiddenInput, required=False
    )
    default_unit = None  # the editor's own unit, set by the admin

    class Meta:
        model = InformationItem
        # The unit, then the item's fields with the columns and key areas before the keywords.
        fields = [
            "unit",
            *services.ITEM_FIELDS[: services.ITEM_FIELDS.index("keywords")],
            "columns",
            "key_areas",
            *services.ITEM_FIELDS[services.ITEM_FIELDS.index("keywords") :],
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("expected_version") not in (None, self.instance.version):
            current = InformationItem.objects.select_related("updated_by").get(pk=self.instance.pk)
            raise ValidationError(str(services.EditConflict(current)), code="conflict")
        unit = data.get("unit") or (self.instance.unit if self.instance.pk else self.default_unit)
        if unit is not None and any(c.unit_id != unit.pk for c in data.get("columns", [])):
            self.add_error("columns", _("只能选择本单位的栏目。"))
        return data


class AttachmentForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("上传文件"), required=False)

    class Meta:
        model = Attachment
        fields = ["name"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("upload") and data.get("name"):
            self.add_error("upload", _("请选择要上传的文件。"))
        return data


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["name", "upload", "kind", "size"]
    readonly_fields = ["kind", "size"]

    def has_add_permission(self, request, obj=None):
        return obj is None or services.may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or services.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and services.may_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return True


class QueueFilter(admin.SimpleListFilter):
    title = gettext_lazy("工作队列")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", _("待我审核")), ("late", _("逾期公开")), ("rejected", _("被退回"))]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(pk__in=access.review_queue(request.user).values("pk"))
        if self.value() == "late":
            today = timezone.localdate()
            return queryset.filter(
                Q(published_at__isnull=False, published_at__date__gt=F("publish_due_on"))
                | Q(
                    published_at__isnull=True,
                    publish_due_on__lt=today,
                    status__in=[Status.DRAFT, Status.SUBMITTED],
                )
            )
        if self.value() == "rejected":
            return queryset.filter(status=Status.DRAFT, review_steps__decision="rejected").distinct()
        return queryset


ACTIONS = {
    "submit": (services.submit_item, gettext_lazy("已送审。")),
    "recall": (services.recall_item, gettext_lazy("已撤回送审，稿件回到草稿。")),
    "approve": (services.approve_item, gettext_lazy("审核通过。")),
    "reject": (services.reject_item, gettext_lazy("已退回编辑。")),
    "withdraw": (services.withdraw_item, gettext_lazy("已撤回发布，公众不再能看到该信息。")),
    "restore": (services.restore_item, gettext_lazy("已恢复为草稿。")),
}


@admin.register(InformationItem)
class InformationItemAdmin(StaffOnlyMixin, AuditedAdmin):
    form = ItemForm
    inlines = [AttachmentInline]
    change_form_template = "publishing/admin/item_change_form.html"
    list_display = ["title", "unit", "status", "index_no", "published_at", "timeliness", "validity"]
    list_filter = [QueueFilter, "status", "validity", "topic", "genre", "unit__org_type"]
    search_fields = ["title", "index_no", "doc_number", "keywords"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["replaced_by"]
    filter_horizontal = ["columns", "key_areas"]
    list_select_related = ["unit"]

    @admin.display(description=gettext_lazy("按时公开"))
    def timeliness(self, obj):
        if obj.publish_due_on is None:
            return "—"
        if obj.is_late:
            return format_html('<strong class="late">{}</strong>', _("逾期"))
        return _("按时") if obj.published_at else _("期限 %(d)s") % {"d": obj.publish_due_on}

    def view_on_site(self, obj):
        """在站点上查看: the public page once the item is public, before that its preview in the workspace."""
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("workspace:item-preview", args=[obj.pk])

    def get_queryset(self, request):
        return access.items_for(request.user).select_related("unit")

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_write_items(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return access.may_write_items(request.user)
        return services.may_edit(request.user, obj)

    def get_fields(self, request, obj=None):
        fields = [*self.form.Meta.fields, "expected_version"]
        if obj is None:
            fields = [
                f
                for f in fields
                if f not in ("validity", "validity_changed_on", "replaced_by", "validity_note")
            ]
        elif not self.has_change_permission(request, obj):
            # Read only: the body as it reads on the site, not its HTML source.
            fields = ["rendered_body" if f == "body" else f for f in fields if f != "expected_version"]
        return fields

    @admin.display(description=gettext_lazy("正文"))
    def rendered_body(self, obj):
        return format_html('<div class="item-body">{}</div>', mark_safe(sanitize(obj.body)))  # noqa: S308

    def get_readonly_fields(self, request, obj=None):
        readonly = []
        if obj is not None or not access.may_choose_unit(request.user):
            readonly.append("unit")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        if db_field.name == "replaced_by":
            kwargs["queryset"] = InformationItem.objects.published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "columns":
            kwargs["queryset"] = access.columns_for(request.user).active().select_related("unit")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.default_unit = request.user.unit
        return form

    def get_changeform_initial_data(self, request):
        return {"unit": request.user.unit_id, "written_on": timezone.localdate()}

    def save_via_service(self, request, obj, form, change):
        data = {k: v for k, v in form.cleaned_data.items() if k in services.ITEM_FIELDS}
        if change:
            return services.update_item(
                actor=request.user,
                item=obj,
                expected_version=form.cleaned_data.get("expected_version"),
                columns=form.cleaned_data.get("columns"),
                key_areas=form.cleaned_data.get("key_areas"),
                **data,
            )
        return services.create_item(
            actor=request.user,
            unit=form.cleaned_data.get("unit") or request.user.unit,
            columns=form.cleaned_data.get("columns", []),
            key_areas=form.cleaned_data.get("key_areas", []),
            **data,
        )

    def save_formset(self, request, form, formset, change):
        item = form.instance
        # The admin's change message reads these; the service, not formset.save(), did the work.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not inline_form.instance.pk:
                continue
            if inline_form in formset.deleted_forms and inline_form.instance.pk:
                services.remove_attachment(actor=request.user, attachment=inline_form.instance)
                continue
            upload = inline_form.cleaned_data.get("upload")
            if upload:
                if inline_form.instance.pk:
                    services.remove_attachment(actor=request.user, attachment=inline_form.instance)
                name = inline_form.cleaned_data.get("name") or upload.name
                services.add_attachment(actor=request.user, item=item, data=upload.read(), name=name)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["findings"] = services.check_item(obj)
            context["actions_allowed"] = access.available_actions(request.user, obj)
            context["revisions"] = obj.revisions.select_related("created_by")[:20]
            context["review_steps"] = obj.review_steps.select_related("reviewer")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="publishing_informationitem_workflow",
            ),
            path(
                "<int:pk>/revisions/<int:number>/",
                self.admin_site.admin_view(self.revision_view),
                name="publishing_informationitem_revision",
            ),
        ]
        return custom + super().get_urls()

    def workflow_view(self, request, pk: int, action: str):
        if request.method != "POST" or action not in ACTIONS:
            raise PermissionDenied
        item = access.get_item_for_user(request.user, pk)
        service, done = ACTIONS[action]
        kwargs = {}
        if action in ("reject", "withdraw"):
            kwargs["reason"] = request.POST.get("reason", "")
        try:
            service(actor=request.user, item=item, **kwargs)
        except workflow.TransitionError:
            messages.error(request, _("当前状态下不能执行此操作，请刷新页面。"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:publishing_informationitem_change", args=[pk]))

    def revision_view(self, request, pk: int, number: int):
        item = access.get_item_for_user(request.user, pk)
        revision = get_object_or_404(item.revisions, number=number)
        previous = item.revisions.filter(number__lt=number).order_by("-number").first()
        return TemplateResponse(
            request,
            "publishing/admin/revision.html",
            {
                **self.admin_site.each_context(request),
                "title": _("修订记录 r%(n)s") % {"n": number},
                "item": item,
                "revision": revision,
                "author": (revision.created_by.full_name or revision.created_by.username)
                if revision.created_by
                else _("系统"),
                "previous": previous,
                "changes": revision_changes(
                    choices_in_words(previous.data) if previous else {}, choices_in_words(revision.data)
                ),
                "opts": self.model._meta,
            },
        )


# Catalog configuration --------------------------------------------------------------------------------


class UnitScopedAdmin(StaffOnlyMixin, AuditedAdmin):
    """Records that belong to a unit: visible within reach, changed by those who may edit the unit."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=core_access.units_for(request.user))

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_configure(request.user, obj.unit if obj else None)

    def has_add_permission(self, request):
        return access.may_configure(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        if db_field.name == "parent" and self.model is Column:
            kwargs["queryset"] = access.columns_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Column)
class ColumnAdmin(UnitScopedAdmin):
    list_display = ["name", "unit", "code", "parent", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "unit__name"]
    list_select_related = ["unit", "parent"]
    fields = [
        "unit",
        "parent",
        "code",
        "name",
        "sort_order",
        "description",
        "is_active",
        "matter",
        "content_elements",
        "legal_basis",
        "time_limit",
        "subject",
        "channels",
        "audience",
        "mode",
        "level",
    ]

    def save_via_service(self, request, obj, form, change):
        if obj.parent_id and obj.parent.unit_id != obj.unit_id:
            raise PermissionDenied
        return services.save_column(actor=request.user, column=obj, changed=form.changed_data)


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(UnitScopedAdmin):
    list_display = ["unit", "levels"]

    def save_via_service(self, request, obj, form, change):
        return services.set_review_levels(actor=request.user, unit=obj.unit, levels=obj.levels)


class OfficeOnlyAdmin(OfficeKeptAdmin):
    """Site-wide publishing settings the openness office keeps."""

    office_deletes = True

    def save_via_service(self, request, obj, form, change):
        return services.save_setting(actor=request.user, obj=obj, changed=form.changed_data)

    def delete_via_service(self, request, obj):
        services.delete_setting(actor=request.user, obj=obj)


@admin.register(ColumnTemplate)
class ColumnTemplateAdmin(OfficeOnlyAdmin):
    list_display = ["name", "code", "parent", "sort_order"]
    search_fields = ["name", "code"]


@admin.register(LexiconEntry)
class LexiconEntryAdmin(OfficeOnlyAdmin):
    list_display = ["term", "kind", "correction", "severity", "note"]
    list_filter = ["kind", "severity"]
    search_fields = ["term", "correction"]


@admin.register(KeyArea)
class KeyAreaAdmin(OfficeOnlyAdmin):
    list_display = ["name", "group", "code", "sort_order"]


class PublishingConfigForm(forms.ModelForm):
    class Meta:
        model = PublishingConfig
        fields = ["index_format", "max_attachment_mb"]

    def clean_index_format(self):
        value = self.cleaned_data["index_format"]
        problem = format_problem(value)
        if problem:
            raise ValidationError(problem)
        return value


@admin.register(PublishingConfig)
class PublishingConfigAdmin(OfficeOnlyAdmin):
    form = PublishingConfigForm
    list_display = ["__str__", "index_format", "max_attachment_mb"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PublishingConfig.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
