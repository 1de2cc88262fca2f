"""Annual openness reports (政府信息公开工作年度报告)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization

from .layout import FORMAT_VERSION


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class AnnualReport(models.Model):
    unit = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    format_version = models.CharField(_("格式版本"), max_length=10, default=FORMAT_VERSION)
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # Table 2 figures entered by hand until their registers exist: {"row": {"column": value}}.
    table2_manual = models.JSONField(_("二、主动公开情况（手工填报）"), default=dict, blank=True)
    check_explanation = models.TextField(_("校验未通过的说明"), blank=True)
    tables = models.JSONField(default=dict, blank=True, editable=False)  # frozen at publication
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    item = models.OneToOneField(
        "publishing.InformationItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_report",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_report_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.unit_id, self.year])

    @property
    def title(self) -> str:
        return str(self)


class ReportReminder(models.Model):
    """A reminder to a unit about its report: one row per stage, written when the stage falls due and
    claimed (``sent_at`` set by a conditional update) by the one scanner run that sends it."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=20)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.stage}"
