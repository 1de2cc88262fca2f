"""Sites (集约化): one platform, a portal per government. A site belongs to an organization and covers its
subtree, except the subtrees of sites nested below it (a county with its own portal); departments are
sections of their government's portal. Every public page, feed, sitemap and search is scoped to the site the
request came in on (``request.site``, set by :class:`gongkai.sites.middleware.CurrentSiteMiddleware`)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization

colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("请填写 #RRGGBB 形式的颜色，如 #8b1a1a。"))


class Theme(models.TextChoices):
    RED = "red", _("中国红")
    BLUE = "blue", _("政务蓝")
    GREEN = "green", _("生态绿")


class Site(models.Model):
    """A portal: name, host names, look and the page conventions of a Chinese government website."""

    root = models.OneToOneField(
        Organization, verbose_name=_("主办机构"), on_delete=models.PROTECT, related_name="site"
    )
    name = models.CharField(_("网站名称"), max_length=100)
    is_default = models.BooleanField(
        _("默认网站"), default=False, help_text=_("未登记的域名（如服务器地址）打开的网站。只有一个。")
    )
    description = models.CharField(
        _("网站简介"),
        max_length=200,
        blank=True,
        help_text=_("搜索引擎和分享时显示的网站简介。"),
    )
    theme = models.CharField(_("配色"), max_length=10, choices=Theme.choices, default=Theme.RED)
    primary_colour = models.CharField(
        _("主色"), max_length=7, blank=True, validators=[colour], help_text=_("留空则用配色的默认主色。")
    )
    emblem = models.FileField(_("网站标志"), upload_to="sites/", blank=True)
    id_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp = models.CharField(_("ICP备案号"), max_length=60, blank=True)
    psb_record = models.CharField(_("公安机关备案号"), max_length=60, blank=True)
    organizer = models.CharField(
        _("主办单位"), max_length=100, blank=True, help_text=_("页脚的“主办”，留空则为“网站名称＋办公室”。")
    )
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    contact_postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    error_report_url = models.URLField(
        _("“我为政府网站找错”链接"),
        blank=True,
        help_text=_("国务院办公厅政府网站找错平台给本网站的地址；留空则按网站标识码生成。"),
    )
    conac_url = models.URLField(
        _("党政机关标识链接"), blank=True, help_text=_("党政机关网站标识的核验地址。")
    )
    conac_image = models.FileField(_("党政机关标识图片"), upload_to="sites/", blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("网站")
        verbose_name_plural = _("网站")
        ordering = ["root__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_site"
            )
        ]

    def __str__(self) -> str:
        return self.name

    # -- scope ------------------------------------------------------------------------------------------

    def nested_roots(self) -> list[str]:
        """The paths of the sites below this one, whose subtrees are theirs, not this site's."""
        from .resolve import directory

        return [
            s.root.path
            for s in directory().sites
            if s.pk != self.pk and s.root.path.startswith(self.root.path)
        ]

    def unit_q(self, field: str = "unit") -> Q:
        """A filter for records whose ``field`` (an Organization foreign key, or "" for Organization itself)
        lies in this site: ``Item.objects.filter(request.site.unit_q("unit"))``."""
        prefix = f"{field}__path" if field else "path"
        q = Q(**{f"{prefix}__startswith": self.root.path})
        for path in self.nested_roots():
            q &= ~Q(**{f"{prefix}__startswith": path})
        return q

    def units(self):
        """The active organizations of this site, in tree order."""
        return Organization.objects.active().filter(self.unit_q("")).order_by("path")

    def covers(self, organization: Organization | None) -> bool:
        if organization is None:
            return False
        path = organization.path
        return path.startswith(self.root.path) and not any(path.startswith(p) for p in self.nested_roots())

    @property
    def organizer_name(self) -> str:
        return self.organizer or f"{self.name}办公室"

    @property
    def error_report_link(self) -> str:
        if self.error_report_url:
            return self.error_report_url
        if self.id_code:
            return f"https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?sitecode={self.id_code}"
        return ""


class SiteHost(models.Model):
    """A host name a site answers on (several per site: the new domain, the old one, www. or not)."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField(
        _("域名"),
        max_length=253,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9.-]+$", _("域名只能含小写字母、数字、点和连字符，不含端口。"))],
        help_text=_("不含端口，如 www.linyi.gov.cn 或 lanshan.localhost。"),
    )
    is_primary = models.BooleanField(
        _("主域名"), default=False, help_text=_("生成链接、网站地图时用的域名。")
    )

    class Meta:
        verbose_name = _("域名")
        verbose_name_plural = _("域名")
        ordering = ["site", "-is_primary", "host"]

    def __str__(self) -> str:
        return self.host


class HomeBlock(models.Model):
    """One block of a site's home page, in order: what it shows comes from the block kind's source (a kind
    registered by an app in its ``home_blocks.py``), ``source`` narrowing it (a column code for news)."""

    site = models.ForeignKey(Site, verbose_name=_("网站"), on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(_("区块类型"), max_length=40)
    title = models.CharField(_("标题"), max_length=50, blank=True, help_text=_("留空则用区块类型的名称。"))
    source = models.CharField(
        _("来源"),
        max_length=100,
        blank=True,
        help_text=_("新闻区块填本级政府的栏目代码（如要闻、通知公告栏目的代码）。"),
    )
    count = models.PositiveSmallIntegerField(_("条数"), default=6)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("显示"), default=True)

    class Meta:
        verbose_name = _("首页区块")
        verbose_name_plural = _("首页区块")
        ordering = ["site", "sort_order", "pk"]

    def __str__(self) -> str:
        from . import blocks

        kind = blocks.get(self.kind)
        return self.title or (str(kind.label) if kind else self.kind)


class FallbackSite:
    """The site of a platform that has not configured any: the whole tree, named from the settings."""

    pk = None
    id = None
    root = None
    is_default = True
    theme = Theme.RED
    primary_colour = ""
    emblem = None
    conac_image = None
    conac_url = ""
    error_report_url = ""
    organizer = ""
    contact_address = contact_postcode = contact_phone = contact_email = ""

    def __init__(self):
        self.name = settings.GONGKAI_SITE_NAME
        self.description = ""
        self.id_code = settings.GONGKAI_SITE_ID_CODE
        self.icp = settings.GONGKAI_ICP
        self.psb_record = settings.GONGKAI_PSB_RECORD

    def nested_roots(self) -> list[str]:
        return []

    def unit_q(self, field: str = "unit") -> Q:
        return Q()

    def units(self):
        return Organization.objects.active().order_by("path")

    def covers(self, organization) -> bool:
        return organization is not None

    organizer_name = Site.organizer_name
    error_report_link = Site.error_report_link

    def __str__(self) -> str:
        return self.name
