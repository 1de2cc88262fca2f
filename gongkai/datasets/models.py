"""Periodic data releases (数据发布): a dataset (its unit, columns, frequency and due rule) and each period's
release, a table checked against the columns; a correction keeps the table it replaced."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization
from gongkai.publishing.models import KeyArea

from . import periods


class Frequency(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("月度")
    QUARTERLY = periods.QUARTERLY, _("季度")
    YEARLY = periods.YEARLY, _("年度")


class ColumnType(models.TextChoices):
    NUMBER = "number", _("数值")
    TEXT = "text", _("文本")
    DATE = "date", _("日期")


PERIOD_NOUN = {Frequency.MONTHLY: _("月"), Frequency.QUARTERLY: _("季度"), Frequency.YEARLY: _("年度")}


class DatasetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def public(self):
        return self.active().select_related("unit", "key_area")


class Dataset(models.Model):
    unit = models.ForeignKey(
        Organization, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="datasets"
    )
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    frequency = models.CharField(_("发布频次"), max_length=10, choices=Frequency.choices)
    due_working_day = models.PositiveSmallIntegerField(
        _("发布时限（下一期第几个工作日）"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("如10：每期数据于下一期第10个工作日前发布（按法定节假日和调休计算）。"),
    )  # fmt: skip
    starts_on = models.DateField(
        _("起始日期"),
        default=timezone.localdate,
        help_text=_("自此日期所在的一期起按期发布，此前各期不计逾期。"),
    )
    # [{"name": "县区", "type": "text", "unit": "", "required": true}, ...] in the order of the file.
    columns = models.JSONField(_("数据列"), default=list)
    label_column = models.CharField(_("图表分类列"), max_length=60, blank=True, help_text=_("如：县区"))
    value_column = models.CharField(_("图表数值列"), max_length=60, blank=True, help_text=_("如：综合指数"))
    lower_is_better = models.BooleanField(
        _("数值越小越好"), default=False, help_text=_("排名时数值小的在前。")
    )
    key_area = models.ForeignKey(
        KeyArea,
        verbose_name=_("重点领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据集")
        verbose_name_plural = _("数据发布")
        ordering = ["unit__sort_order", "unit_id", "title", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "title"], name="one_dataset_title_per_unit")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("datasets:detail", args=[self.pk])

    @property
    def column_names(self) -> list[str]:
        return [c["name"] for c in self.columns]

    @property
    def due_rule(self) -> str:
        return str(
            _("每%(p)s数据于下一%(p)s第%(n)d个工作日前发布")
            % {"p": PERIOD_NOUN[self.frequency], "n": self.due_working_day}
        )

    def period(self, code: str) -> periods.Period:
        return periods.parse(self.frequency, code)


class ReleaseQuerySet(models.QuerySet):
    def public(self):
        return self.filter(dataset__is_active=True).select_related("dataset__unit")

    def newest_first(self):
        return self.order_by("-period_start", "-pk")


class Release(models.Model):
    dataset = models.ForeignKey(
        Dataset, verbose_name=_("数据集"), on_delete=models.CASCADE, related_name="releases"
    )
    period = models.CharField(_("期别"), max_length=10, help_text=_("如 2026-10、2026-Q3、2026"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    # One list per row, in the dataset's column order; numbers and dates as text (as written, dates
    # YYYY-MM-DD), an empty cell as "".
    rows = models.JSONField(_("数据"), default=list)
    # The column list the rows were checked against (the dataset's columns may change later).
    columns = models.JSONField(_("数据列"), default=list)
    original = models.FileField(_("原始文件"), upload_to="datasets/%Y/", blank=True)
    original_name = models.CharField(_("原始文件名"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("数据发布")
        verbose_name_plural = _("数据发布")
        ordering = ["dataset_id", "-period_start"]
        constraints = [models.UniqueConstraint(fields=["dataset", "period"], name="one_release_per_period")]
        indexes = [models.Index(fields=["dataset", "-period_start"])]

    def __str__(self) -> str:
        return f"{self.dataset.title} {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("datasets:release", args=[self.dataset_id, self.period])

    @property
    def period_label(self) -> str:
        return periods.parse(self.dataset.frequency, self.period).label

    def column_headings(self) -> list[str]:
        """Each column's name with its unit of measure: PM2.5（μg/m³）."""
        return [f"{c['name']}（{c['unit']}）" if c.get("unit") else c["name"] for c in self.columns]


class Correction(models.Model):
    """A release's table replaced: the table, file and note it had before, with the reason."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="corrections")
    reason = models.CharField(_("更正原因"), max_length=300)
    previous_rows = models.JSONField(_("更正前的数据"), default=list)
    previous_columns = models.JSONField(default=list)
    previous_original = models.CharField(_("更正前的原始文件"), max_length=300, blank=True)
    previous_published_at = models.DateTimeField(_("更正前的发布时间"))
    corrected_at = models.DateTimeField(_("更正时间"), default=timezone.now)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更正人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("更正记录")
        verbose_name_plural = _("更正记录")
        ordering = ["release", "-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.release} {self.reason}"
