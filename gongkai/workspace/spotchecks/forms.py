"""The forms of the 双随机抽查 pages: matters, inspectors, entities, a plan, a result, an entity import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.spotchecks.models import Entity, InspectionMatter, Inspector, Outcome, Plan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class _UnitForm(forms.ModelForm):
    empty_unit = _("请选择")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoice(
            label=self._meta.model._meta.get_field("unit").verbose_name, queryset=units,
            required="unit" in getattr(self, "required_unit", ("unit",)), empty_label=self.empty_unit,
            error_messages={"required": _("请选择单位。"), "invalid_choice": _("只能选择您所在的单位。")},
        )  # fmt: skip
        if units.count() == 1 and "unit" in getattr(self, "required_unit", ("unit",)):
            self.fields["unit"].initial = units.first()


class MatterForm(_UnitForm):
    class Meta:
        model = InspectionMatter
        fields = ["unit", "code", "name", "basis", "scope", "method", "is_active"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 3})}


class InspectorForm(_UnitForm):
    class Meta:
        model = Inspector
        fields = ["unit", "name", "certificate_no", "is_active"]


SHARED_REFUSED = _("共享名录由公开办维护，请选择本单位的名录。")


class EntityForm(_UnitForm):
    required_unit = ()
    empty_unit = _("共享名录（公开办维护）")

    def __init__(self, *args, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_share = may_share

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit is None and not self.may_share:
            raise forms.ValidationError(SHARED_REFUSED)
        return unit

    class Meta:
        model = Entity
        fields = ["unit", "name", "credit_code", "kind", "address", "industry", "is_active"]


class PlanForm(_UnitForm):
    class Meta:
        model = Plan
        fields = ["unit", "title", "year", "matters", "starts_on", "ends_on", "industry", "entity_count",
                  "inspectors_per_entity"]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE, "matters": forms.CheckboxSelectMultiple}

    def __init__(self, *args, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = matters
        self.fields["matters"].required = False  # the service says what is missing


class ResultForm(forms.Form):
    checked_on = forms.DateField(label=_("检查日期"), widget=DATE,
                                 error_messages={"required": _("请填写检查日期。"), "invalid": _("检查日期格式应为YYYY-MM-DD。")})  # fmt: skip
    outcome = forms.ChoiceField(label=_("检查结果"), choices=[("", "—"), *Outcome.choices],
                                error_messages={"required": _("请选择检查结果。")})  # fmt: skip
    findings = forms.CharField(
        label=_("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    handling = forms.CharField(label=_("处理情况"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("发现问题的必填，如“已责令限期整改”。"))  # fmt: skip


class ImportForm(forms.Form):
    unit = UnitChoice(
        label=_("导入到名录"), queryset=None, required=False, empty_label=_("共享名录（公开办维护）")
    )
    upload = forms.FileField(label=_("名录文件（CSV或XLSX）"), error_messages={"required": _("请选择要导入的文件。")},
                             help_text=_("第1行为列名：检查对象名称、统一社会信用代码、主体类型、住所（经营场所）、行业、状态。"))  # fmt: skip

    def __init__(self, *args, units, may_share: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.may_share = may_share

    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit is None and not self.may_share:
            raise forms.ValidationError(SHARED_REFUSED)
        return unit


class ConflictForm(forms.Form):
    """An inspector who may not inspect an entity (回避), recorded before the plan is committed."""

    entity = forms.ModelChoiceField(label=_("检查对象"), queryset=None, empty_label=_("请选择"),
                                    error_messages={"required": _("请选择检查对象。"), "invalid_choice": _("请选择候选名单中的检查对象。")})  # fmt: skip
    inspector = forms.ModelChoiceField(label=_("应回避的执法人员"), queryset=None, empty_label=_("请选择"),
                                       error_messages={"required": _("请选择执法人员。"), "invalid_choice": _("请选择本单位在岗的执法人员。")})  # fmt: skip

    def __init__(self, *args, entities, inspectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
        self.fields["entity"].label_from_instance = lambda e: f"{e.name}（{e.credit_code}）"
        self.fields["inspector"].queryset = inspectors
