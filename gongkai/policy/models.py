"""The policy library: which information items are policies that need an interpretation, and the
interpretations that explain them (linked both ways, as inspections demand)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.models import InformationItem, Status

LEADER_TARGET = 2  # the seed: each unit's principal leads at least two interpretations a year


class Form(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    MEDIA = "media", _("音视频解读")
    QA = "qa", _("简明问答")
    EXPERT = "expert", _("专家解读")
    PRESS = "press", _("新闻发布会")
    LEADER = "leader", _("领导解读")


class PolicyProfile(models.Model):
    """A policy document's interpretation duty: needed or not, and the reviewer's reason for publishing
    without one."""

    item = models.OneToOneField(
        InformationItem,
        verbose_name=_("政策文件"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="policy_profile",
    )
    needs_interpretation = models.BooleanField(_("需要解读"), default=True)
    exemption_reason = models.CharField(_("不解读理由"), max_length=300, blank=True)
    exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exempted_at = models.DateTimeField(_("标记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策文件解读要求")
        verbose_name_plural = _("政策文件解读要求")

    def __str__(self) -> str:
        return self.item.title


class InterpretationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(item__status=Status.PUBLISHED, item__disclosure_mode="proactive")


class Interpretation(models.Model):
    """An interpretation (itself a published information item) of one policy document."""

    item = models.OneToOneField(
        InformationItem, verbose_name=_("解读稿件"), on_delete=models.CASCADE, related_name="interprets"
    )
    policy = models.ForeignKey(
        InformationItem,
        verbose_name=_("所解读的政策文件"),
        on_delete=models.CASCADE,
        related_name="interpretations",
    )
    form = models.CharField(_("解读形式"), max_length=10, choices=Form.choices, default=Form.TEXT)
    interpreter = models.CharField(
        _("解读人"), max_length=100, blank=True, help_text=_("如：市教育局局长 张某某")
    )
    is_leader = models.BooleanField(
        _("主要负责人解读"), default=False, help_text=_("单位主要负责人作为“第一解读人”。")
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterpretationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["item__published_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(item=models.F("policy")), name="interpretation_not_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item.title} → {self.policy.title}"

    @property
    def is_late(self) -> bool:
        """Published on a later day than the policy it explains (they are to be released together)."""
        if self.item.published_at is None or self.policy.published_at is None:
            return False
        return timezone.localdate(self.item.published_at) > timezone.localdate(self.policy.published_at)


# The register of normative documents and regulations (规范性文件和规章台账) -----------------------------------

DEFAULT_YEARS, TRIAL_YEARS = 5, 2  # a normative document's validity unless it sets its own; 暂行/试行 ones


class IssuingBody(models.Model):
    """An entry of the published list of bodies entitled to issue normative documents (制发主体清单)."""

    organization = models.OneToOneField(
        "core.Organization", verbose_name=_("制发主体"), on_delete=models.PROTECT, related_name="issuing_body"
    )
    basis = models.CharField(_("制发依据"), max_length=300, blank=True)
    listed_on = models.DateField(_("列入日期"), default=timezone.localdate)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("制发主体")
        verbose_name_plural = _("制发主体清单")
        ordering = ["organization__path"]

    def __str__(self) -> str:
        return self.organization.name


class RegisterEntry(models.Model):
    """A normative document or a regulation in the register. Its text is an information item; the item's
    validity (with the date, reason and replacing document) is the entry's state, so the original page and
    the register always agree."""

    class Kind(models.TextChoices):
        NORMATIVE = "normative", _("行政规范性文件")
        REGULATION = "regulation", _("政府规章")

    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.NORMATIVE)
    item = models.OneToOneField(
        InformationItem, verbose_name=_("文件原文"), on_delete=models.PROTECT, related_name="register_entry"
    )
    registration_number = models.CharField(
        _("登记编号"), max_length=40, unique=True, blank=True, help_text=_("不填则自动编号。")
    )
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("制发主体"), on_delete=models.PROTECT, related_name="documents"
    )
    review_unit = models.CharField(_("合法性审核机构"), max_length=100, blank=True)
    reviewed_on = models.DateField(_("合法性审核日期"), null=True, blank=True)
    review_opinion = models.TextField(_("合法性审核意见"), blank=True)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("规范性文件和规章台账")
        verbose_name_plural = _("规范性文件和规章台账")
        ordering = ["-item__published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.item.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("policy:register-entry", args=[self.pk])


class Cleanup(models.Model):
    """A clean-up campaign (清理): documents reviewed, each kept, amended, repealed or declared expired."""

    title = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey("core.Organization", verbose_name=_("组织单位"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    published_at = models.DateTimeField(_("结果发布时间"), null=True, blank=True)
    summary = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("规范性文件清理")
        verbose_name_plural = _("规范性文件清理")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("policy:cleanup", args=[self.pk])


class CleanupDecision(models.Model):
    class Decision(models.TextChoices):
        KEEP = "keep", _("继续有效")
        AMEND = "amend", _("修改")
        REPEAL = "repeal", _("废止")
        EXPIRE = "expire", _("宣布失效")

    cleanup = models.ForeignKey(Cleanup, on_delete=models.CASCADE, related_name="decisions")
    entry = models.ForeignKey(
        RegisterEntry, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="cleanups"
    )
    decision = models.CharField(_("清理结果"), max_length=10, choices=Decision.choices, default=Decision.KEEP)
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    replacement = models.ForeignKey(
        InformationItem,
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("清理结果")
        verbose_name_plural = _("清理结果")
        constraints = [models.UniqueConstraint(fields=["cleanup", "entry"], name="one_decision_per_cleanup")]

    def __str__(self) -> str:
        return f"{self.entry} — {self.get_decision_display()}"


class Version(models.Model):
    """A version of a register entry's text; an amendment adds one, the item shows the one in force."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField()
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [models.UniqueConstraint(fields=["entry", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.entry.registration_number} v{self.number}"


class StateChange(models.Model):
    """A change of a register entry's validity, as the public history shows it."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="history")
    validity = models.CharField(_("有效性"), max_length=10)
    on = models.DateField(_("日期"))
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    by_item = models.ForeignKey(
        InformationItem,
        verbose_name=_("依据文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cleanup = models.ForeignKey(Cleanup, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.entry.registration_number} {self.validity} {self.on}"
