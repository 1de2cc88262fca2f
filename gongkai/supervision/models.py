"""督查考核: work plans (工作要点) with their task table, the units responsible for each task, progress reports
on the office's schedule, and the assessment scheme with per-unit scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization
from gongkai.publishing.models import ColumnTemplate, KeyArea

from .schedule import label as period_name


class Schedule(models.TextChoices):
    MONTHLY = "monthly", _("每月")
    QUARTERLY = "quarterly", _("每季度")
    HALF_YEARLY = "half_yearly", _("每半年")


class WorkPlanQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class WorkPlan(models.Model):
    """A year's work points (政务公开工作要点) and the annex table that splits them into tasks."""

    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    government = models.ForeignKey(
        Organization, verbose_name=_("印发政府"), on_delete=models.PROTECT, related_name="+",
        help_text=_("任务分解到该政府下属的县区、开发区和部门。"),
    )  # fmt: skip
    issuer_name = models.CharField(_("印发机关"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"))
    schedule = models.CharField(
        _("报送周期"), max_length=20, choices=Schedule.choices, default=Schedule.QUARTERLY
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("报送期限（工作日）"), default=5, help_text=_("每个报送周期结束后第几个工作日前报送进展。")
    )
    remind_days = models.PositiveSmallIntegerField(
        _("提前提醒（工作日）"), default=3, help_text=_("报送期限前几个工作日提醒责任单位。")
    )
    is_published = models.BooleanField(_("向社会公开进展"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作要点")
        verbose_name_plural = _("工作要点")
        ordering = ["-year", "-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan", args=[self.pk])


class PlanSection(models.Model):
    """工作任务: a heading of the task table."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("工作任务"), max_length=200)

    class Meta:
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="section_order_unique")]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """One row of the task table: a sub-task with its requirement and the cell naming who is responsible."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作要点"), on_delete=models.CASCADE, related_name="tasks"
    )
    section = models.ForeignKey(PlanSection, verbose_name=_("工作任务"), on_delete=models.CASCADE,
                                related_name="tasks")  # fmt: skip
    order = models.PositiveSmallIntegerField(_("序号"))
    subtask = models.CharField(_("具体任务"), max_length=200, blank=True)
    requirement = models.TextField(_("具体要求"))
    units_text = models.TextField(_("责任单位（原文）"))
    open_ended = models.BooleanField(
        _("含“等有关部门”"), default=False,
        help_text=_("原文列出的单位之外还有未点名的有关部门，公开办可随时增派。"),
    )  # fmt: skip
    open_groups = models.JSONField(_("未点名的单位范围"), default=list, blank=True)
    unmatched = models.JSONField(
        _("待确认的单位名称"), default=list, blank=True,
        help_text=_("原文中未能对应到机构的名称，需公开办确认后指派。"),
    )  # fmt: skip
    key_areas = models.ManyToManyField(KeyArea, verbose_name=_("重点领域"), blank=True, related_name="+")
    columns = models.ManyToManyField(
        ColumnTemplate, verbose_name=_("对应栏目"), blank=True, related_name="+",
        help_text=_("各责任单位目录中的这些栏目用作发布情况佐证。"),
    )  # fmt: skip
    stale_after_days = models.PositiveSmallIntegerField(
        _("更新周期（天）"), null=True, blank=True,
        help_text=_("如“按月发布”填 31；留空则按栏目的更新要求判断。"),
    )  # fmt: skip
    due_on = models.DateField(_("完成时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("分解任务")
        verbose_name_plural = _("分解任务")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="task_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def title(self) -> str:
        """The sub-task's name; a row that names none is known by its requirement's first clause."""
        if self.subtask:
            return self.subtask
        first = self.requirement.replace("，", "。").replace(",", "。").split("。")[0]
        return first[:40] + ("…" if len(first) > 40 else "")

    title.fget.short_description = _("任务")  # the admin's column title


class Role(models.TextChoices):
    LEAD = "lead", _("牵头")
    CO = "co", _("配合")


class Assignment(models.Model):
    """A unit responsible for a task, leading or co-operating."""

    task = models.ForeignKey(PlanTask, verbose_name=_("分解任务"), on_delete=models.CASCADE,
                             related_name="assignments")  # fmt: skip
    unit = models.ForeignKey(Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    role = models.CharField(_("责任"), max_length=10, choices=Role.choices, default=Role.LEAD)
    completed_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("任务指派")
        verbose_name_plural = _("本单位任务")
        ordering = ["task__plan", "task__order", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.task.title} · {self.unit.display_name}"


class Milestone(models.Model):
    """A step of a task the office wants reported, with a planned date."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("节点"), max_length=200)
    planned_on = models.DateField(_("计划完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")
        ordering = ["task", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已通过")


class ProgressReport(models.Model):
    """A unit's report on one task for one period of the plan's schedule (its ledger entry, 台账)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("任务"), on_delete=models.CASCADE,
                                   related_name="reports")  # fmt: skip
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_on = models.DateField(_("报送期限"))
    summary = models.TextField(_("进展情况"))
    evidence_links = models.TextField(
        _("佐证链接"), blank=True, help_text=_("每行一个网址，如本单位网站上发布的相关信息。")
    )
    milestones = models.ManyToManyField(Milestone, verbose_name=_("已完成节点"), blank=True, related_name="+")
    is_final = models.BooleanField(_("任务已全部完成"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    first_submitted_on = models.DateField(_("首次报送日期"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", editable=False)  # fmt: skip
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", editable=False)  # fmt: skip

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["-period_start", "assignment__task__order"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period_start"], name="report_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_name(self.period_start, self.period_end)

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_on is None:
            return None
        return self.first_submitted_on <= self.due_on

    def links(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


def report_attachment_path(instance, filename):
    return f"supervision/{instance.report.assignment.unit_id}/{timezone.now():%Y%m}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=report_attachment_path)
    name = models.CharField(_("名称"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.name or self.file.name

    def save(self, *args, **kwargs):
        if not self.name and self.file:
            self.name = self.file.name.rsplit("/", 1)[-1][
                :200
            ]  # the name as uploaded, before storage renames it
        super().save(*args, **kwargs)


class Reminder(models.Model):
    """One reminder sent for one report period (before the due date, or once it is overdue)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateField()
    stage = models.CharField(max_length=10, choices=[("due_soon", _("即将到期")), ("overdue", _("已逾期"))])
    # Empty while queued; a run claims the reminder by setting it (a conditional update), then sends.
    sent_at = models.DateTimeField(null=True, blank=True, default=None)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period_start", "stage"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.period_start} {self.stage}"


class UpdateCategory(models.TextChoices):
    """How often a column must be updated (spec §4.1 `VETO_COLUMNS_STALE`)."""

    NEWS = "news", _("动态、要闻类（2周内须有更新）")
    NOTICE = "notice", _("通知公告类（6个月内须有更新）")
    POLICY = "policy", _("政策文件类（6个月内须有更新）")
    OTHER = "other", _("其他（按设定天数）")


class FreshnessRule(models.Model):
    """The update requirement of a standard column, applied to that column in every unit's catalog."""

    template = models.OneToOneField(ColumnTemplate, verbose_name=_("目录模板栏目"), on_delete=models.CASCADE,
                                    related_name="freshness")  # fmt: skip
    category = models.CharField(_("更新要求"), max_length=10, choices=UpdateCategory.choices)
    days = models.PositiveSmallIntegerField(_("天数"), null=True, blank=True,
                                            help_text=_("“其他”类栏目须填写。"))  # fmt: skip

    class Meta:
        verbose_name = _("栏目更新要求")
        verbose_name_plural = _("栏目更新要求")

    def __str__(self) -> str:
        return f"{self.template.name}：{self.get_category_display()}"


class Method(models.TextChoices):
    """How an indicator is scored: computed from what the platform records, or by the office."""

    FOI_ON_TIME = "foi_on_time", _("依申请公开按时答复率")
    MESSAGES_ON_TIME = "messages_on_time", _("留言按时答复率")
    INTERPRETATION = "interpretation", _("政策解读率")
    COLUMN_FRESHNESS = "column_freshness", _("栏目更新及时率")
    REPORTS_ON_TIME = "reports_on_time", _("工作要点进展按时报送率")
    SUBMISSIONS_ADOPTED = "submissions_adopted", _("信息报送采用率")
    MANUAL = "manual", _("公开办评分")


class AssessmentScheme(models.Model):
    """考核方案: indicators worth 100 points; openness weighs at least 4% of overall performance."""

    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    owner = models.ForeignKey(Organization, verbose_name=_("考核单位"), on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip
    plan = models.ForeignKey(WorkPlan, verbose_name=_("工作要点"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="schemes")  # fmt: skip
    units = models.ManyToManyField(Organization, verbose_name=_("被考核单位"), related_name="+")
    openness_weight = models.DecimalField(
        _("政务公开占绩效考核权重（%）"), max_digits=5, decimal_places=2, default=Decimal("4"),
        validators=[MinValueValidator(Decimal("4"), message=_("政务公开在绩效考核中的分值权重不得低于4%%。"))],
    )  # fmt: skip
    note = models.TextField(_("说明"), blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(openness_weight__gte=4), name="openness_weight_at_least_4"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="indicators"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("指标"), max_length=100)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])  # fmt: skip
    method = models.CharField(_("评分方式"), max_length=30, choices=Method.choices, default=Method.MANUAL)
    rule = models.TextField(_("评分标准"), blank=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    basis = models.CharField(_("计分依据"), max_length=300, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    scored_at = models.DateTimeField(_("评分时间"), default=timezone.now)

    class Meta:
        verbose_name = _("得分")
        verbose_name_plural = _("得分")
        constraints = [models.UniqueConstraint(fields=["indicator", "unit"], name="score_once")]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator}: {self.points}"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
