"""The registry of government new-media accounts (政务新媒体): who runs which account on which platform, its
status and closing procedure, and its updates (entered, imported from a spreadsheet or read from a feed).

The 2-week staleness rule (spec §4.2 ``NM_VETO_STALE``: 内容不更新, no update within the 2 weeks before the check
point) is in :mod:`gongkai.newmedia.rules`; this module holds the rows and the derived stage of the closing
procedure (申请关停 → 发布关停公告 → 关停 / 注销).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    KUAISHOU = "kuaishou", _("快手")
    CHANNELS = "channels", _("视频号")
    OTHER = "other", _("其他")


class AccountStatus(models.TextChoices):
    OPERATING = "operating", _("运营")
    SUSPENDED = "suspended", _("关停")
    CANCELLED = "cancelled", _("注销")


class Stage(models.TextChoices):
    """Where an account is in its life: derived from the status and the closing procedure's dates."""

    OPERATING = "operating", _("运营中")
    REQUESTED = "requested", _("已申请关停")
    ANNOUNCED = "announced", _("已发布关停公告")
    SUSPENDED = "suspended", _("已关停")
    CANCELLED = "cancelled", _("已注销")


class UpdateSource(models.TextChoices):
    ENTERED = "entered", _("手工登记")
    IMPORTED = "imported", _("表格导入")
    FEED = "feed", _("订阅源读取")


# How long a closing notice stays on the public page after the account closed (or after the notice, if later).
NOTICE_PUBLIC_DAYS = 90


class AccountQuerySet(models.QuerySet):
    def operating(self):
        return self.filter(status=AccountStatus.OPERATING)

    def checked(self):
        """Accounts the staleness rule applies to: operating, no closing notice published yet."""
        return self.operating().filter(notice_on__isnull=True)

    def notices_shown(self, today: dt.date):
        """Accounts whose closing notice is public on ``today``."""
        since = today - dt.timedelta(days=NOTICE_PUBLIC_DAYS)
        return self.filter(notice_on__isnull=False, notice_on__lte=today).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=since) | Q(notice_on__gte=since)
        )


class Account(models.Model):
    unit = models.ForeignKey(
        Organization, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    platform = models.CharField(_("平台"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("账号名称"), max_length=100)
    account_id = models.CharField(_("账号标识"), max_length=100, blank=True, help_text=_("如微信号、微博号"))
    responsible_person = models.CharField(_("负责人"), max_length=50)
    responsible_phone = models.CharField(_("联系电话"), max_length=30)
    opened_on = models.DateField(_("开设时间"))
    status = models.CharField(
        _("状态"), max_length=12, choices=AccountStatus.choices, default=AccountStatus.OPERATING
    )
    homepage_url = models.URLField(_("主页地址"), blank=True, max_length=500)
    qr_code = models.FileField(_("二维码图片"), upload_to="newmedia/qr/", blank=True)
    feed_url = models.URLField(
        _("订阅源地址"),
        blank=True,
        max_length=500,
        help_text=_("平台提供 RSS 订阅源时填写，每日自动读取更新。"),
    )
    followers = models.PositiveIntegerField(_("关注量"), null=True, blank=True)
    followers_on = models.DateField(_("关注量统计日期"), null=True, blank=True)
    # The closing procedure (关停、注销): requested, the public notice, closed.
    close_requested_on = models.DateField(_("申请关停日期"), null=True, blank=True)
    close_reason = models.CharField(_("关停原因"), max_length=300, blank=True)
    notice = models.TextField(_("关停公告"), blank=True)
    notice_on = models.DateField(_("公告日期"), null=True, blank=True)
    closed_on = models.DateField(_("关停或注销日期"), null=True, blank=True)
    # Kept by the services from the updates (the list pages and the staleness check read it).
    last_update_on = models.DateField(_("最近更新"), null=True, blank=True)
    feed_checked_at = models.DateTimeField(null=True, blank=True)
    feed_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("政务新媒体账号")
        verbose_name_plural = _("政务新媒体账号")
        ordering = ["unit__path", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="newmedia_one_name_per_platform")
        ]
        indexes = [models.Index(fields=["status", "last_update_on"], name="newmedia_status_last")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_platform_display()}）"

    @property
    def stage(self) -> str:
        if self.status == AccountStatus.CANCELLED:
            return Stage.CANCELLED
        if self.status == AccountStatus.SUSPENDED:
            return Stage.SUSPENDED
        if self.notice_on:
            return Stage.ANNOUNCED
        if self.close_requested_on:
            return Stage.REQUESTED
        return Stage.OPERATING

    def get_stage_display(self) -> str:
        return str(Stage(self.stage).label)


class AccountUpdate(models.Model):
    """Posts of an account on a day (one row per post read from a feed; a count per day when entered)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(_("更新日期"))
    posts = models.PositiveIntegerField(_("发布条数"), default=1)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    link = models.URLField(_("链接"), max_length=500, blank=True)
    followers = models.PositiveIntegerField(_("关注量"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=UpdateSource.choices)
    guid = models.CharField(max_length=500, blank=True)  # a feed entry's id: read twice, stored once
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("账号更新")
        verbose_name_plural = _("账号更新")
        ordering = ["-on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "guid"], condition=~Q(guid=""), name="newmedia_one_feed_entry"
            )
        ]
        indexes = [models.Index(fields=["account", "on"], name="newmedia_update_on")]

    def __str__(self) -> str:
        return f"{self.account} {self.on}"
