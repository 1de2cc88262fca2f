"""Forms of the 重点领域台账 workspace pages; every write goes through gongkai.registers.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import PlainChoicesForm
from gongkai.registers.models import BudgetKind, ChangeReason, FeeKind, PowerType

REGISTERS = [
    ("powers", _("权责清单")),
    ("licensing", _("行政许可决定")),
    ("penalties", _("行政处罚决定")),
    ("coercion", _("行政强制决定")),
    ("fees", _("收费目录")),
]


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ImportForm(PlainChoicesForm):
    register = forms.ChoiceField(label=_("台账"), choices=REGISTERS)
    unit = UnitChoice(label=_("单位"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("表格文件"), help_text=_("CSV（UTF-8 或 GB18030）或 XLSX，第一行为列名。"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ExplanationForm(PlainChoicesForm):
    explanation = forms.CharField(
        label=_("逾期公示原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RepairForm(PlainChoicesForm):
    repaired_on = forms.DateField(label=_("修复日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("修复依据"), max_length=300, help_text=_("如信用修复决定书文号"))


class FeeCollectionForm(PlainChoicesForm):
    unit = UnitChoice(label=_("单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)
    amount_10k_yuan = forms.DecimalField(
        label=_("行政事业性收费金额（万元）"), min_value=0, max_digits=14, decimal_places=4
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class BudgetForm(PlainChoicesForm):
    unit = UnitChoice(label=_("单位"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100)
    kind = forms.ChoiceField(label=_("类别"), choices=BudgetKind.choices)
    approved_on = forms.DateField(label=_("批复日期"), widget=forms.DateInput(attrs={"type": "date"}))
    published_on = forms.DateField(
        label=_("公开日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("尚未公开的留空；填写后须填写下列金额。"),
    )  # fmt: skip
    total_10k_yuan = forms.DecimalField(
        label=_("支出总额（万元）"), required=False, min_value=0, decimal_places=2
    )
    abroad_10k_yuan = forms.DecimalField(
        label=_("因公出国（境）费（万元）"), required=False, min_value=0, decimal_places=2
    )
    vehicles_10k_yuan = forms.DecimalField(
        label=_("公务用车购置及运行费（万元）"), required=False, min_value=0, decimal_places=2
    )
    reception_10k_yuan = forms.DecimalField(
        label=_("公务接待费（万元）"), required=False, min_value=0, decimal_places=2
    )
    performance_targets = forms.CharField(
        label=_("绩效目标"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    performance_review = forms.CharField(
        label=_("绩效自评"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("仅决算填写"),
    )
    item_id = forms.IntegerField(
        label=_("公开文本的信息编号"), required=False, min_value=1, max_value=2**31 - 1,
        help_text=_("先在“公开信息”中发布含预决算表格的信息，再填写其编号。"),
    )  # fmt: skip
    late_explanation = forms.CharField(
        label=_("逾期公开说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PowerForm(PlainChoicesForm):
    unit = UnitChoice(label=_("单位"), queryset=None, empty_label=None)
    code = forms.CharField(label=_("事项编码"), max_length=60)
    name = forms.CharField(label=_("事项名称"), max_length=200)
    power_type = forms.ChoiceField(label=_("事项类型"), choices=PowerType.choices)
    basis = forms.CharField(
        label=_("设定依据"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("法律法规名称及条款")
    )
    implementing_unit = forms.CharField(
        label=_("实施主体"), max_length=200, required=False, help_text=_("留空为本单位")
    )
    responsibility = forms.CharField(
        label=_("责任事项"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent_code = forms.CharField(
        label=_("所属事项编码"), max_length=60, required=False, help_text=_("子项填写主项的编码")
    )
    reason = forms.ChoiceField(label=_("调整原因"), choices=ChangeReason.choices)
    note = forms.CharField(label=_("调整说明"), max_length=300, required=False)
    changed_on = forms.DateField(label=_("调整日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CancelForm(PlainChoicesForm):
    reason = forms.ChoiceField(label=_("取消原因"), choices=ChangeReason.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    changed_on = forms.DateField(label=_("取消日期"), widget=forms.DateInput(attrs={"type": "date"}))


class FeeForm(PlainChoicesForm):
    unit = UnitChoice(label=_("执收单位"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("类别"), choices=FeeKind.choices)
    name = forms.CharField(label=_("收费项目"), max_length=200)
    standard = forms.CharField(label=_("收费标准"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("收费依据"), widget=forms.Textarea(attrs={"rows": 2}))
    payer = forms.CharField(label=_("收费对象"), max_length=200, required=False)
    change_basis = forms.CharField(
        label=_("变动依据"), max_length=300, help_text=_("设立或调整的文件名称和文号")
    )
    changed_on = forms.DateField(label=_("变动日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class FeeCancelForm(PlainChoicesForm):
    change_basis = forms.CharField(label=_("取消依据"), max_length=300, help_text=_("文件名称和文号"))
    changed_on = forms.DateField(label=_("取消日期"), widget=forms.DateInput(attrs={"type": "date"}))
