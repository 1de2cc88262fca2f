from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import PublicForm
from gongkai.core.models import Organization

from .models import Application

REQUIRED_MSG = {"required": _("此项为必填项。")}


class ApplyForm(forms.ModelForm, PublicForm):
    """The public application form (Art. 29): no account needed."""

    unit = forms.ModelChoiceField(
        label=_("向哪个机关申请"),
        queryset=Organization.objects.active().ordered(),
        help_text=_("请选择制作或保存该信息的机关。"),
        error_messages={"required": _("请选择受理机关。"), "invalid_choice": _("请选择受理机关。")},
    )

    class Meta:
        model = Application
        fields = [
            "unit",
            "applicant_type",
            "applicant_name",
            "id_type",
            "id_number",
            "legal_representative",
            "phone",
            "email",
            "address",
            "postcode",
            "description",
            "doc_number_hint",
            "purpose",
            "form",
            "delivery",
        ]
        help_texts = {
            "applicant_name": _("个人填写姓名，法人或其他组织填写全称。"),
            "id_number": _("居民身份证号码为18位；法人或其他组织填写统一社会信用代码。"),
            "legal_representative": _("法人或其他组织填写。"),
            "description": _("请写明所需信息的名称、文号或便于查询的其他特征性描述。"),
            "phone": _("手机号码，或带区号的固定电话（如0539-8123456）。"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.setdefault("required", REQUIRED_MSG["required"])
            if field.required:
                field.error_messages["required"] = REQUIRED_MSG["required"]
        self.fields["phone"].widget.input_type = "tel"

    def clean(self):
        from .services import identity_problems

        data = super().clean()
        for field, message in identity_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class TrackForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("查询码"), max_length=20, error_messages={"required": _("请填写查询码。")}
    )
    secret = forms.CharField(
        label=_("查询密码"),
        max_length=24,
        help_text=_("提交申请时得到的16位查询密码，可带或不带“-”。"),
        widget=forms.PasswordInput(render_value=True),
        error_messages={"required": _("请填写查询密码。")},
    )
