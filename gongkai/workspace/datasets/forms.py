"""Forms of the 数据发布 workspace: a dataset (columns one per line: 名称|类型|单位|必填), a release upload and
a correction."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.datasets import services
from gongkai.datasets.models import Dataset, Frequency
from gongkai.publishing.models import KeyArea

COLUMNS_HINT = _(
    "每行一列，写作“名称|类型|单位|必填”，类型为 数值、文本 或 日期；单位和“必填/选填”可省略（默认必填）。"
    "例如：县区|文本　PM2.5|数值|μg/m³　备注|文本||选填。上传的表格第一行须为这些列名。"
)


class DatasetForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("发布单位"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("名称"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    frequency = forms.ChoiceField(label=_("发布频次"), choices=Frequency.choices)
    due_working_day = forms.IntegerField(
        label=_("发布时限：下一期第几个工作日前"), min_value=1, max_value=60, initial=10,
        help_text=_("按法定节假日和调休计算工作日。"),
    )  # fmt: skip
    starts_on = forms.DateField(
        label=_("起始日期"), help_text=_("自此日期所在的一期起按期发布，此前各期不计逾期。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip
    columns = forms.CharField(
        label=_("数据列"), widget=forms.Textarea(attrs={"rows": 8}), help_text=COLUMNS_HINT
    )
    label_column = forms.CharField(
        label=_("图表分类列"), required=False, max_length=60, help_text=_("柱状图每一条的名称，如：县区")
    )
    value_column = forms.CharField(
        label=_("图表数值列"),
        required=False,
        max_length=60,
        help_text=_("画成柱状图并排名的数值列，如：综合指数"),
    )
    lower_is_better = forms.BooleanField(label=_("数值越小越好（排名时小的在前）"), required=False)
    key_area = forms.ModelChoiceField(
        label=_("重点领域"), queryset=KeyArea.objects.all(), required=False, empty_label=_("（无）")
    )
    is_active = forms.BooleanField(label=_("启用（在网站上公开）"), required=False, initial=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_columns(self):
        try:
            return services.columns_from_text(self.cleaned_data["columns"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["columns"]) from None

    @classmethod
    def initial_for(cls, dataset: Dataset) -> dict:
        return {
            "unit": dataset.unit_id, "title": dataset.title, "description": dataset.description,
            "frequency": dataset.frequency, "due_working_day": dataset.due_working_day,
            "starts_on": dataset.starts_on, "columns": services.columns_as_text(dataset.columns),
            "label_column": dataset.label_column, "value_column": dataset.value_column,
            "lower_is_better": dataset.lower_is_better, "key_area": dataset.key_area_id,
            "is_active": dataset.is_active,
        }  # fmt: skip


class UploadForm(forms.Form):
    period = forms.CharField(label=_("期别"), max_length=10)
    file = forms.FileField(
        label=_("数据表（CSV或XLSX）"),
        help_text=_(
            "第一行为列名；CSV请用UTF-8或GB18030编码；数值不带千位分隔符和单位。有任何错误整表不发布。"
        ),
    )
    note = forms.CharField(label=_("说明（选填）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectForm(forms.Form):
    period = forms.ChoiceField(label=_("要更正的期别"))
    file = forms.FileField(label=_("更正后的数据表（CSV或XLSX）"))
    reason = forms.CharField(label=_("更正原因"), max_length=300)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
