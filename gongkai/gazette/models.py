"""政府公报: issues (year, number, overall number, date), their contents, the PDF edition and its text."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.models import InformationItem


class IssueQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Issue(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"), help_text=_("当年第几期。"))
    overall = models.PositiveIntegerField(_("总期号"), unique=True)
    published_on = models.DateField(_("出版日期"))
    pdf = models.FileField(_("PDF版"), upload_to="gazette/%Y/", blank=True)
    pdf_text = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("公报期次")
        verbose_name_plural = _("政府公报")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_gazette_issue_number_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("gazette:issue", args=[self.year, self.number])

    @property
    def title(self) -> str:
        return str(
            _("%(y)d年第%(n)d期（总第%(o)d期）") % {"y": self.year, "n": self.number, "o": self.overall}
        )


class Article(models.Model):
    """One entry of an issue's contents, linked to the document it prints when that is on the site."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    section = models.CharField(
        _("栏目"), max_length=50, blank=True, help_text=_("如：市政府文件、部门文件、人事任免")
    )
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    page = models.PositiveSmallIntegerField(_("页码"), null=True, blank=True)
    item = models.ForeignKey(
        InformationItem, verbose_name=_("网站上的原文"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="gazette_articles",
    )  # fmt: skip

    class Meta:
        verbose_name = _("公报目录")
        verbose_name_plural = _("公报目录")
        ordering = ["issue", "order", "pk"]

    def __str__(self) -> str:
        return self.title
