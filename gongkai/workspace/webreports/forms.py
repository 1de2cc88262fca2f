"""Forms of the website report pages: the office's entered figures and a security check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.webreports.models import SecurityCheck, WebsiteReport

NUMBER_ERRORS = {
    "invalid": _("请填写数字。"),
    "min_value": _("不能小于0。"),
    "max_digits": _("数字太大。"),
    "max_decimal_places": _("最多保留两位小数。"),
    "max_whole_digits": _("数字太大。"),
    "max_value": _("数字太大。"),
}


class EnteredForm(forms.ModelForm):
    class Meta:
        model = WebsiteReport
        fields = list(WebsiteReport.ENTERED)
        widgets = {"filled_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                field.error_messages.update(NUMBER_ERRORS)
                field.widget.attrs["min"] = 0
        self.fields["filled_on"].error_messages["invalid"] = _("请填写正确的日期，如 2026-01-20。")
        self.fields["site_type"].choices = [
            ("", _("按网站判断")),
            *list(self.fields["site_type"].choices)[1:],
        ]


class CheckForm(forms.ModelForm):
    class Meta:
        model = SecurityCheck
        fields = ["checked_on", "kind", "found", "fixed", "note"]
        widgets = {"checked_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].error_messages.update(
            {"required": _("请填写检查日期。"), "invalid": _("请填写正确的日期，如 2026-05-20。")}
        )
        self.fields["kind"].choices = [("", _("请选择")), *list(self.fields["kind"].choices)[1:]]
        self.fields["kind"].error_messages.update(
            {"required": _("请选择检查类型。"), "invalid_choice": _("请选择列出的检查类型。")}
        )
        for name in ("found", "fixed"):
            self.fields[name].error_messages.update({"required": _("请填写数量。"), **NUMBER_ERRORS})
            self.fields[name].widget.attrs["min"] = 0

    def validate_constraints(self, exclude=None):
        """The service checks fixed ≤ found with a message on the field."""
