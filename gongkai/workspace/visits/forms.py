"""The filter of the 访问统计 page: which site, which days."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.visits import periods

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisitsFilterForm(forms.Form):
    site = forms.ModelChoiceField(label=_("网站"), queryset=None, empty_label=None)
    start = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    end = forms.DateField(label=_("结束日期"), required=False, widget=DATE)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].error_messages["invalid_choice"] = _("请选择您可以查看的网站。")
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _("请按“2026-01-31”的格式填写日期。")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["start"], data["end"] = periods.checked_range(data.get("start"), data.get("end"))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.add_error(name, messages)
        return data
