"""The forms of the report and score screens: what a unit may choose, and the services' own checks run at
validation so a refusal shows as a form error, never as a failed save."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core import access as core_access

from .. import access, assessment, progress, services
from ..models import ProgressReport, ReportAttachment, Score, WorkPlan


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        raise forms.ValidationError(error.messages) from error
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ReportAttachment
        fields = ["file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            try:
                upload = services.check_attachment(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict.get("file", error.messages)) from error
        return upload


class ReportForm(forms.ModelForm):
    """The unit's report for one period."""

    period_start = forms.TypedChoiceField(label=_("报送周期"), coerce=dt.date.fromisoformat)
    submit_now = forms.BooleanField(label=_("提交公开办审核"), required=False,
                                    help_text=_("不勾选则保存为草稿，可继续修改。"))  # fmt: skip
    request = None

    class Meta:
        model = ProgressReport
        fields = ["assignment", "period_start", "summary", "evidence_links", "milestones", "is_final"]
        widgets = {"milestones": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignments = access.assignments_for(self.request.user, write=True).select_related(
            "task__plan", "unit"
        )
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: (
            f"{a.task.plan.year}年 {a.task.order}. {a.task.title}（{a.unit.display_name}）"
        )
        plans = WorkPlan.objects.filter(tasks__assignments__in=assignments).distinct()
        choices = progress.period_choices(plans, timezone.localdate())
        if self.instance.pk:
            choices.setdefault(self.instance.period_start.isoformat(), self.instance.period_label)
            self.fields["assignment"].disabled = self.fields["period_start"].disabled = True
            self.initial["period_start"] = self.instance.period_start.isoformat()
        self.fields["period_start"].choices = sorted(choices.items())
        self.fields["milestones"].queryset = access.milestones_for(self.request.user).filter(
            task__assignments__in=assignments
        )
        self.fields["summary"].widget.attrs["rows"] = 8

    def clean(self):
        data = super().clean()
        assignment, start = data.get("assignment"), data.get("period_start")
        if assignment is None or start is None:
            return data
        try:
            services.check_report(
                actor=self.request.user, assignment=assignment, period_start=start, summary=data.get("summary", ""),
                evidence_links=data.get("evidence_links", ""), milestones=list(data.get("milestones") or []),
                report=self.instance if self.instance.pk else None,
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(self, error)
        except PermissionDenied as error:
            raise forms.ValidationError(_("您不能为该单位填报。")) from error
        return data

    def _post_clean(self):
        self.instance.period_start = self.cleaned_data.get("period_start") or self.instance.period_start
        super()._post_clean()


class ReviewForm(forms.ModelForm):
    decision = forms.ChoiceField(label=_("审核结果"), widget=forms.RadioSelect,
                                 choices=[("accept", _("通过")), ("return", _("退回修改"))])  # fmt: skip

    class Meta:
        model = ProgressReport
        fields = ["review_comment"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("review_comment") or "").strip():
            self.add_error("review_comment", _("退回时请写明需要修改或补充的内容。"))
        return data


class ScoreForm(forms.ModelForm):
    request = None

    class Meta:
        model = Score
        fields = ["indicator", "unit", "points", "basis"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A score the viewer may only read comes with its fields read-only: the form then has none of them.
        if "indicator" in self.fields:
            self.fields["indicator"].queryset = access.manual_indicators_for(self.request.user)
        if "unit" in self.fields:
            self.fields["unit"].queryset = core_access.units_for(self.request.user).order_by("path")
        if "basis" in self.fields:
            self.fields["basis"].required = True

    def clean(self):
        data = super().clean()
        indicator, unit, points = data.get("indicator"), data.get("unit"), data.get("points")
        if indicator is not None and unit is not None and points is not None:
            try:
                assessment.check_score(actor=self.request.user, indicator=indicator, unit=unit, points=points,
                                       basis=data.get("basis", ""))  # fmt: skip
            except ValidationError as error:
                _add_errors(self, error)
            except PermissionDenied as error:
                raise forms.ValidationError(_("您不能为该方案评分。")) from error
        return data

    def validate_unique(self):
        pass  # a second score for the same indicator and unit replaces the first (services.score_manually)
