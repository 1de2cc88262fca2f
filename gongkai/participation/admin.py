"""Back office: consultations (publish, close, group comments, the adoption report) and comment review."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access
from gongkai.core.admin import ParentPermissionInline, StaffOnlyMixin, run_for_each
from gongkai.core.admin_base import AuditedAdmin

from . import access, proposals, services
from .models import (
    AttendanceApplication,
    Comment,
    CommentGroup,
    Consultation,
    ConsultationKind,
    DecisionCatalog,
    DecisionMatter,
    Meeting,
    Method,
    Proposal,
)


def _errors(error) -> str:
    return "；".join(getattr(error, "messages", [str(error)]))


class ScopedAdmin(StaffOnlyMixin, AuditedAdmin):
    """Records of the units the user reaches (``access.py``), written by their reviewers through the services."""

    write_capability = access.WRITE

    def record_unit(self, obj):
        return access.unit_of(obj)

    def get_queryset(self, request):
        return access.records_for(self.model, request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_view(request.user)

    def has_add_permission(self, request):
        return access.may_write(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_write(request.user, obj)


class GroupInline(ParentPermissionInline, admin.TabularInline):
    model = CommentGroup
    fields = ["order", "summary", "decision", "reason"]
    extra = 2


class ConsultationForm(forms.ModelForm):
    """The period is checked on the form, so a short one without a reason comes back on its field (the
    service checks again when saving)."""

    def _post_clean(self):
        super()._post_clean()
        from . import periods

        instance = self.instance
        if self.errors.get("starts_at") or self.errors.get("ends_at") or instance.starts_at is None:
            return
        kinds = self.cleaned_data.get("kinds")
        try:
            periods.check(instance, list(kinds) if kinds is not None else [])
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages_)


@admin.register(Consultation)
class ConsultationAdmin(ScopedAdmin):
    form = ConsultationForm
    inlines = [GroupInline]
    list_display = ["title", "unit", "starts_at", "ends_at", "state_label", "comment_count", "is_published"]
    list_filter = ["kinds"]
    search_fields = ["title"]
    fields = ["title", "unit", "kinds", "draft", "explanation", "basis", "starts_at", "ends_at", "shortened_reason",
              "contact", "is_published", "report", "decision"]  # fmt: skip
    autocomplete_fields = ["decision"]
    actions = ["close_now", "publish_report"]

    @admin.display(description=_("意见数"))
    def comment_count(self, obj):
        return obj.comments.count()

    def save_via_service(self, request, obj, form, change):
        return services.save_consultation(
            actor=request.user, consultation=obj, kinds=form.cleaned_data.get("kinds")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kinds":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("立即结束征集"))
    def close_now(self, request, queryset):
        run_for_each(self, request, queryset, lambda c: services.close(actor=request.user, consultation=c),
                     _("已结束征集：%(t)s"))  # fmt: skip

    @admin.action(description=_("发布意见采纳情况"))
    def publish_report(self, request, queryset):
        run_for_each(self, request, queryset, lambda c: services.publish_report(actor=request.user, consultation=c),
                     _("已发布采纳情况：%(t)s"))  # fmt: skip


@admin.register(ConsultationKind)
class ConsultationKindAdmin(StaffOnlyMixin, admin.ModelAdmin):
    """Read only here: the openness office changes minimums at 意见征集 › 草案类别与最短征求意见期限 (audited)."""

    list_display = ["name", "code", "minimum_label", "basis"]
    fields = ["name", "code", "minimum", "day_count", "basis"]
    readonly_fields = fields

    @admin.display(description=_("最短征求意见期限"))
    def minimum_label(self, obj):
        return obj.minimum_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ScopedAdmin):
    list_display = ["consultation", "submitted_at", "excerpt", "status", "group"]
    list_filter = ["status", "consultation"]
    fields = ["consultation", "submitted_at", "name", "contact", "body", "status", "group", "public_body"]
    readonly_fields = ["consultation", "submitted_at", "name", "contact", "body", "public_body"]
    actions = ["publish", "hide"]

    @admin.display(description=_("意见"))
    def excerpt(self, obj):
        return obj.body[:40]

    def has_add_permission(self, request):
        return False  # comments come from the public

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "group" in form.base_fields:
            form.base_fields["group"].queryset = CommentGroup.objects.filter(consultation=obj.consultation)
        return form

    def save_via_service(self, request, obj, form, change):
        if obj.status == Comment.Status.RECEIVED:
            return services.group_comment(actor=request.user, comment=obj, group=obj.group)
        return services.review_comment(actor=request.user, comment=obj, publish=obj.status == Comment.Status.PUBLISHED,
                                       group=obj.group)  # fmt: skip

    @admin.action(description=_("公开所选意见（自动隐去个人信息）"))
    def publish(self, request, queryset):
        for comment in queryset:
            services.review_comment(actor=request.user, comment=comment, publish=True)

    @admin.action(description=_("所选意见不公开"))
    def hide(self, request, queryset):
        for comment in queryset:
            services.review_comment(actor=request.user, comment=comment, publish=False)


class MatterInline(ParentPermissionInline, admin.TabularInline):
    model = DecisionMatter
    fields = ["order", "title", "lead_unit", "planned", "methods", "status"]
    readonly_fields = ["status"]
    extra = 3

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "methods":
            return forms.MultipleChoiceField(
                label=_("公众参与方式"),
                choices=Method.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(DecisionCatalog)
class DecisionCatalogAdmin(ScopedAdmin):
    inlines = [MatterInline]
    list_display = ["__str__", "year", "is_published", "published_on"]
    fields = ["unit", "year", "is_published", "published_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_catalog(actor=request.user, catalog=obj)


class MatterForm(forms.ModelForm):
    class Meta:
        model = DecisionMatter
        fields = ["status", "status_note", "consultation", "decision"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and data.get("status") and "status" in self.changed_data:
            current = DecisionMatter.objects.get(pk=self.instance.pk)
            try:
                services.check_matter_status(
                    current, data["status"], data.get("status_note") or "", data.get("decision")
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return data


@admin.register(DecisionMatter)
class DecisionMatterAdmin(ScopedAdmin):
    form = MatterForm
    list_display = ["title", "catalog", "lead_unit", "planned", "status"]
    list_filter = ["status", "catalog__year"]
    search_fields = ["title"]
    autocomplete_fields = ["decision"]

    def has_add_permission(self, request):
        return False  # matters are added in their catalog

    def save_via_service(self, request, obj, form, change):
        if "status" in form.changed_data:
            current = access.get_matter_for_user(request.user, obj.pk, write=True)
            return services.set_matter_status(actor=request.user, matter=current, status=obj.status,
                                              note=obj.status_note, consultation=obj.consultation,
                                              decision=obj.decision)  # fmt: skip
        return super().save_via_service(request, obj, form, change)  # the note and links: save_record


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["kind", "year", "number", "title", "authors", "lead_unit", "co_units", "assigned_on", "deadline",
                  "reply", "category", "replied_on", "reply_public", "not_public_reason"]  # fmt: skip
        widgets = {"reply_public": forms.CheckboxInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "deadline" in self.fields:  # not for a reader (a read-only form has no fields)
            self.fields["deadline"].required = False
            self.fields["deadline"].help_text = _("留空则为交办之日起三个月（代表建议、政协提案办理办法）。")

    def clean(self):
        data = super().clean()
        if not data.get("deadline") and data.get("assigned_on"):
            data["deadline"] = proposals.default_deadline(data["assigned_on"])
            self.instance.deadline = data["deadline"]
        if data.get("reply"):
            probe = Proposal(assigned_on=data.get("assigned_on") or self.instance.assigned_on)
            errors = proposals.category_errors(data.get("category") or "")
            if not data.get("reply_public") and not (data.get("not_public_reason") or "").strip():
                errors["not_public_reason"] = _("不公开答复全文的，须说明理由，理由将公开。")
            if not data.get("replied_on") or (probe.assigned_on and data["replied_on"] < probe.assigned_on):
                errors["replied_on"] = _("答复日期不能早于交办日期。")
            if errors:
                raise ValidationError(errors)
        return data


@admin.register(Proposal)
class ProposalAdmin(ScopedAdmin):
    form = ProposalForm
    list_display = ["number", "title", "kind", "year", "lead_unit", "deadline", "status", "category"]
    list_filter = ["kind", "year", "status", "category", "satisfaction"]
    search_fields = ["title", "number", "authors"]
    filter_horizontal = ["co_units"]

    def has_add_permission(self, request):
        return access.may_assign_proposals(request.user)  # the office assigns them

    def save_via_service(self, request, obj, form, change):
        return proposals.save_proposal(
            actor=request.user, proposal=obj, co_units=form.cleaned_data.get("co_units")
        )


class ApplicationInline(ParentPermissionInline, admin.TabularInline):
    model = AttendanceApplication
    fields = ["category", "name", "organization", "contact", "status", "opinion", "feedback"]
    readonly_fields = ["category", "name", "organization", "contact"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # applications come from the public


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    inlines = [ApplicationInline]
    list_display = ["title", "kind", "held_at", "is_published", "outcome_published_at"]
    fields = ["unit", "kind", "title", "held_at", "place", "agenda", "apply_until", "seats", "livestream_url",
              "is_published", "decisions", "materials", "withheld", "outcome_published_at"]  # fmt: skip
    readonly_fields = ["outcome_published_at"]
    filter_horizontal = ["materials"]
    actions = ["publish_outcome"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = core_access.units_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_via_service(self, request, obj, form, change):
        return services.save_meeting(
            actor=request.user, meeting=obj, materials=form.cleaned_data.get("materials")
        )

    def save_inline(self, request, parent, obj, form):
        """A selection goes through the service (seats are checked); opinions and feedback are saved as typed."""
        previous = access.get_application_for_user(request.user, obj.pk, write=True)
        if obj.status != previous.status and obj.status in ("selected", "declined"):
            try:
                services.decide_application(actor=request.user, application=previous,
                                            selected=obj.status == "selected")  # fmt: skip
            except ValidationError as error:
                self.message_user(request, _errors(error), messages.ERROR)
                obj.status = previous.status
        return super().save_inline(request, parent, obj, form)

    @admin.action(description=_("公开会议决定和材料"))
    def publish_outcome(self, request, queryset):
        run_for_each(
            self, request, queryset,
            lambda m: services.publish_outcome(actor=request.user, meeting=m, decisions=m.decisions, withheld=m.withheld),
            _("已公开：%(t)s"),
        )  # fmt: skip
