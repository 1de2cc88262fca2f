"""双随机、一公开: the list of inspection matters (随机抽查事项清单), the directories of inspected entities
(检查对象名录) and of inspectors (执法检查人员名录), plans with their verifiable draw, and the results."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization, validate_credit_code

from . import draw


class Method(models.TextChoices):
    ON_SITE = "on_site", _("现场检查")
    DOCUMENTS = "documents", _("书面检查")
    ONLINE = "online", _("网络监测")
    SAMPLING = "sampling", _("抽样检测")
    OTHER = "other", _("其他")


class InspectionMatter(models.Model):
    """One matter of the unit's 随机抽查事项清单."""

    unit = models.ForeignKey(Organization, verbose_name=_("实施单位"), on_delete=models.PROTECT,
                             related_name="inspection_matters")  # fmt: skip
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("抽查事项"), max_length=200)
    basis = models.TextField(_("抽查依据"), help_text=_("法律法规名称及条款。"))
    scope = models.CharField(
        _("抽查对象"), max_length=200, help_text=_("如：食品生产企业、特种设备使用单位。")
    )
    method = models.CharField(_("检查方式"), max_length=20, choices=Method.choices, default=Method.ON_SITE)
    is_active = models.BooleanField(_("在用"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("随机抽查事项")
        verbose_name_plural = _("随机抽查事项清单")
        ordering = ["unit__sort_order", "unit_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="one_inspection_matter_code_a_unit",
                violation_error_message=_("本单位已有此编码的抽查事项。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EntityKind(models.TextChoices):
    COMPANY = "company", _("企业")
    INDIVIDUAL = "individual", _("个体工商户")
    COOPERATIVE = "cooperative", _("农民专业合作社")
    INSTITUTION = "institution", _("事业单位")
    SOCIAL = "social", _("社会组织")
    OTHER = "other", _("其他")


class Entity(models.Model):
    """One entry of the directory of inspected entities: a unit's own, or the shared one (no unit)."""

    unit = models.ForeignKey(Organization, verbose_name=_("所属名录"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspection_entities",
                             help_text=_("留空为共享名录，各单位抽查时都可使用。"))  # fmt: skip
    name = models.CharField(_("检查对象名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, validators=[validate_credit_code])
    kind = models.CharField(
        _("主体类型"), max_length=20, choices=EntityKind.choices, default=EntityKind.COMPANY
    )
    address = models.CharField(_("住所（经营场所）"), max_length=200, blank=True)
    industry = models.CharField(_("行业"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象名录")
        ordering = ["credit_code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "credit_code"], condition=Q(unit__isnull=False),
                                    name="one_entity_code_a_directory",
                                    violation_error_message=_("名录中已有此统一社会信用代码的检查对象。")),
            models.UniqueConstraint(fields=["credit_code"], condition=Q(unit__isnull=True),
                                    name="one_entity_code_in_the_shared_directory",
                                    violation_error_message=_("共享名录中已有此统一社会信用代码的检查对象。")),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.credit_code = (self.credit_code or "").strip().upper()


class Inspector(models.Model):
    """One entry of the unit's directory of law-enforcement inspectors. Only the name and the certificate
    number (执法证号) are ever public."""

    unit = models.ForeignKey(Organization, verbose_name=_("所属单位"), on_delete=models.PROTECT,
                             related_name="inspectors")  # fmt: skip
    name = models.CharField(_("姓名"), max_length=50)
    certificate_no = models.CharField(
        _("执法证号"), max_length=40, unique=True, error_messages={"unique": _("已有此执法证号的执法人员。")}
    )
    is_active = models.BooleanField(_("在岗"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员名录")
        ordering = ["certificate_no"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_no}）"


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COMMITTED = "committed", _("已公布，待抽取")
    DRAWN = "drawn", _("已抽取，检查中")
    PUBLISHED = "published", _("结果已公示")


class PlanQuerySet(models.QuerySet):
    def public(self):
        """Plans the public sees: committed (with their pool and commitment) and later."""
        return self.exclude(state=PlanState.DRAFT)

    def with_results(self):
        return self.filter(state=PlanState.PUBLISHED)


class Plan(models.Model):
    unit = models.ForeignKey(Organization, verbose_name=_("实施单位"), on_delete=models.PROTECT,
                             related_name="inspection_plans")  # fmt: skip
    title = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    matters = models.ManyToManyField(InspectionMatter, verbose_name=_("抽查事项"), related_name="plans")
    starts_on = models.DateField(_("检查开始日期"))
    ends_on = models.DateField(_("检查结束日期"))
    industry = models.CharField(_("行业范围"), max_length=100, blank=True,
                                help_text=_("只从该行业的检查对象中抽取；留空为名录中全部在册对象。"))  # fmt: skip
    entity_count = models.PositiveIntegerField(
        _("抽取检查对象数量"), validators=[MinValueValidator(1, message=_("抽取的检查对象数量至少为1。"))]
    )
    inspectors_per_entity = models.PositiveSmallIntegerField(
        _("每户选派执法人员数"),
        default=draw.MIN_INSPECTORS,
        validators=[
            MinValueValidator(
                draw.MIN_INSPECTORS, message=_("每个检查对象至少选派%(limit_value)s名执法人员。")
            )
        ],
    )
    state = models.CharField(_("状态"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    # Frozen at commit: [[key, name], …] in key order, and {entity key: [inspector keys]} of recorded conflicts.
    pool_entities = models.JSONField(_("检查对象候选名单"), default=list, blank=True, editable=False)
    pool_inspectors = models.JSONField(_("执法人员候选名单"), default=list, blank=True, editable=False)
    conflicts = models.JSONField(_("回避情形"), default=dict, blank=True)
    commitment = models.CharField(_("随机种子承诺值（SHA-256）"), max_length=64, blank=True, editable=False)
    # Secret until the draw: never shown, served or recorded in the audit log before ``drawn_at``.
    seed = models.CharField(_("随机种子"), max_length=64, blank=True, editable=False)
    committed_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True, editable=False)
    results_published_at = models.DateTimeField(_("结果公示时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "-starts_on", "-pk"]
        indexes = [models.Index(fields=["state", "ends_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("spotchecks:plan", args=[self.pk])

    @property
    def is_drawn(self) -> bool:
        return self.state in (PlanState.DRAWN, PlanState.PUBLISHED)

    @property
    def public_seed(self) -> str | None:
        """The seed, once the draw has made it public; None before."""
        return self.seed if self.is_drawn else None

    @property
    def entity_keys(self) -> list[str]:
        return [key for key, _name in self.pool_entities]

    @property
    def inspector_keys(self) -> list[str]:
        return [key for key, _name in self.pool_inspectors]


class DrawPick(models.Model):
    """One entity the draw picked, with the inspectors drawn for it. The keys are kept as drawn, so the
    published draw stays checkable whatever later happens to the directories."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="picks")
    order = models.PositiveIntegerField(_("抽取顺序"))
    entity = models.ForeignKey(
        Entity, verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="picks"
    )
    entity_key = models.CharField(_("统一社会信用代码"), max_length=18)
    entity_name = models.CharField(_("检查对象名称"), max_length=200)
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("执法人员"), related_name="picks")
    inspector_keys = models.JSONField(_("执法证号"), default=list)

    class Meta:
        verbose_name = _("抽取结果")
        verbose_name_plural = _("抽取结果")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="one_pick_per_draw_position"),
            models.UniqueConstraint(fields=["plan", "entity_key"], name="one_pick_per_entity_a_plan"),
        ]

    def __str__(self) -> str:
        return self.entity_name

    def as_draw_pick(self) -> draw.Pick:
        return draw.Pick(order=self.order, entity=self.entity_key, inspectors=tuple(self.inspector_keys))


class Outcome(models.TextChoices):
    NO_PROBLEM = "no_problem", _("未发现问题")
    ORDERED = "ordered", _("发现问题已责令整改")
    CORRECTED = "corrected", _("发现问题已整改")
    CASE = "case", _("发现问题已立案查处")
    REFERRED = "referred", _("发现问题已移送有关部门")
    UNREACHABLE = "unreachable", _("通过登记的住所（经营场所）无法联系")
    NOT_OPERATING = "not_operating", _("未发现开展本次抽查涉及的经营活动")


class ResultQuerySet(models.QuerySet):
    def public(self):
        return self.filter(plan__state=PlanState.PUBLISHED, published_at__isnull=False)


class Result(models.Model):
    """抽查结果 of one drawn entity, in the fields the public list requires."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="results")
    pick = models.OneToOneField(DrawPick, on_delete=models.CASCADE, related_name="result")
    entity = models.ForeignKey(
        Entity, verbose_name=_("检查对象"), on_delete=models.PROTECT, related_name="results"
    )
    checked_on = models.DateField(_("检查日期"))
    outcome = models.CharField(_("检查结果"), max_length=20, choices=Outcome.choices)
    findings = models.TextField(_("发现的问题"), blank=True)
    handling = models.TextField(_("处理情况"), blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True, editable=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        ordering = ["plan", "pick__order"]

    def __str__(self) -> str:
        return f"{self.pick.entity_name} {self.get_outcome_display()}"
