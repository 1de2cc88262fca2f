"""The forms of the consultation pages: grouping comments with the group's adoption reply, changing a
group's reply, and publishing the adoption feedback."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.participation.models import CommentGroup

NEW = "new"
DECISIONS = [("", _("暂不填写")), *CommentGroup.Decision.choices]


class CommentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.body[:80]


class GroupCommentsForm(forms.Form):
    """Several comments of the shown page into one group, new or existing, with its reply."""

    comments = CommentChoice(
        label=_("选择意见"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一条意见。"), "invalid_choice": _("只能选择本次征集的意见。"),
                        "invalid_pk_value": _("只能选择本次征集的意见。")},
    )  # fmt: skip
    group = forms.ChoiceField(label=_("归入"), error_messages={"invalid_choice": _("请选择本次征集的归类。")})
    summary = forms.CharField(
        label=_("新归类的意见概要"), required=False, max_length=300,
        error_messages={"max_length": _("意见概要不超过300字。")},
        help_text=_("归入新归类时必填，如“建议延长开放时间”；将与采纳情况一起公开。"),
    )  # fmt: skip
    decision = forms.ChoiceField(label=_("采纳情况"), required=False, choices=DECISIONS,
                                 error_messages={"invalid_choice": _("请选择采纳情况。")},
                                 help_text=_("可以稍后在归类中填写；选择已有归类时，填写会替换原有答复。"))  # fmt: skip
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("部分采纳或未采纳的，须说明理由，理由将公开。"),
    )  # fmt: skip

    clause = forms.ChoiceField(
        label=_("新归类针对的条文"), required=False,
        help_text=_("不选择时：所选意见都针对同一条的，归类即针对该条；否则针对草案整体。"),
        error_messages={"invalid_choice": _("请选择本次征集草案的条文。")},
    )  # fmt: skip

    def __init__(self, *args, consultation, comments, groups, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = comments
        self.groups = {str(g.pk): g for g in groups}
        self.fields["group"].choices = [(NEW, _("新建归类"))] + [(str(g.pk), g.summary) for g in groups]
        self.clauses = {str(c.pk): c for c in clauses}
        self.fields["clause"].choices = [("", _("按所选意见"))] + [
            (str(c.pk), f"{c.label} {c.text[:20]}") for c in self.clauses.values()
        ]

    def chosen_clause(self):
        return self.clauses.get(self.cleaned_data.get("clause") or "")

    def chosen_group(self) -> CommentGroup | None:
        return self.groups.get(self.cleaned_data.get("group", NEW))


class GroupForm(forms.Form):
    summary = forms.CharField(label=_("意见概要"), max_length=300,
                              error_messages={"required": _("请填写意见概要。"), "max_length": _("意见概要不超过300字。")})  # fmt: skip
    decision = forms.ChoiceField(
        label=_("采纳情况"),
        required=False,
        choices=DECISIONS,
        error_messages={"invalid_choice": _("请选择采纳情况。")},
    )
    reason = forms.CharField(
        label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("部分采纳或未采纳的，须说明理由，理由将公开。"),
    )  # fmt: skip


class PublishForm(forms.Form):
    text = forms.CharField(
        label=_("意见采纳情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("与各类意见的采纳情况一起公开，如“经认真研究，对公众意见采纳情况说明如下”。"),
    )  # fmt: skip


class ConsultationFilter(forms.Form):
    q = forms.CharField(label=_("标题"), required=False)
    waiting = forms.ChoiceField(
        label=_("范围"), required=False,
        choices=[("", _("全部")), ("1", _("有待归类或待答复的意见"))],
    )  # fmt: skip
