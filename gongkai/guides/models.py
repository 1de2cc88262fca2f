"""办事指南 (service guides): what a unit handles for citizens and enterprises, with the 8 key elements the
website inspection checks (spec §4.1 ``VETO_SERVICE``), the fees and time limit, and how far it can be done
online. A guide is a draft until published; an incomplete guide may be published (the service exists) but is
flagged to its unit and counts against the site's inspection until completed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization

from . import rules


class Category(models.TextChoices):
    PERSONAL = "personal", _("个人办事")
    LEGAL = "legal", _("法人办事")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("全程网办")
    PARTIAL = "partial", _("部分网办")
    OFFLINE = "offline", _("线下办理")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ServiceGuideQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, unit__is_active=True)

    def incomplete(self):
        """Guides lacking at least one of the 8 key elements (services store them stripped)."""
        blank = Q()
        for name in rules.ELEMENT_FIELDS:
            blank |= Q(**{name: ""})
        return self.filter(blank)


class ServiceGuide(models.Model):
    unit = models.ForeignKey(
        Organization, verbose_name=_("实施单位"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("事项名称"), max_length=200)
    code = models.CharField(_("事项编码"), max_length=60, blank=True)
    category = models.CharField(
        _("服务对象"), max_length=10, choices=Category.choices, default=Category.PERSONAL
    )
    basis = models.TextField(_("设定依据"), blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)
    materials = models.TextField(_("办理材料"), blank=True)
    place = models.TextField(_("办理地点"), blank=True)
    hours = models.CharField(_("办理时间"), max_length=300, blank=True)
    phone = models.CharField(_("联系电话"), max_length=200, blank=True)
    process = models.TextField(_("办理流程"), blank=True)
    fees = models.TextField(_("收费标准"), blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=300, blank=True)
    online_level = models.CharField(
        _("网上办理程度"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.OFFLINE
    )
    online_url = models.URLField(_("在线办理地址"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServiceGuideQuerySet.as_manager()

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")
        ordering = ["unit__path", "category", "name"]
        indexes = [models.Index(fields=["status", "unit"], name="guide_status_unit")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("guides:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def missing(self) -> list[str]:
        """The names of the key elements this guide lacks (empty when complete)."""
        return rules.missing_labels(self)

    def elements(self) -> list[tuple[str, str]]:
        """(label, text) of each key element, then 收费标准 and 办理时限, for the guide's table."""
        rows = [(str(label), getattr(self, name)) for name, label in rules.ELEMENTS]
        rows += [(str(_("收费标准")), self.fees), (str(_("办理时限")), self.time_limit)]
        return rows
