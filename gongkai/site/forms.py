from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.workdays import MAX_DAYS


class DeadlineForm(forms.Form):
    """The public working-day calculator: 'N working days after this date'."""

    start = forms.DateField(
        label=_("起算日期"),
        help_text=_("例如收到申请的日期，格式 2026-03-01；当天不计入。"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": _("请填写起算日期。"),
            "invalid": _("请按 年-月-日 格式填写真实日期，例如 2026-03-01。"),
        },
    )
    days = forms.IntegerField(
        label=_("工作日数"),
        min_value=0,
        max_value=MAX_DAYS,
        initial=20,
        help_text=_("0 到 365 之间的整数，例如依申请公开答复期限为 20 个工作日。"),
        error_messages={
            "required": _("请填写工作日数。"),
            "invalid": _("工作日数应为整数。"),
            "min_value": _("工作日数不能小于 %(limit_value)s。"),
            "max_value": _("工作日数不能大于 %(limit_value)s。"),
        },
    )
