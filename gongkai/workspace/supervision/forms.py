"""The forms of the progress-report pages: what the unit writes and what the office decides. The services'
own checks run at validation, so a refusal shows next to its field and nothing is saved."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import MultipleFileField
from gongkai.supervision import services


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: each message next to its field, the rest at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ReportForm(forms.Form):
    """The unit's report for one period of one task."""

    period_start = forms.TypedChoiceField(
        label=_("报送周期"),
        coerce=dt.date.fromisoformat,
        error_messages={"required": _("请选择报送周期。"), "invalid_choice": _("请选择已开始的报送周期。")},
    )
    summary = forms.CharField(
        label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("写明本期做了什么、公开了哪些信息，未完成的说明原因和下一步安排。"),
        error_messages={"required": _("请填写本期进展情况。")},
    )  # fmt: skip
    evidence_links = forms.CharField(
        label=_("佐证链接"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一个网址，如本单位网站上发布的相关信息。"),
    )  # fmt: skip
    milestones = forms.ModelMultipleChoiceField(
        label=_("已完成节点"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("只能选择本任务的节点。"),
            "invalid_pk_value": _("只能选择本任务的节点。"),
        },
    )
    is_final = forms.BooleanField(label=_("本任务已全部完成"), required=False)
    files = MultipleFileField(
        label=_("上传佐证材料"), required=False,
        help_text=_("可一次选择多个文件，格式和大小要求与发布信息的附件相同。"),
    )  # fmt: skip
    remove_files = forms.ModelMultipleChoiceField(
        label=_("删除已上传的佐证材料"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("只能删除本报送的佐证材料。"),
            "invalid_pk_value": _("只能删除本报送的佐证材料。"),
        },
    )

    def __init__(self, *args, user, assignment, report, periods: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.assignment, self.report = user, assignment, report
        choices = [(p["start"].isoformat(), f"{p['label']}（{p['due']:%Y-%m-%d}前报送）") for p in periods]
        self.fields["period_start"].choices = choices
        if report is not None:
            self.fields["period_start"].disabled = True
        self.fields["milestones"].queryset = assignment.task.milestones.all()
        if not self.fields["milestones"].queryset.exists():
            del self.fields["milestones"]
        if report is not None and report.attachments.exists():
            self.fields["remove_files"].queryset = report.attachments.all()
        else:
            del self.fields["remove_files"]

    def clean_files(self):
        checked = []
        for upload in self.cleaned_data.get("files") or []:
            try:
                services.check_attachment(upload)
            except ValidationError as error:
                messages = (
                    error.message_dict.get("file", error.messages)
                    if hasattr(error, "error_dict")
                    else error.messages
                )
                raise forms.ValidationError([f"{upload.name}：{m}" for m in messages]) from error
            upload.seek(0)
            checked.append(upload)
        return checked

    def clean(self):
        data = super().clean()
        start = data.get("period_start")
        if start is None or "summary" not in data:
            return data
        try:
            services.check_report(
                actor=self.user, assignment=self.assignment, period_start=start, summary=data["summary"],
                evidence_links=data.get("evidence_links", ""), milestones=list(data.get("milestones") or []),
                report=self.report,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(self, error)
        except PermissionDenied as error:
            raise forms.ValidationError(_("您不能为该单位填报。")) from error
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结果"), widget=forms.RadioSelect, choices=[("accept", _("通过")), ("return", _("退回修改"))],
        error_messages={"required": _("请选择审核结果。"), "invalid_choice": _("请选择审核结果。")},
    )  # fmt: skip
    review_comment = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回时必须写明需要修改或补充的内容，单位会看到这段话。"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("review_comment") or "").strip():
            self.add_error("review_comment", _("退回时请写明需要修改或补充的内容。"))
        return data


class AssignmentFilter(forms.Form):
    q = forms.CharField(label=_("任务"), required=False)
    plan = forms.TypedChoiceField(label=_("工作要点"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未完成")), ("done", _("已完成"))],
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [("", _("全部"))] + [(p.pk, str(p)) for p in plans]


class ReportFilter(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    q = forms.CharField(label=_("任务或单位"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.supervision.models import ReportStatus

        self.fields["status"].choices = [("", _("全部")), *ReportStatus.choices]
