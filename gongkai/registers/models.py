"""Key-area registers: structured records a unit publishes as tables, not as articles.

* The power list (权责清单): items of power by the ten national types, each adjustment a version with its
  reason and date.
* Decisions (双公示): 行政许可 and 行政处罚 decisions in the fields of the national credit-information data
  standard, and 行政强制 as a third register of the same kind; published within 7 working days of the decision;
  a penalty public for the period the credit-repair rules set.
* Fees (收费目录清单): administrative fees, government funds and government-priced business-service fees with
  their dated changes, and the amount of administrative fees collected per year (table 2 of the annual report).
* Budgets and final accounts (预决算公开): approval date, the statutory publication deadline and the 三公经费.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core import masking
from gongkai.core.models import Organization

from . import rules


class PowerType(models.TextChoices):
    """The ten types of administrative power of the national power-list guidance (权责清单 事项类型)."""

    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LEVY = "levy", _("行政征收")
    BENEFIT = "benefit", _("行政给付")
    INSPECTION = "inspection", _("行政检查")
    CONFIRMATION = "confirmation", _("行政确认")
    REWARD = "reward", _("行政奖励")
    ADJUDICATION = "adjudication", _("行政裁决")
    OTHER = "other", _("其他行政权力")


class ChangeKind(models.TextChoices):
    ADDED = "added", _("新增")
    CHANGED = "changed", _("调整")
    CANCELLED = "cancelled", _("取消")


class ChangeReason(models.TextChoices):
    REFORM = "reform", _("机构改革")
    LAW = "law", _("法律法规修改")
    DELEGATION = "delegation", _("下放或承接")
    STREAMLINING = "streamlining", _("简政放权")
    OTHER = "other", _("其他")


class PowerItemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(unit__is_active=True)

    def listed(self):
        """Items in force (a cancelled item stays on its page and in the history, not in the list)."""
        return self.public().filter(is_active=True)


class PowerItem(models.Model):
    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("事项编码"), max_length=60)
    name = models.CharField(_("事项名称"), max_length=200)
    power_type = models.CharField(_("事项类型"), max_length=20, choices=PowerType.choices)
    basis = models.TextField(_("设定依据"), help_text=_("法律法规名称及条款"))
    implementing_unit = models.CharField(_("实施主体"), max_length=200)
    responsibility = models.TextField(_("责任事项"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_items",
    )
    is_active = models.BooleanField(_("现行"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    changed_on = models.DateField(_("最近调整日期"))

    objects = PowerItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("权责事项")
        verbose_name_plural = _("权责清单")
        ordering = ["unit__path", "power_type", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="one_power_code_per_unit")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("registers:power", args=[self.pk])


# The fields a version of a power item is made of (its history shows how each changed).
POWER_FIELDS = ("code", "name", "power_type", "basis", "implementing_unit", "responsibility", "parent_code")


class PowerChange(models.Model):
    """One adjustment of a power item (动态调整): the item's fields before and after, the reason and the date."""

    item = models.ForeignKey(PowerItem, on_delete=models.CASCADE, related_name="changes")
    version = models.PositiveIntegerField(_("版本"))
    kind = models.CharField(_("调整类型"), max_length=12, choices=ChangeKind.choices)
    reason = models.CharField(_("调整原因"), max_length=20, choices=ChangeReason.choices)
    note = models.CharField(_("调整说明"), max_length=300, blank=True)
    changed_on = models.DateField(_("调整日期"))
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("权责事项调整")
        verbose_name_plural = _("权责事项调整")
        ordering = ["-changed_on", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="one_change_per_version")]

    def __str__(self) -> str:
        return f"{self.item} v{self.version}"

    def differences(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each field that changed."""
        labels = {
            "code": _("事项编码"),
            "name": _("事项名称"),
            "power_type": _("事项类型"),
            "basis": _("设定依据"),
            "implementing_unit": _("实施主体"),
            "responsibility": _("责任事项"),
            "parent_code": _("所属事项"),
        }
        types = dict(PowerType.choices)
        rows = []
        for name in POWER_FIELDS:
            old, new = self.before.get(name, ""), self.after.get(name, "")
            if old != new:
                if name == "power_type":
                    old, new = types.get(old, old), types.get(new, new)
                rows.append((str(labels[name]), str(old or "—"), str(new or "—")))
        return rows


class DecisionKind(models.TextChoices):
    LICENSING = "licensing", _("行政许可")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")


class SubjectType(models.TextChoices):
    """行政相对人类别 of the national credit-information data standard."""

    LEGAL = "legal", _("法人及非法人组织")
    BUSINESS = "business", _("个体工商户")
    NATURAL = "natural", _("自然人")


class Severity(models.TextChoices):
    """How serious the conduct behind a penalty is, for its public period (信用修复)."""

    GENERAL = "general", _("一般失信行为")
    SERIOUS = "serious", _("严重失信行为")


class DecisionQuerySet(models.QuerySet):
    def public(self, today: dt.date):
        """On the public pages on ``today``: within the public period and not removed by a credit repair."""
        return self.filter(unit__is_active=True, repaired_on__isnull=True).filter(
            Q(public_until__isnull=True) | Q(public_until__gte=today)
        )

    def late(self):
        return self.filter(published_on__gt=models.F("due_on"))


class Decision(models.Model):
    """A licensing, penalty or coercion decision as the credit platforms take it (双公示)."""

    kind = models.CharField(_("类别"), max_length=12, choices=DecisionKind.choices)
    unit = models.ForeignKey(
        Organization, verbose_name=_("决定机关"), on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(_("行政相对人名称"), max_length=200)
    subject_type = models.CharField(_("行政相对人类别"), max_length=12, choices=SubjectType.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    # A natural person's resident ID number: kept for the credit platforms' export, shown masked everywhere.
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    doc_number = models.CharField(_("决定文书号"), max_length=100)
    title = models.CharField(_("决定名称"), max_length=200, help_text=_("许可证书名称、处罚或强制措施名称"))
    category = models.CharField(_("许可或处罚类别"), max_length=60)
    content = models.TextField(_("内容"), help_text=_("许可内容；处罚的违法事实和处罚内容；强制措施的内容"))
    basis = models.TextField(_("依据"))
    fine_10k_yuan = models.DecimalField(
        _("罚款金额（万元）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    decided_on = models.DateField(_("决定日期"))
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    data_source = models.CharField(_("数据来源单位"), max_length=100)
    power = models.ForeignKey(
        PowerItem,
        verbose_name=_("对应权责事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    severity = models.CharField(_("失信程度"), max_length=10, choices=Severity.choices, blank=True)
    # Publication: due 7 working days after the decision (rules.PUBLICATION_WORKING_DAYS), computed once.
    published_on = models.DateField(_("公示日期"))
    due_on = models.DateField(_("公示期限"))
    late_explanation = models.TextField(_("逾期公示说明"), blank=True)
    public_until = models.DateField(_("公示截止日期"), null=True, blank=True)
    repaired_on = models.DateField(_("信用修复日期"), null=True, blank=True)
    repair_note = models.CharField(_("信用修复说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政决定")
        verbose_name_plural = _("行政许可、行政处罚和行政强制决定")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "doc_number"], name="one_decision_per_document")
        ]
        indexes = [
            models.Index(fields=["kind", "unit", "decided_on"], name="decision_kind_unit_day"),
            models.Index(fields=["kind", "public_until"], name="decision_public_until"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("registers:decision", args=[self.pk])

    @property
    def is_late(self) -> bool:
        return self.published_on > self.due_on

    @property
    def shown_id_number(self) -> str:
        return masking.id_number(self.id_number) if self.id_number else ""

    def public_period(self) -> rules.PublicPeriod | None:
        if self.kind != DecisionKind.PENALTY:
            return None
        return rules.penalty_period(self.severity or Severity.GENERAL, self.decided_on)


class FeeKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("行政事业性收费")
    FUND = "fund", _("政府性基金")
    SERVICE = "service", _("政府定价的涉企经营服务性收费")


class FeeItem(models.Model):
    unit = models.ForeignKey(
        Organization, verbose_name=_("执收单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=FeeKind.choices)
    name = models.CharField(_("收费项目"), max_length=200)
    standard = models.TextField(_("收费标准"))
    basis = models.TextField(_("收费依据"))
    payer = models.CharField(_("收费对象"), max_length=200, blank=True)
    is_active = models.BooleanField(_("现行"), default=True)
    changed_on = models.DateField(_("最近调整日期"))

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费目录清单")
        ordering = ["kind", "unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "name"], name="one_fee_name_per_unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registers:fee", args=[self.pk])


class FeeChange(models.Model):
    """A dated change of a fee: set up, its standard adjusted, or cancelled (取消), with the document behind it."""

    item = models.ForeignKey(FeeItem, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("变动类型"), max_length=12, choices=ChangeKind.choices)
    changed_on = models.DateField(_("变动日期"))
    standard_before = models.TextField(_("原标准"), blank=True)
    standard_after = models.TextField(_("新标准"), blank=True)
    basis = models.CharField(_("变动依据"), max_length=300)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("收费变动")
        verbose_name_plural = _("收费变动")
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.get_kind_display()} {self.changed_on}"


class FeeCollection(models.Model):
    """The administrative fees (行政事业性收费) a unit collected in a year: table 2's 本年收费金额."""

    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    amount_10k_yuan = models.DecimalField(_("收费金额（万元）"), max_digits=14, decimal_places=4)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("年度收费金额")
        verbose_name_plural = _("年度收费金额")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_fee_total_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}"


class BudgetKind(models.TextChoices):
    BUDGET = "budget", _("部门预算")
    FINAL = "final", _("部门决算")


class BudgetDisclosure(models.Model):
    """A unit's budget or final accounts of a year: approved on a date, due 20 days later (预算法 Art. 14)."""

    unit = models.ForeignKey(Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=10, choices=BudgetKind.choices)
    approved_on = models.DateField(_("批复日期"))
    due_on = models.DateField(_("公开期限"))
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    total_10k_yuan = models.DecimalField(
        _("支出总额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    abroad_10k_yuan = models.DecimalField(
        _("因公出国（境）费（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    vehicles_10k_yuan = models.DecimalField(
        _("公务用车购置及运行费（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    reception_10k_yuan = models.DecimalField(
        _("公务接待费（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    performance_targets = models.TextField(_("绩效目标"), blank=True)
    performance_review = models.TextField(_("绩效自评"), blank=True)
    item = models.ForeignKey(
        "publishing.InformationItem",
        verbose_name=_("公开文本"),
        help_text=_("随附预决算表格和说明的公开信息（附件在信息中上传）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late_explanation = models.TextField(_("逾期公开说明"), blank=True)

    class Meta:
        verbose_name = _("预决算公开")
        verbose_name_plural = _("预决算公开")
        ordering = ["-year", "kind", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="one_budget_per_unit_year_kind")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("registers:budget", args=[self.pk])

    @property
    def three_public_total(self):
        parts = (self.abroad_10k_yuan, self.vehicles_10k_yuan, self.reception_10k_yuan)
        return None if None in parts else sum(parts)

    def state(self, today: dt.date) -> str:
        """按时公开 / 逾期公开 / 未公开（未到期）/ 逾期未公开, read from the dates."""
        return rules.publication_state(self.published_on, self.due_on, today)
