"""The forms of the message pages: the list's filters and bulk action, and one form per handling step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization, User
from gongkai.interaction.models import Channel, Status

DUE_CHOICES = [
    ("", _("全部")),
    ("late", _("已超过答复期限")),
    ("soon", _("5个工作日内到期")),
    ("veto", _("超过三个月未答复")),
]

# The list opens on the messages still waiting for their reply; "all" shows every state.
STATUS_CHOICES = [("open", _("未办结（待受理、办理中、答复待审核）")), ("all", _("全部")), *Status.choices]


class PlainForm(forms.Form):
    """Plain Chinese messages in place of Django's stock ones for length and choice errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.setdefault("invalid_choice", _("请从列表中选择。"))
            if field.error_messages["invalid_choice"].startswith(("选择一个有效", "Select a valid")):
                field.error_messages["invalid_choice"] = _("请从列表中选择。")
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = _(
                    "最多填写%(limit_value)d个字（现有%(show_value)d个字）。"
                )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.full_name or obj.username
        return f"{name}（{obj.unit.name}）" if obj.unit_id else name


class FilterForm(PlainForm):
    """GET parameters of the list; an unknown value is ignored (the list shows everything)."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100, help_text=_("标题、内容或查询码"))
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    due = forms.ChoiceField(label=_("期限"), choices=DUE_CHOICES, required=False)
    unit = UnitChoiceField(label=_("办理单位"), queryset=Organization.objects.none(), required=False,
                           empty_label=_("全部"))  # fmt: skip
    channel = forms.ModelChoiceField(label=_("渠道"), queryset=Channel.objects.none(), required=False,
                                     empty_label=_("全部"))  # fmt: skip

    def __init__(self, *args, units=None, channels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Organization.objects.none()
        self.fields["channel"].queryset = channels if channels is not None else Channel.objects.none()


BULK_ACTIONS = [("transferred", _("转办到其他单位")), ("assigned", _("分派给经办人"))]


class BulkForm(PlainForm):
    ids = forms.TypedMultipleChoiceField(
        label=_("选中的留言"), coerce=int, error_messages={"required": _("请至少勾选一条留言。")}
    )
    action = forms.ChoiceField(
        label=_("批量操作"), choices=BULK_ACTIONS, widget=forms.RadioSelect,
        error_messages={"required": _("请选择批量操作。"), "invalid_choice": _("请选择批量操作。")},
    )  # fmt: skip
    to_unit = UnitChoiceField(label=_("转往单位"), queryset=Organization.objects.none(), required=False,
                              empty_label=_("请选择"))  # fmt: skip
    handler = HandlerChoiceField(label=_("经办人"), queryset=User.objects.none(), required=False,
                                 empty_label=_("请选择"))  # fmt: skip
    reason = forms.CharField(label=_("转办理由"), required=False, max_length=300)

    def __init__(self, *args, ids=(), units=None, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in ids]
        self.fields["to_unit"].queryset = units if units is not None else Organization.objects.none()
        self.fields["handler"].queryset = handlers if handlers is not None else User.objects.none()

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "transferred":
            if not data.get("to_unit"):
                self.add_error("to_unit", _("请选择转往的单位。"))
            if not data.get("reason"):
                self.add_error("reason", _("请写明转办理由。"))
        if action == "assigned" and not data.get("handler"):
            self.add_error("handler", _("请选择经办人。"))
        return data


# One form per handling step ---------------------------------------------------------------------------


class NoteForm(PlainForm):
    """审看通过: only an internal note."""

    note = forms.CharField(label=_("内部备注（选填）"), required=False, max_length=300)


class RejectForm(PlainForm):
    reason = forms.CharField(
        label=_("不予受理理由"),
        max_length=300,
        help_text=_("留言人凭查询码可以看到该理由。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("不予受理时须写明理由，留言人可以看到。")},
    )


class MergeForm(PlainForm):
    into = forms.CharField(
        label=_("合并到（查询码）"),
        max_length=20,
        help_text=_("内容重复时，填写另一条留言的查询码。"),
        error_messages={"required": _("请填写要合并到的留言的查询码。")},
    )


class TransferForm(PlainForm):
    to_unit = UnitChoiceField(
        label=_("转往单位"),
        queryset=Organization.objects.none(),
        empty_label=_("请选择"),
        help_text=_("转办后答复期限不变。"),
        error_messages={
            "required": _("请选择转往的其他单位。"),
            "invalid_choice": _("请选择转往的其他单位。"),
        },
    )
    note = forms.CharField(
        label=_("转办理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请写明转办理由。")},
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units if units is not None else Organization.objects.none()


class AssignForm(PlainForm):
    handler = HandlerChoiceField(
        label=_("经办人"),
        queryset=User.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择经办人。"), "invalid_choice": _("请选择经办人。")},
    )

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers if handlers is not None else User.objects.none()


class TemplateSelect(forms.Select):
    """Options carry the template's text, so the page's script can fill the reply without a round trip."""

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bodies = bodies or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        body = self.bodies.get(str(value))
        if body:
            option["attrs"]["data-body"] = body
        return option


class ReplyForm(PlainForm):
    template = forms.ChoiceField(label=_("常用回复"), required=False)
    reply_text = forms.CharField(
        label=_("答复内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("请填写答复内容。")},
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        templates = list(templates)
        self.templates = {str(t.pk): t for t in templates}
        field = self.fields["template"]
        field.choices = [("", _("不使用常用回复")), *((str(t.pk), t.title) for t in templates)]
        field.widget = TemplateSelect(choices=field.choices, bodies={str(t.pk): t.body for t in templates})
        field.widget.attrs["data-fills"] = self["reply_text"].auto_id
        field.help_text = _("选择后点“填入所选回复”，再按实际情况修改。")


REVIEW_CHOICES = [("answered", _("审核通过，答复留言人")), ("reply_returned", _("退回修改"))]


class ReviewForm(PlainForm):
    decision = forms.ChoiceField(
        label=_("审核意见"), choices=REVIEW_CHOICES, widget=forms.RadioSelect,
        error_messages={"required": _("请选择审核意见。"), "invalid_choice": _("请选择审核意见。")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("退回意见"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改时必填。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reply_returned" and not data.get("reason", "").strip():
            self.add_error("reason", _("退回修改时请写明意见。"))
        return data


class PublishForm(PlainForm):
    public_subject = forms.CharField(
        label=_("公开标题"), max_length=100, error_messages={"required": _("请填写公开标题。")}
    )
    public_body = forms.CharField(
        label=_("公开内容"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("系统已自动隐去姓名、电话、证件号码、门牌号等个人信息，请逐字核对，漏隐的请改为*号。"),
        error_messages={"required": _("请填写公开内容。")},
    )
