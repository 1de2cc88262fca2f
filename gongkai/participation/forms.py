from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import PublicForm

from .models import AttendanceApplication


class CommentForm(PublicForm):
    clause = forms.TypedChoiceField(
        label=_("针对条文"), required=False, coerce=int, empty_value=None,
        help_text=_("选择“草案整体”表示对整个征求意见稿提出意见。"),
    )  # fmt: skip
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

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clauses = {c.number: c for c in clauses}
        self.fields["clause"].choices = [("", _("草案整体"))] + [
            (c.number, f"{c.label} {c.text[:24]}") for c in clauses
        ]
        if not clauses:
            self.fields["clause"].widget = forms.HiddenInput()


class AttendanceForm(PublicForm):
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
