from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import phones
from gongkai.core.forms import MultipleFileField, PublicForm

from .models import Channel, Rating


def mobile_validator(value):
    problem = phones.problem(value, mobile_only=True)
    if problem:
        raise forms.ValidationError(problem)


class MessageForm(PublicForm):
    channel = forms.ModelChoiceField(
        label=_("留言渠道"),
        queryset=Channel.objects.filter(is_active=True),
        error_messages={"required": _("请选择留言渠道。"), "invalid_choice": _("请选择留言渠道。")},
    )
    subject = forms.CharField(label=_("标题"), max_length=100, error_messages={"required": _("请填写标题。")})
    body = forms.CharField(
        label=_("留言内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("请写清事情经过、地点和您的诉求，不超过5000字。"),
        error_messages={"required": _("请填写留言内容。")},
    )
    name = forms.CharField(label=_("姓名"), max_length=50, error_messages={"required": _("请填写姓名。")})
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        validators=[mobile_validator],
        help_text=_("用于联系您，不会公开。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={"required": _("请填写手机号码。")},
    )
    attachments = MultipleFileField(
        label=_("附件（选填）"),
        required=False,
        help_text=_("可上传图片或PDF，最多3个，每个不超过10MB。附件不会公开。"),
    )
    public_consent = forms.BooleanField(
        label=_("同意在网站上公开我的留言和答复（姓名、电话等个人信息会隐去）"), required=False, initial=True
    )

    def __init__(self, *args, channels=None, **kwargs):
        """``channels``: the channels offered (the site's own); all active ones by default."""
        super().__init__(*args, **kwargs)
        if channels is not None:
            self.fields["channel"].queryset = channels


class FollowForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20, error_messages={"required": _("请填写查询码。")})


class RatingForm(PublicForm):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(label=_("对答复的评价"), choices=Rating.choices, widget=forms.RadioSelect)
