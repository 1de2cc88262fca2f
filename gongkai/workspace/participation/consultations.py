"""Workspace pages: add and change a consultation with its kinds of draft (``/manage/participation/new/``,
``/manage/participation/<pk>/edit/``) and the openness office's page of the kinds' minimum periods
(``/manage/participation/kinds/``). A period shorter than the kinds' minimum comes back with the rule and its
basis and asks for the reason (:mod:`gongkai.participation.periods`); everything is saved through
``services.save_consultation``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core.access import writable_units
from gongkai.participation import access, services
from gongkai.participation.models import Consultation, ConsultationKind
from gongkai.participation.periods import may_edit_kinds, save_kind

from ..auth import staff_view
from ..items.forms import DateTimeInput
from ..supervision.forms import add_service_errors
from ..views import page

SECTION = "participation"


class KindChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s（最短期限：%(minimum)s）") % {"name": obj.name, "minimum": obj.minimum_label}


class ConsultationForm(forms.ModelForm):
    kinds = KindChoice(
        label=gettext_lazy("草案类别"), queryset=ConsultationKind.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("可多选；适用多个类别的，按最长的最短期限计算。都不适用的选“其他”。"),
    )  # fmt: skip

    class Meta:
        model = Consultation
        fields = [
            "title", "unit", "kinds", "starts_at", "ends_at", "shortened_reason", "draft", "explanation",
            "basis", "contact", "is_published",
        ]  # fmt: skip
        widgets = {"starts_at": DateTimeInput, "ends_at": DateTimeInput}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = writable_units(user, access.WRITE).order_by("path")
        if self.instance.pk is None and user.unit_id:
            self.fields["unit"].initial = user.unit_id
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]

    def clean(self):
        # said here in Chinese, before the model's check constraint would say it in English
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("截止时间须晚于开始时间。"))
        return data


def _save(request, form, instance):
    if request.method != "POST" or not form.is_valid():
        return None
    consultation = form.save(commit=False)
    try:
        return services.save_consultation(
            actor=request.user, consultation=consultation, kinds=list(form.cleaned_data["kinds"])
        )
    except ValidationError as error:
        add_service_errors(form, error)
        if "ends_at" in getattr(error, "message_dict", {}) and "shortened_reason" in form.fields:
            form.add_error("shortened_reason", _("期限短于最短期限的，请填写缩短理由。"))
    return None


def _render(request, form, title, consultation=None):
    return page(
        request,
        "workspace/participation/consultation_form.html",
        {"title": title, "form": form, "consultation": consultation},
        section=SECTION,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def new(request):
    if not access.may_write(request.user):
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, user=request.user)
    saved = _save(request, form, None)
    if saved is not None:
        messages.success(request, _("已保存意见征集。"))
        return redirect("workspace:participation-consultation-edit", saved.pk)
    return _render(request, form, _("新建意见征集"))


@staff_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    consultation = access.get_consultation_for_user(request.user, pk, write=True)
    form = ConsultationForm(request.POST or None, instance=consultation, user=request.user)
    saved = _save(request, form, consultation)
    if saved is not None:
        messages.success(request, _("已保存意见征集。"))
        return redirect("workspace:participation-consultation-edit", saved.pk)
    return _render(request, form, _("编辑意见征集"), consultation)


class KindForm(forms.ModelForm):
    class Meta:
        model = ConsultationKind
        fields = ["minimum", "day_count", "basis"]


@staff_view
@require_http_methods(["GET", "POST"])
def kinds(request):
    """The openness office keeps each kind's minimum period and its basis."""
    if not may_edit_kinds(request.user):
        raise PermissionDenied
    rows = list(ConsultationKind.objects.all())
    forms_ = [KindForm(request.POST or None, instance=k, prefix=k.code) for k in rows]
    if request.method == "POST":
        code = request.POST.get("kind")
        for form in forms_:
            if form.prefix != code:
                continue
            if form.is_valid():
                try:
                    save_kind(actor=request.user, kind=form.instance, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, _("已修改“%(name)s”的最短征求意见期限。") % {"name": form.instance.name}
                    )
                    return redirect("workspace:participation-kinds")
        forms_ = [f if f.prefix == code else KindForm(instance=f.instance, prefix=f.prefix) for f in forms_]
    return page(
        request,
        "workspace/participation/kinds.html",
        {"title": _("草案类别与最短征求意见期限"), "forms": forms_},
        section=SECTION,
    )
