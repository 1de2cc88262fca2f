"""Scan runs and their findings (已发布信息巡查).

A finding is keyed by a fingerprint made of where it is (item, attachment, field), what rule found it and the
masked text it found, with its occurrence number there: a re-scan that finds the same thing again finds the
row it made before (no duplicate, a dismissal stays), and an open finding that a complete scan of its check no
longer finds is closed as fixed by the system. The fingerprint holds no raw number (it is made from the
masked text), and no row holds one either.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization
from gongkai.publishing.models import Attachment, InformationItem


class Check(models.TextChoices):
    LEXICON = "lexicon", _("词库与领导职务")
    PERSONAL = "personal", _("个人信息")
    LINKS = "links", _("链接")


class Rule(models.TextChoices):
    TERM = "term", _("词库")
    LEADER = "leader", _("领导职务")
    PATTERN = "pattern", _("个人信息")
    INTERNAL_LINK = "internal_link", _("站内链接")
    EXTERNAL_LINK = "external_link", _("外部链接")


class Place(models.TextChoices):
    TITLE = "title", _("标题")
    BODY = "body", _("正文")
    ATTACHMENT = "attachment", _("附件")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    FIXED = "fixed", _("已整改")
    DISMISSED = "dismissed", _("已忽略")


class Trigger(models.TextChoices):
    COMMAND = "command", _("定时任务")
    STAFF = "staff", _("人工发起")
    LEXICON_CHANGED = "lexicon", _("词库或领导信息变更")
    DEMO = "demo", _("演示数据")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ScanRun(models.Model):
    # Empty: every check.
    kind = models.CharField(_("巡查内容"), max_length=10, choices=Check.choices, blank=True)
    trigger = models.CharField(_("发起方式"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    items = models.PositiveIntegerField(_("巡查信息条数"), default=0)
    attachments = models.PositiveIntegerField(_("巡查附件数"), default=0)
    found = models.PositiveIntegerField(_("本次发现问题"), default=0)
    created = models.PositiveIntegerField(_("新增问题"), default=0)
    closed = models.PositiveIntegerField(_("自动关闭（已整改）"), default=0)
    links_checked = models.PositiveIntegerField(_("检查外部链接数"), default=0)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("巡查任务")
        verbose_name_plural = _("巡查任务")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or _('全部巡查')} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def checks(self) -> list[str]:
        return [self.kind] if self.kind else list(Check.values)


class FindingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=FindingStatus.OPEN)

    def with_places(self):
        return self.select_related("item", "attachment", "unit")


class ScanFinding(models.Model):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="scan_findings")
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="scan_findings"
    )
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    kind = models.CharField(_("巡查内容"), max_length=10, choices=Check.choices)
    rule = models.CharField(_("规则"), max_length=16, choices=Rule.choices)
    rule_value = models.CharField(_("命中规则"), max_length=300)  # the term, the leader, the pattern, the URL
    field = models.CharField(_("位置"), max_length=12, choices=Place.choices)
    offset = models.PositiveIntegerField(_("字符位置"), default=0)
    excerpt = models.CharField(_("摘录"), max_length=400)  # personal data masked
    message = models.CharField(_("说明"), max_length=400)
    severity = models.CharField(max_length=8, default="warn")
    fingerprint = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN, db_index=True
    )
    reason = models.CharField(_("处理说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("首次发现"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近发现"), default=timezone.now)
    run = models.ForeignKey(ScanRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡查发现")
        verbose_name_plural = _("巡查发现")
        ordering = ["-first_seen_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "kind"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.item.title}：{self.message}"[:200]

    @property
    def place_label(self) -> str:
        if self.field == Place.ATTACHMENT and self.attachment_id:
            return _("附件“%(name)s”") % {"name": self.attachment.name}
        return str(self.get_field_display())

    def edit_url(self) -> str:
        """The item's editor, at the place (the field's anchor)."""
        anchor = "attachments" if self.field == Place.ATTACHMENT else f"id_{self.field}"
        return reverse("workspace:item-edit", args=[self.item_id]) + f"#{anchor}"
