"""Workspace page: the openness office's settings of the application procedure (依申请公开办理规则):
which outcomes carry the 复议前置 wording in the notices, and the two limits in working days. A holder of
SUPERVISE over the root of the tree edits them (``procedure_settings.update``, audited); other staff read
them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.foi import procedure_settings, remedies
from gongkai.foi.models import Outcome, ProcedureSettings

from ..auth import staff_view
from ..views import page


def _days_field(label, help_text):
    return forms.IntegerField(
        label=label,
        min_value=procedure_settings.MIN_DAYS,
        max_value=procedure_settings.MAX_DAYS,
        help_text=help_text,
        error_messages={
            "required": gettext_lazy("请填写工作日数。"),
            "invalid": gettext_lazy("请填写整数。"),
            "min_value": gettext_lazy("应在1至60个工作日之间。"),
            "max_value": gettext_lazy("应在1至60个工作日之间。"),
        },
    )


class SettingsForm(forms.Form):
    prior_review_outcomes = forms.MultipleChoiceField(
        label=gettext_lazy("复议前置的办理结果"),
        choices=Outcome.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    record_correction_days = _days_field(
        gettext_lazy("更正申请办理期限（工作日）"),
        gettext_lazy("条例第四十一条未规定期限；默认20个工作日。"),
    )
    organ_consultation_days = _days_field(
        gettext_lazy("征求其他机关意见的期限（工作日）"),
        gettext_lazy("条例第三十四条；期满未答复的，停止计算的期间结束。默认15个工作日。"),
    )

    def __init__(self, *args, editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = set(procedure_settings.DEFAULTS["prior_review_outcomes"])
        self.fields["prior_review_outcomes"].choices = [
            (value, f"{label}{_('（默认）') if value in defaults else ''}")
            for value, label in Outcome.choices
        ]
        if not editable:
            for field in self.fields.values():
                field.disabled = True


def _initial(settings: ProcedureSettings) -> dict:
    return {name: getattr(settings, name) for name in procedure_settings.FIELDS}


@staff_view
def settings_page(request):
    editable = procedure_settings.may_edit(request.user)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    current = ProcedureSettings.current()
    form = SettingsForm(request.POST or None, initial=_initial(current), editable=editable)
    if request.method == "POST" and form.is_valid():
        try:
            procedure_settings.update(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("办理规则已保存。此后生成的告知书按新规则写明救济途径。"))
            return redirect("workspace:foi-settings")
    return page(
        request,
        "workspace/foi/settings.html",
        {
            "form": form,
            "editable": editable,
            "current": current,
            "either": remedies.Remedies(organ=_("复议机关"), prior_review=False).paragraph,
            "first": remedies.Remedies(organ=_("复议机关"), prior_review=True).paragraph,
        },
        section="foi",
    )
