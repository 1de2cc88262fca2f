"""Forms of the 信息报送 pages: submitting an item, the office's decision, the list's filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.models import SubmissionStatus


class ColumnChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name} · {obj.name}"


class SubmitForm(forms.Form):
    column = ColumnChoice(label=_("报送栏目"), queryset=None, empty_label=_("请选择栏目"))
    note = forms.CharField(
        label=_("报送说明"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("可写明报送理由，供门户网站公开办参考。"),
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("处理意见"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予采用时必填，报送单位将看到这段说明。"),
    )


def _years():
    this = timezone.localdate().year
    return [("", _("全部年份"))] + [(str(y), str(y)) for y in range(this, this - 6, -1)]


class FilterForm(forms.Form):
    box = forms.ChoiceField(
        label=_("范围"),
        required=False,
        choices=[("", _("全部")), ("mine", _("本单位报送的")), ("incoming", _("报送给本网站的"))],
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *SubmissionStatus.choices]
    )
    year = forms.TypedChoiceField(label=_("报送年份"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, incoming: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        if not incoming:
            del self.fields["box"]


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()[1:]
