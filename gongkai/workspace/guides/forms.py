"""Forms of the 办事指南 workspace pages; every write goes through gongkai.guides.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import PlainChoicesForm
from gongkai.guides.models import Category, OnlineLevel


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _text(label, rows: int = 3, help_text: str = ""):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=help_text)  # fmt: skip


class GuideForm(PlainChoicesForm):
    """The guide's fields. Only the name and the unit are required here; the 8 key elements the inspection
    checks are marked in their help text, and a guide lacking one is saved and flagged."""

    unit = UnitChoice(label=_("实施单位"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("事项名称"), max_length=200)
    code = forms.CharField(label=_("事项编码"), max_length=60, required=False)
    category = forms.ChoiceField(label=_("服务对象"), choices=Category.choices)
    basis = _text(_("设定依据"), help_text=_("8类要素之一：法律法规名称及条款。"))
    conditions = _text(_("申请条件"), help_text=_("8类要素之一。"))
    materials = _text(
        _("办理材料"), rows=5, help_text=_("8类要素之一：材料名称、份数、原件或复印件，每行一项。")
    )
    place = _text(_("办理地点"), rows=2, help_text=_("8类要素之一：地址及窗口。"))
    hours = forms.CharField(label=_("办理时间"), max_length=300, required=False,
                            help_text=_("8类要素之一：如工作日上午9:00-12:00，下午13:30-17:00（法定节假日除外）。"))  # fmt: skip
    phone = forms.CharField(label=_("联系电话"), max_length=200, required=False,
                            help_text=_("8类要素之一：咨询电话，可写多个。"))  # fmt: skip
    process = _text(_("办理流程"), rows=4, help_text=_("8类要素之一：如申请、受理、审查、决定、送达。"))
    fees = _text(_("收费标准"), rows=2, help_text=_("不收费的写“不收费”。"))
    time_limit = forms.CharField(label=_("办理时限"), max_length=300, required=False,
                                 help_text=_("如法定时限20个工作日，承诺时限5个工作日。"))  # fmt: skip
    online_level = forms.ChoiceField(label=_("网上办理程度"), choices=OnlineLevel.choices)
    online_url = forms.CharField(label=_("在线办理地址"), max_length=500, required=False,
                                 help_text=_("全程网办的事项必填，以 https:// 开头。"))  # fmt: skip

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
