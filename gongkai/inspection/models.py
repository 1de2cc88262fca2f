"""What the inspection keeps: each site's probe settings and probes, the office's manual findings, and the
daily results of every indicator (the history the dashboard draws)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.sites.models import Site

from .indicators import Scope, Status

PROBE_TIMEOUT_SECONDS = 15  # spec §4.1 VETO_UNREACHABLE: a probe fails if the site does not open within 15 s
MIN_PROBES_PER_DAY = 20  # spec §4.1: monitored with at least 20 probes a day


class SiteInspection(models.Model):
    """A site's inspection settings: where the availability probe points (a closed network points it at the
    local server), and the paths it opens."""

    site = models.OneToOneField(
        Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="inspection"
    )
    probe_base = models.URLField(
        _("探测地址"),
        blank=True,
        help_text=_(
            "留空则用网站的主域名（https://域名/）。内网部署可填本机地址，如 http://127.0.0.1:8000/。"
        ),
    )
    probe_paths = models.CharField(
        _("探测页面"),
        max_length=500,
        default="/",
        help_text=_("每次探测依次打开的本网站页面路径，用空格分隔，如“/ /xxgk/ /policy/”。"),
    )
    probes_per_day = models.PositiveSmallIntegerField(
        _("每天探测次数"),
        default=48,
        validators=[MinValueValidator(MIN_PROBES_PER_DAY), MaxValueValidator(288)],
        help_text=_("国家检查指标要求每天不少于20次；定时任务按此间隔探测。"),
    )
    is_active = models.BooleanField(_("启用可用性探测"), default=True)

    class Meta:
        verbose_name = _("网站检查设置")
        verbose_name_plural = _("网站检查设置")

    def __str__(self) -> str:
        return str(self.site)


class Probe(models.Model):
    """One availability probe of a site: did its pages open within 15 seconds."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="probes")
    at = models.DateTimeField(_("探测时间"), db_index=True)
    ok = models.BooleanField(_("可访问"))
    url = models.CharField(_("地址"), max_length=500)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("用时（毫秒）"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        ordering = ["-at"]
        indexes = [models.Index(fields=["site", "at"])]

    def __str__(self) -> str:
        return f"{self.site} {self.at:%Y-%m-%d %H:%M} {'✓' if self.ok else '✗'}"


class IncidentKind(models.TextChoices):
    """The serious problems of the security veto (spec §4.1 VETO_SECURITY, §4.2 NM_VETO_SECURITY)."""

    WORDING = "wording", _("严重表述错误")
    SECRET = "secret", _("泄露国家秘密")
    ILLEGAL = "illegal", _("发布或链接违法有害信息")
    ATTACK = "attack", _("安全攻击未及时处置（篡改、挂马等）")
    FALSIFIED = "falsified", _("弄虚作假（如篡改发稿日期）")
    OPINION = "opinion", _("管理不当引发严重负面舆情")


class Incident(models.Model):
    """A serious problem found by an inspector or the office (人工指标), entered with its evidence: it trips the
    security veto of its site until it is put right, and stays on the year's record after that."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.PROTECT, related_name="incidents")
    scope = models.CharField(_("对象"), max_length=10, choices=Scope.choices[:2], default=Scope.WEBSITE)
    kind = models.CharField(_("问题类型"), max_length=12, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("发现日期"))
    found_by = models.CharField(
        _("发现者"), max_length=100, help_text=_("如：省政务公开办季度检查、本网站自查。")
    )
    description = models.TextField(_("问题描述"), max_length=2000)
    location = models.CharField(
        _("问题页面或账号"), max_length=500, blank=True, help_text=_("问题所在页面的地址或新媒体账号。")
    )
    evidence = models.FileField(_("证据材料"), upload_to="inspection/evidence/%Y/", blank=True)
    resolved_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    resolution = models.TextField(_("整改情况"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人工检查问题")
        verbose_name_plural = _("人工检查问题")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.site} {self.get_kind_display()} {self.occurred_on}"


class DailyResult(models.Model):
    """One indicator's result for one site on one day, as the daily job computed it (the history)."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="results")
    day = models.DateField(_("日期"))
    code = models.CharField(_("指标"), max_length=40)
    label = models.CharField(_("指标名称"), max_length=100)
    scope = models.CharField(_("对象"), max_length=10, choices=Scope.choices)
    veto = models.BooleanField(_("单项否决"), default=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices)
    value = models.CharField(_("值"), max_length=200, blank=True)
    threshold = models.CharField(_("标准"), max_length=300, blank=True)
    fix = models.CharField(_("整改建议"), max_length=500, blank=True)
    items = models.JSONField(_("依据记录"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("每日检查结果")
        verbose_name_plural = _("每日检查结果")
        ordering = ["site", "-day", "code"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "code"], name="one_result_per_site_day_code")
        ]
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self) -> str:
        return f"{self.site} {self.day} {self.code} {self.status}"
