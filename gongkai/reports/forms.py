"""The annual report's editable parts as a form: the narrative sections, the explanation of failed checks,
and table 2 entered by hand (until the registers that compute it exist). Shared by the workspace's report
page and the admin's report screen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .layout import T2_ROWS

NARRATIVE_FIELDS = ("overview", "problems", "other_matters", "check_explanation")


def table2_field(row: str, column: str) -> str:
    return f"t2__{row}__{column}"


TABLE2_LABELS = {
    table2_field(row, column): f"{label}·{column_label}"
    for _block, row, label, columns in T2_ROWS
    for column, column_label in columns
}


class Table2Fields:
    """Adds a number field per cell of table 2 (``t2__<row>__<column>``), filled from ``table2_manual``."""

    def add_table2_fields(self, stored: dict | None) -> None:
        stored = stored or {}
        for _block, row, _label, columns in T2_ROWS:
            for column, _column_label in columns:
                name = table2_field(row, column)
                options = {"label": TABLE2_LABELS[name], "required": False, "min_value": 0}
                if column == "amount_10k_yuan":
                    field = forms.DecimalField(max_digits=14, decimal_places=2, **options)
                else:
                    field = forms.IntegerField(max_value=10_000_000, **options)
                field.error_messages.update(
                    {
                        "invalid": gettext_lazy("请填写数字。"),
                        "min_value": gettext_lazy("不能为负数。"),
                        "max_value": gettext_lazy("数字过大，请核对。"),
                        "max_digits": gettext_lazy("数字过大，请核对。"),
                        "max_whole_digits": gettext_lazy("数字过大，请核对。"),
                        "max_decimal_places": gettext_lazy("金额最多保留两位小数。"),
                    }
                )
                field.initial = stored.get(row, {}).get(column)
                self.fields[name] = field

    def table2(self) -> dict:
        values: dict[str, dict] = {}
        for _block, row, _label, columns in T2_ROWS:
            for column, _column_label in columns:
                value = self.cleaned_data.get(table2_field(row, column))
                if value is not None:
                    values.setdefault(row, {})[column] = value
        return values

    def table2_rows(self) -> list[dict]:
        """Table 2's rows with their bound fields, in the national template's order, for a page to lay out."""
        return [
            {
                "block": block,
                "label": label,
                "cells": [self[table2_field(row, column)] for column, _c in columns],
            }
            for block, row, label, columns in T2_ROWS
        ]


class ReportEditForm(Table2Fields, forms.Form):
    overview = forms.CharField(label=gettext_lazy("一、总体情况"), required=False, widget=forms.Textarea)
    problems = forms.CharField(
        label=gettext_lazy("五、存在的主要问题及改进情况"), required=False, widget=forms.Textarea
    )
    other_matters = forms.CharField(
        label=gettext_lazy("六、其他需要报告的事项"), required=False, widget=forms.Textarea
    )
    check_explanation = forms.CharField(
        label=gettext_lazy("校验未通过的说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("表格校验未通过又确有原因的，在此说明；说明随报告一并公开。"),
    )

    def __init__(self, *args, report, **kwargs):
        initial = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        self.add_table2_fields(report.table2_manual)

    def changes(self) -> dict:
        return {
            **{name: self.cleaned_data[name] for name in NARRATIVE_FIELDS},
            "table2_manual": self.table2(),
        }
