"""Forms of the FOI app: the public application, tracking, and the staff intake and event forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import MultipleFileField, PlainChoicesForm, PublicForm
from gongkai.core.models import Organization

from .models import (
    APPLICANT_FIELDS,
    APPLICATION_FIELDS,
    REQUEST_FIELDS,
    Application,
    Channel,
    EventKind,
    HelpNeed,
    Outcome,
)
from .services import HELP_FIELDS, ORAL_READ_BACK_REQUIRED, identity_problems

REQUIRED_MSG = {"required": _("此项为必填项。")}


class UnitChoiceIterator(forms.models.ModelChoiceIterator):
    """The organizations in the order of the tree: each under its parent, siblings by their 排序 and then
    their id (the materialized path sorted as text puts /1/10/ before /1/2/, i.e. ids as text). Below the
    first level a name follows its parent's short name, so a street office reads "兰山区 · 兰山街道办事处".
    Two queries, however many organizations."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        organizations = list(self.queryset)
        paths = {o.pk: [int(part) for part in o.path.strip("/").split("/") if part] for o in organizations}
        ancestors = {pk for ids in paths.values() for pk in ids}
        known = {
            pk: (sort_order, short_name or name)
            for pk, sort_order, short_name, name in Organization.objects.filter(pk__in=ancestors).values_list(
                "pk", "sort_order", "short_name", "name"
            )
        }

        def place(organization):
            return [(known.get(pk, (0, ""))[0], pk) for pk in paths[organization.pk]]

        for organization in sorted(organizations, key=place):
            ids = paths[organization.pk]
            label = organization.name
            if len(ids) > 2 and ids[-2] in known:
                label = f"{known[ids[-2]][1]} · {organization.name}"
            value = forms.models.ModelChoiceIteratorValue(
                self.field.prepare_value(organization), organization
            )
            yield (value, label)


class UnitChoiceField(forms.ModelChoiceField):
    """A receiving organ (受理机关) or handling unit, listed in the order of the organization tree."""

    iterator = UnitChoiceIterator

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("请选择"))
        super().__init__(*args, **kwargs)


class ApplyForm(forms.ModelForm, PublicForm):
    """The public application form (Art. 29): no account needed. The files wait on the server while the
    form comes back with errors (``documents.IDENTITY``, ``documents.MATERIAL``)."""

    identity_proof = MultipleFileField(
        label=_("身份证明（选填）"),
        required=False,
        help_text=_(
            "身份证正反面的照片或扫描件（JPG、PNG或PDF），最多2个文件；法人或其他组织上传营业执照等证明。"
            "未上传的，受理机关可能要求补正。仅办理本申请的工作人员可以查看。"
        ),
    )
    material = MultipleFileField(
        label=_("其他材料（选填）"),
        required=False,
        help_text=_("有助于确定所需信息的材料，如文件截图、通知书，最多5个文件，每个不超过20MB。"),
    )

    # Art. 43 / Art. 29: whether the applicant needs help, and how to reach them for it
    help_needs = forms.MultipleChoiceField(
        label=_("需要的帮助（选填）"),
        required=False,
        choices=HelpNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("有阅读、视力、听力或书写困难的，请选择，受理机关将提供必要的帮助（条例第四十三条）。"),
        error_messages={"invalid_choice": _("请选择列表中的一项。")},
    )
    help_contact = forms.CharField(
        label=_("如何联系您以提供帮助（选填）"),
        required=False,
        max_length=200,
        help_text=_("例如：请打电话给家属（138…）、需要手语翻译、希望工作人员上门。"),
        error_messages={"max_length": _("最多%(limit_value)d个字。")},
    )

    unit = UnitChoiceField(
        label=_("向哪个机关申请"),
        queryset=Organization.objects.active().ordered(),
        help_text=_("请选择制作或保存该信息的机关。"),
        error_messages={"required": _("请选择受理机关。"), "invalid_choice": _("请选择受理机关。")},
    )

    class Meta:
        model = Application
        fields = ["unit", *APPLICATION_FIELDS]
        help_texts = {
            "applicant_name": _("个人填写姓名，法人或其他组织填写全称。"),
            "id_number": _("居民身份证号码为18位；法人或其他组织填写统一社会信用代码。"),
            "legal_representative": _("法人或其他组织填写。"),
            "contact_name": _("法人或其他组织填写办理本申请的联系人。"),
            "description": _("请写明所需信息的名称、文号或便于查询的其他特征性描述。"),
            "phone": _("手机号码，或带区号的固定电话（如0539-8123456）。"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units=None, **kwargs):
        """``units``: the organizations offered (the public form: the site's own); all active by default."""
        super().__init__(*args, **kwargs)
        if units is not None and "unit" in self.fields:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            field.error_messages.setdefault("required", REQUIRED_MSG["required"])
            if field.required:
                field.error_messages["required"] = REQUIRED_MSG["required"]
            choices = getattr(field, "choices", None)
            if isinstance(field, forms.TypedChoiceField) and choices and choices[0][0] == "":
                field.choices = [("", _("请选择")), *choices[1:]]  # not Django's "---------"
            if isinstance(field, forms.TypedChoiceField):
                field.error_messages["invalid_choice"] = _("请选择列表中的一项。")
        self.fields["phone"].widget.input_type = "tel"

    def applicant_fields(self):
        return [self[name] for name in APPLICANT_FIELDS]

    def file_fields(self):
        return [self[name] for name in ("identity_proof", "material") if name in self.fields]

    def request_fields(self):
        return [self[name] for name in REQUEST_FIELDS]

    def help_fields(self):
        return [self[name] for name in HELP_FIELDS]

    def clean(self):
        data = super().clean()
        for field, message in identity_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        if data.get("help_contact") and not data.get("help_needs") and "help_needs" not in self.errors:
            self.add_error("help_needs", _("填写了提供帮助的联系方式的，请选择需要的帮助。"))
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


class IntakeForm(ApplyForm):
    """Staff register an application that came by letter, fax or in person (its paper material is scanned
    and attached on the application's page)."""

    identity_proof = None
    material = None

    channel = forms.ChoiceField(
        label=_("提交方式"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label=_("收到申请日期"),
        help_text=_("当面提交为提交当日；邮寄为签收之日；平常信函和传真为双方确认之日。"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    oral_read_back = forms.BooleanField(
        label=_("已向申请人宣读记录内容，申请人确认无误"),
        required=False,
        help_text=_(
            "口头提出的申请由工作人员代为填写，须向申请人宣读并经其确认（条例第二十九条）；其他方式不填。"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # staff fill this in about the applicant: the form's questions are not addressed to them
        self.fields["help_needs"].label = _("申请人需要的帮助（选填）")
        self.fields["help_needs"].help_text = _(
            "申请人有阅读、视力、听力或书写困难的，请选择（条例第四十三条）。"
        )
        self.fields["help_contact"].label = _("为申请人提供帮助的联系方式（选填）")

    def clean(self):
        data = super().clean()
        if data.get("channel") == Channel.ORAL and not data.get("oral_read_back"):
            self.add_error("oral_read_back", ORAL_READ_BACK_REQUIRED)
        return data


class EventForm(PlainChoicesForm):
    """Every step of the procedure through one form; the service checks what each kind needs."""

    kind = forms.ChoiceField(
        label=_("办理事项"),
        choices=[
            ("", _("请选择办理事项")),
            *[(k, v) for k, v in EventKind.choices if k != EventKind.RECEIVED],
        ],
        error_messages={"required": _("请选择办理事项。")},
    )
    on = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(
        label=_("补正期限"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    party = forms.CharField(label=_("被征求意见方"), required=False)
    party_kind = forms.ChoiceField(
        label=_("被征求意见的是"),
        required=False,
        choices=[("", "—"), ("third_party", _("第三方")), ("organ", _("其他机关"))],
    )
    party_received_on = forms.DateField(
        label=_("对方收到征求意见书日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    days = forms.IntegerField(label=_("延长工作日数"), required=False, min_value=1, max_value=20)
    approver = forms.CharField(label=_("批准人"), required=False)
    reason = forms.CharField(label=_("理由"), required=False)
    new_due = forms.DateField(
        label=_("确定的答复期限"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    amount = forms.DecimalField(label=_("收费金额（元）"), required=False, min_value=0)
    to_unit = UnitChoiceField(label=_("转至单位"), required=False, queryset=Organization.objects.active())
    outcome = forms.ChoiceField(label=_("办理结果"), required=False, choices=[("", "—"), *Outcome.choices])
    legal_basis = forms.CharField(label=_("法律依据"), required=False)
    reply_text = forms.CharField(
        label=_("答复内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    withheld_note = forms.CharField(
        label=_("不予公开部分及理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    method = forms.CharField(label=_("送达方式"), required=False)
    proof = forms.CharField(label=_("送达凭证"), required=False)

    def event_data(self) -> dict:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in ("kind", "on", "note") and v not in (None, "")
        }
        if "amount" in data:
            data["amount"] = str(data["amount"])
        return data


class CorrectionForm(forms.Form):
    """The applicant's correction (补正) through the tracking page; code and secret come again with it."""

    tracking_code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    secret = forms.CharField(widget=forms.HiddenInput, max_length=24)
    text = forms.CharField(
        label=_("补正内容"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("按补正告知书的要求，写明所需信息的名称、文号或其他特征，不超过5000字。"),
    )
    files = MultipleFileField(
        label=_("补正材料（选填）"),
        required=False,
        help_text=_("如身份证明、所需信息的文件截图，最多5个文件，每个不超过20MB。"),
    )
