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
        InformationItem, primary_key=True, on_delete=models.CASCADE, related_name="policy_profile"
    )
    needs_interpretation = models.BooleanField(_("需要解读"), default=True)
    exemption_reason = models.CharField(_("不解读理由"), max_length=300, blank=True)
    exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exempted_at = models.DateTimeField(null=True, blank=True)

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
