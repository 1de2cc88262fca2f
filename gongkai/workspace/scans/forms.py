"""The forms of the 内容巡查 pages: the findings filter, a dismissal, a run, a leader."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Leader
from gongkai.scans.models import Check, FindingStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class FindingFilter(forms.Form):
    unit = UnitChoice(label=_("单位"), queryset=None, required=False, empty_label=_("全部单位"))
    kind = forms.ChoiceField(label=_("巡查内容"), required=False, choices=[("", _("全部")), *Check.choices])
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *FindingStatus.choices]
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].error_messages["invalid_choice"] = _("只能选择您所在的单位。")


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("忽略理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：公开的服务电话，并非个人信息；同名人员，并非本单位领导。"),
        error_messages={"required": _("请填写忽略的理由。"), "max_length": _("理由不能超过300个字。")},
    )  # fmt: skip


class RunForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("巡查内容"), required=False, choices=[("", _("全部巡查")), *Check.choices]
    )


class LeaderForm(forms.ModelForm):
    class Meta:
        model = Leader
        fields = ["organization", "name", "title", "since", "sort_order", "is_active", "duties"]
        widgets = {"since": DATE, "duties": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = UnitChoice(
            label=_("所属单位"), queryset=units, empty_label=_("请选择"),
            error_messages={"required": _("请选择单位。"), "invalid_choice": _("只能选择您所在的单位。")},
        )  # fmt: skip
        self.fields["name"].error_messages["required"] = _("请填写姓名。")
        self.fields["title"].error_messages["required"] = _("请填写职务。")
        self.fields["since"].error_messages["invalid"] = _("请输入正确的日期，如2025-01-31。")
