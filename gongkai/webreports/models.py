"""The website annual report (政府网站工作年度报表, 国办函〔2018〕12号附件) of a site for a calendar year, and
the security checks the office enters for it.

The figures the platform holds are computed on every view while the report is a draft or reviewed; at
publication they are frozen in ``rows`` and never recomputed. What the platform cannot know (registered users,
办件量, the yes/no security items, the people who sign) is entered by the office on the report itself."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.sites.models import Site


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已发布")


class SiteType(models.TextChoices):
    PORTAL = "portal", _("政府门户网站")
    DEPARTMENT = "department", _("部门网站")
    SPECIAL = "special", _("专项网站")


def due_on(year: int) -> dt.date:
    """The report of a year is published by 31 January of the next year (国办函〔2018〕12号)."""
    return dt.date(year + 1, 1, 31)


class WebsiteReport(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("网站"), on_delete=models.PROTECT, related_name="website_reports"
    )
    year = models.PositiveSmallIntegerField(
        _("报表年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    site_type = models.CharField(
        _("网站类型"),
        max_length=12,
        choices=SiteType.choices,
        blank=True,
        help_text=_("留空则按网站的主办机构判断。"),
    )
    # 解读回应 and 在线访谈: not held by the platform, entered.
    media_comments = models.PositiveIntegerField(_("媒体评论文章数量（篇）"), default=0)
    hot_responses = models.PositiveIntegerField(_("回应公众关注热点或重大舆情数量（次）"), default=0)
    interviews = models.PositiveIntegerField(_("在线访谈期数（期）"), default=0)
    interview_questions = models.PositiveIntegerField(_("在线访谈网民留言数量（条）"), default=0)
    interview_answers = models.PositiveIntegerField(_("在线访谈答复网民提问数量（条）"), default=0)
    # 办事服务: held by the government service platform, entered.
    registered_users = models.DecimalField(
        _("注册用户数（万）"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    cases_natural = models.DecimalField(
        _("自然人办件量（万件）"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    cases_legal = models.DecimalField(
        _("法人办件量（万件）"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    unified_platform = models.BooleanField(_("互动交流使用统一平台"), default=True)
    # 安全防护
    security_monitoring = models.BooleanField(_("已建立安全监测预警机制"), default=False)
    emergency_drill = models.BooleanField(
        _("已开展应急演练"), default=False, help_text=_("登记了本年度的应急演练时，报表自动填“是”。")
    )
    security_owner = models.BooleanField(_("已明确网站安全责任人"), default=False)
    # 移动新媒体 and 创新发展
    newmedia_other = models.CharField(_("其他移动新媒体"), max_length=300, blank=True)
    multilingual = models.BooleanField(_("提供多语言版本"), default=False)
    personalised = models.BooleanField(_("提供千人千网（个性化定制）"), default=False)
    innovation_other = models.CharField(_("其他创新发展"), max_length=300, blank=True)
    # 填报
    unit_head = models.CharField(_("单位负责人"), max_length=50, blank=True)
    reviewer_name = models.CharField(_("审核人"), max_length=50, blank=True)
    filler = models.CharField(_("填报人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    filled_on = models.DateField(_("填报日期"), null=True, blank=True)

    rows = models.JSONField(default=list, blank=True, editable=False)  # frozen at publication
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    ENTERED = (
        "site_type",
        "media_comments",
        "hot_responses",
        "registered_users",
        "cases_natural",
        "cases_legal",
        "unified_platform",
        "interviews",
        "interview_questions",
        "interview_answers",
        "security_monitoring",
        "emergency_drill",
        "security_owner",
        "newmedia_other",
        "multilingual",
        "personalised",
        "innovation_other",
        "unit_head",
        "reviewer_name",
        "filler",
        "phone",
        "filled_on",
    )

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")
        ordering = ["-year", "site__root__path"]
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="one_website_report_per_year")]

    def __str__(self) -> str:
        return f"{self.site.name}{self.year}年政府网站工作年度报表"

    def get_absolute_url(self) -> str:
        return reverse("webreports:report", args=[self.year])

    @property
    def title(self) -> str:
        return str(self)

    @property
    def due_on(self) -> dt.date:
        return due_on(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class CheckKind(models.TextChoices):
    ASSESSMENT = "assessment", _("检测评估")
    PENETRATION = "penetration", _("渗透测试")
    GRADED = "graded", _("等级保护测评")
    DRILL = "drill", _("应急演练")


class SecurityCheckQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(checked_on__year=year)


class SecurityCheck(models.Model):
    """One security check of a site's website (检测评估、渗透测试、等级保护测评) or an emergency drill, with
    the problems it found and how many were fixed; the report sums a year's checks."""

    site = models.ForeignKey(
        Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="security_checks"
    )
    checked_on = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=12, choices=CheckKind.choices)
    found = models.PositiveIntegerField(_("发现问题数量（个）"), default=0)
    fixed = models.PositiveIntegerField(_("问题整改数量（个）"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecurityCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("网站安全检查")
        verbose_name_plural = _("网站安全检查")
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fixed__lte=models.F("found")),
                name="security_fixed_lte_found",
                violation_error_message=_("整改数量不能多于发现问题数量。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.get_kind_display()}"
