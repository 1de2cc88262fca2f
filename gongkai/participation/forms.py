import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AttendanceApplication


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("意见建议"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请写明对征求意见稿哪一条、哪一处的意见及理由，不超过5000字。"),
        error_messages={"required": _("请填写您的意见建议。")},
    )  # fmt: skip
    name = forms.CharField(label=_("姓名或单位（选填）"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("联系方式（选填）"),
        max_length=100,
        required=False,
        help_text=_("便于我们向您反馈，不会公开。"),
    )
    answer = forms.CharField(
        label=_("验证问题"), max_length=4, error_messages={"required": _("请回答验证问题。")}
    )
    token = forms.CharField(widget=forms.HiddenInput)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        required=False, widget=forms.HiddenInput
    )  # left empty by people, filled by bots

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question or self.fields["answer"].label
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)


class AttendanceForm(forms.Form):
    category = forms.ChoiceField(
        label=_("身份类别"),
        choices=AttendanceApplication.Category.choices,
        error_messages={"required": _("请选择身份类别。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")})
    organization = forms.CharField(label=_("工作单位（选填）"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=_("用于通知您是否安排列席，不会公开。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请填写联系电话，以便通知您是否安排列席。")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("报名理由或拟提意见（选填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    answer = forms.CharField(
        label=_("验证问题"), max_length=4, error_messages={"required": _("请回答验证问题。")}
    )
    token = forms.CharField(widget=forms.HiddenInput)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = question or self.fields["answer"].label
        if not self.is_bound:
            self.initial["submission_key"] = secrets.token_urlsafe(24)
