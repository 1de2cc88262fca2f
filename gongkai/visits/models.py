"""Visit statistics (访问统计): the day's hits until the day is rolled up, then daily aggregates only.

A hit holds the site, the day, what was viewed (page kind and object id) and the visitor's daily hash:
``sha256(salt of the day + IP + User-Agent)``, truncated. The salt is random per day and lives only in the
cache for that day, so the hash cannot be recomputed from an address afterwards; the hits themselves are
deleted when their day is rolled up (``services.roll_up``). What stays, :class:`DailyVisits` and
:class:`DailyPageViews`, are counts: nothing in them identifies a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.sites.models import Site


class PageKind(models.TextChoices):
    HOME = "home", _("首页")
    COLUMN = "column", _("栏目")
    ITEM = "item", _("信息")
    OTHER = "other", _("其他页面")


class Hit(models.Model):
    """One counted page view of the current (not yet rolled-up) day. Deleted by the roll-up."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=PageKind.choices)
    object_id = models.PositiveIntegerField(default=0)  # 0 for the home page and other pages
    visitor = models.CharField(max_length=16)  # the salted daily hash, truncated (64 bits)
    batch = models.CharField(max_length=32, blank=True, default="")  # the roll-up run that claimed it

    class Meta:
        indexes = [models.Index(fields=["day", "batch"], name="visits_hit_day_batch")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day} {self.kind}#{self.object_id}"


class DailyVisits(models.Model):
    """A site's day: page views and unique visitors (distinct daily hashes)."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    visitors = models.PositiveIntegerField(_("访客数"), default=0)

    class Meta:
        verbose_name = _("每日访问量")
        verbose_name_plural = _("每日访问量")
        ordering = ["site", "day"]
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="visits_daily_site_day")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}: {self.views}/{self.visitors}"


class DailyPageViews(models.Model):
    """A page's day on a site: the home page, a column, an item, or all other pages together (object 0)."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("页面类型"), max_length=10, choices=PageKind.choices)
    object_id = models.PositiveIntegerField(_("对象编号"), default=0)
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    visitors = models.PositiveIntegerField(_("访客数"), default=0)

    class Meta:
        verbose_name = _("每日页面访问量")
        verbose_name_plural = _("每日页面访问量")
        ordering = ["site", "day", "kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["site", "day", "kind", "object_id"], name="visits_page_site_day")
        ]
        indexes = [models.Index(fields=["site", "kind", "day"], name="visits_page_kind_day")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day} {self.kind}#{self.object_id}: {self.views}/{self.visitors}"
