import secrets

from django import forms
from django.utils.translation import gettext_lazy as _


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
