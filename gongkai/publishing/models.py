"""主动公开: information items with the standard metadata, catalogs (columns), revisions, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization


class Topic(models.TextChoices):
    """State Council topic classification (主题分类), top level as used on gov.cn (spec §4.6b)."""

    GENERAL = "综合政务", _("综合政务")
    ECONOMY = "国民经济管理", _("国民经济管理")
    LAND_ENERGY = "国土资源、能源", _("国土资源、能源")
    INDUSTRY_TRANSPORT = "工业、交通", _("工业、交通")
    IT = "信息产业", _("信息产业")
    URBAN_ENVIRONMENT = "城乡建设、环境保护", _("城乡建设、环境保护")
    AGRICULTURE = "农业、林业、水利", _("农业、林业、水利")
    FINANCE = "财政、金融、审计", _("财政、金融、审计")
    COMMERCE = "商贸、海关、旅游", _("商贸、海关、旅游")
    MARKET_SAFETY = "市场监管、安全生产监管", _("市场监管、安全生产监管")
    WEATHER = "气象、水文、测绘、地震", _("气象、水文、测绘、地震")
    SCIENCE_EDUCATION = "科技、教育", _("科技、教育")
    CULTURE = "文化、广电、新闻出版", _("文化、广电、新闻出版")
    HEALTH_SPORTS = "卫生、体育", _("卫生、体育")
    POPULATION = "人口与计划生育、妇女儿童工作", _("人口与计划生育、妇女儿童工作")
    LABOUR = "劳动、人事、监察", _("劳动、人事、监察")
    PUBLIC_SECURITY = "公安、安全、司法", _("公安、安全、司法")
    CIVIL_AFFAIRS = "民政、扶贫、救灾", _("民政、扶贫、救灾")
    ETHNIC_RELIGION = "民族、宗教", _("民族、宗教")
    FOREIGN = "对外事务", _("对外事务")
    HK_MACAO_TAIWAN = "港澳台侨工作", _("港澳台侨工作")
    DEFENCE = "国防", _("国防")
    OTHER = "其他", _("其他")


class Genre(models.TextChoices):
    """体裁: the kinds of 公文 (《党政机关公文处理工作条例》 Art. 8) and common non-公文 forms."""

    DECISION = "决定", _("决定")
    ORDER = "命令（令）", _("命令（令）")
    ANNOUNCEMENT = "公告", _("公告")
    PUBLIC_NOTICE = "通告", _("通告")
    OPINION = "意见", _("意见")
    NOTICE = "通知", _("通知")
    BULLETIN = "通报", _("通报")
    REPORT = "报告", _("报告")
    REPLY = "批复", _("批复")
    LETTER = "函", _("函")
    MINUTES = "纪要", _("纪要")
    MEASURES = "办法", _("办法")
    RULES = "规定", _("规定")
    PLAN = "规划", _("规划")
    PROGRAMME = "方案", _("方案")
    PUBLICITY = "公示", _("公示")
    STATISTICS = "统计数据", _("统计数据")
    WORK_NEWS = "工作动态", _("工作动态")
    OTHER = "其他", _("其他")


class DisclosureMode(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")
    AMENDED = "amended", _("已修订")


@dataclass(frozen=True)
class CurrentValidity:
    validity: str
    since: dt.date | None

    @property
    def label(self) -> str:
        return str(Validity(self.validity).label)


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    SCHEDULED = "scheduled", _("待定时发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class KeyArea(models.Model):
    """重点领域: the key areas of the seed's annex (task table), used to tag items and tasks."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    group = models.CharField(_("所属任务"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("重点领域")
        verbose_name_plural = _("重点领域")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """公开渠道和载体 (spec §6)."""

    GOV_WEBSITE = "GOV_WEBSITE", _("政府网站")
    GOV_GAZETTE = "GOV_GAZETTE", _("政府公报")
    NEW_MEDIA = "TWO_WEIBO_ONE_APP", _("两微一端")
    PRESS = "PRESS_HEARING", _("发布会/听证会")
    RADIO_TV = "RADIO_TV", _("广播电视")
    PRINT = "PRINT", _("纸质媒体")
    READING_POINT = "READING_POINT", _("公开查阅点")
    SERVICE_CENTER = "SERVICE_CENTER", _("政务服务中心")
    NOTICE_BOARD = "NOTICE_BOARD", _("公示栏（电子屏）")
    HOTLINE = "HOTLINE_12345", _("12345政务服务热线")
    OTHER = "OTHER", _("其他")


class CatalogFields(models.Model):
    """The standard fields of a catalog entry (基层政务公开标准目录, spec §6)."""

    matter = models.CharField(_("公开事项"), max_length=200, blank=True)
    content_elements = models.TextField(_("公开内容（要素）"), blank=True)
    legal_basis = models.TextField(_("公开依据"), blank=True)
    time_limit = models.CharField(
        _("公开时限"), max_length=100, blank=True, default="自信息形成或者变更之日起20个工作日内"
    )
    subject = models.CharField(_("公开主体"), max_length=100, blank=True)
    channels = models.JSONField(_("公开渠道和载体"), default=list, blank=True)
    audience = models.CharField(
        _("公开对象"),
        max_length=20,
        choices=[("public", _("全社会")), ("specific", _("特定群体"))],
        default="public",
    )
    mode = models.CharField(
        _("公开方式"),
        max_length=20,
        choices=[("proactive", _("主动")), ("on_request", _("依申请"))],
        default="proactive",
    )
    level = models.CharField(_("公开层级"), max_length=20, blank=True)

    class Meta:
        abstract = True


class ColumnTemplate(CatalogFields):
    """The standard catalog every unit starts from; the openness office adjusts it as data."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("栏目名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    description = models.TextField(_("栏目说明"), blank=True)

    class Meta:
        verbose_name = _("目录模板栏目")
        verbose_name_plural = _("目录模板")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ColumnQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Column(CatalogFields):
    """A column (栏目) of one unit's catalog (主动公开基本目录)."""

    unit = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="columns"
    )
    template = models.ForeignKey(
        ColumnTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.SlugField(_("代码"), max_length=60)
    name = models.CharField(_("栏目名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    description = models.TextField(_("栏目说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ColumnQuerySet.as_manager()

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["unit", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="column_code_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit.display_name} · {self.name}"

    def get_absolute_url(self) -> str:
        if self.code == "xxgk-guide":  # the guide is generated from the unit's data (publishing/guide.py)
            return reverse("publishing:guide", args=[self.unit_id])
        return reverse("publishing:column", args=[self.unit_id, self.pk])


class ReviewPolicy(models.Model):
    """How many review levels (1 to 3) a unit's items pass before publication."""

    unit = models.OneToOneField(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="review_policy"
    )
    levels = models.PositiveSmallIntegerField(
        _("审核级数"), default=1, choices=[(1, "1"), (2, "2"), (3, "3")]
    )

    class Meta:
        verbose_name = _("审核设置")
        verbose_name_plural = _("审核设置")

    def __str__(self) -> str:
        return f"{self.unit} · {self.levels}"


class IndexSequence(models.Model):
    """The per-issuer, per-year serial behind index numbers; rows are locked while a number is taken."""

    unit = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="index_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class PublishingConfig(models.Model):
    """Site-wide settings the openness office keeps (one row)."""

    index_format = models.CharField(
        _("索引号格式"),
        max_length=100,
        default="{code}/{year}-{serial:05d}",
        help_text=_("可用：{code} 统一社会信用代码，{year} 年份，{serial} 序号（如 {serial:05d} 补足5位）。"),
    )
    max_attachment_mb = models.PositiveIntegerField(_("附件大小上限（MB）"), default=50)

    class Meta:
        verbose_name = _("发布设置")
        verbose_name_plural = _("发布设置")

    def __str__(self) -> str:
        return str(_("发布设置"))

    @classmethod
    def current(cls) -> PublishingConfig:
        return cls.objects.first() or cls()


def ran_out(today: dt.date, prefix: str = "") -> models.Q:
    """Documents recorded as valid whose validity period (有效期至) ended before ``today``: expired today."""
    return models.Q(**{f"{prefix}validity": Validity.VALID, f"{prefix}valid_until__lt": today})


def in_validity(validity: str, *, today: dt.date | None = None, prefix: str = "") -> models.Q:
    """A filter for documents whose validity on ``today`` is ``validity``, derived from the dates as
    ``InformationItem.current_validity`` does: one whose period ran out counts as expired from the next day
    on, whether or not ``gongkai expire_documents`` has recorded it yet. ``prefix`` reaches the item through
    a relation (``"item__"``)."""
    today = today or timezone.localdate()
    recorded = models.Q(**{f"{prefix}validity": validity})
    if validity == Validity.VALID:
        return recorded & ~ran_out(today, prefix)
    if validity == Validity.EXPIRED:
        return recorded | ran_out(today, prefix)
    return recorded


class ItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, disclosure_mode=DisclosureMode.PROACTIVE)

    def in_validity(self, validity: str, today: dt.date | None = None):
        """Those whose validity on ``today`` (by default the Beijing day) is ``validity`` (``in_validity``)."""
        return self.filter(in_validity(validity, today=today))

    def with_listing(self):
        return self.select_related("unit").prefetch_related("columns")

    def with_details(self):
        """Everything an item's detail shows (unit, columns, key areas, attachments), fetched once per page."""
        return self.select_related("unit").prefetch_related("columns", "key_areas", "attachments")


class InformationItem(models.Model):
    """A piece of government information with its standard metadata (spec §4.6b)."""

    unit = models.ForeignKey(
        Organization, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="information_items"
    )
    index_no = models.CharField(
        _("索引号"), max_length=80, unique=True, null=True, blank=True, editable=False
    )
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("内容概述"), blank=True)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    # 发文机关 as the document names it (a joint document names several); empty when it is the unit itself.
    issuer = models.CharField(
        _("发文机关"),
        max_length=200,
        blank=True,
        help_text=_("联合发文时填写全部发文机关，用顿号分隔；与发布机构相同时可不填。"),
    )
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    formed_on = models.DateField(
        _("信息形成（变更）日期"),
        null=True,
        blank=True,
        help_text=_("自此日起20个工作日内应当公开；默认为成文日期。"),
    )
    topic = models.CharField(_("主题分类"), max_length=40, choices=Topic.choices, blank=True)
    genre = models.CharField(_("体裁"), max_length=20, choices=Genre.choices, blank=True)
    disclosure_mode = models.CharField(
        _("公开方式"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    nondisclosure_reason = models.CharField(_("不予公开理由"), max_length=300, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    valid_until = models.DateField(
        _("有效期至"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("有效期届满的次日起自动失效，原文显示失效标识。"),
    )
    validity_changed_on = models.DateField(_("失效/废止/修订日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("替代文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    validity_note = models.CharField(_("有效性说明"), max_length=300, blank=True)
    keywords = models.CharField(
        _("关键词"), max_length=200, blank=True, help_text=_("多个关键词用空格或逗号分隔。")
    )
    body = models.TextField(_("正文"), blank=True)
    body_text = models.TextField(editable=False, blank=True)
    columns = models.ManyToManyField(Column, verbose_name=_("所属栏目"), related_name="items", blank=True)
    key_areas = models.ManyToManyField(KeyArea, verbose_name=_("重点领域"), related_name="items", blank=True)

    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_levels = models.PositiveSmallIntegerField(_("审核级数"), default=1)
    review_level_done = models.PositiveSmallIntegerField(_("已完成审核级数"), default=0)
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    publish_due_on = models.DateField(_("应公开期限"), null=True, blank=True, db_index=True)
    publish_due_provisional = models.BooleanField(default=False)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "-published_at"]),
            # Public lists: the newest published items (and those of one unit) read in index order, and
            # counted from the index alone, however large the archive.
            models.Index(
                fields=["status", "disclosure_mode", "-published_at", "-id"], name="item_public_recent"
            ),
            models.Index(
                fields=["status", "disclosure_mode", "unit", "-published_at", "-id"], name="item_public_unit"
            ),
            # A column's links joined to their items to count the published ones: read from this index, not
            # from the rows (SQLite would read past each body to reach the status).
            models.Index(fields=["id", "status", "disclosure_mode"], name="item_public_by_id"),
            # The sitemap's pages of a site's items, newest key first: a deep page skips index entries only,
            # the unit checked in the index against the site's units.
            models.Index(fields=["status", "disclosure_mode", "-id", "unit"], name="item_public_by_key"),
            # The few items that are not public: a column's links are counted from their own index less
            # the links to these (queries.published_counts), never joined to every item.
            models.Index(
                fields=["id"],
                condition=~models.Q(status="published", disclosure_mode="proactive"),
                name="item_not_public",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publishing:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and self.disclosure_mode == DisclosureMode.PROACTIVE

    def current_validity(self, today: dt.date | None = None) -> CurrentValidity:
        """The validity on ``today``: a document whose period ran out is expired from the next day on, whether
        or not ``gongkai expire_documents`` has recorded it yet."""
        today = today or timezone.localdate()
        if self.validity == Validity.VALID and self.valid_until and today > self.valid_until:
            return CurrentValidity(Validity.EXPIRED, self.valid_until + dt.timedelta(days=1))
        return CurrentValidity(self.validity, self.validity_changed_on)

    @property
    def published_on_time(self) -> bool | None:
        """Whether publication came within 20 working days of formation (Art. 26); None if unknown."""
        if self.publish_due_on is None or self.published_at is None:
            return None
        return timezone.localdate(self.published_at) <= self.publish_due_on

    @property
    def is_late(self) -> bool:
        if self.publish_due_on is None:
            return False
        if self.published_at is None:
            return self.status not in (Status.WITHDRAWN,) and timezone.localdate() > self.publish_due_on
        return not self.published_on_time

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").split() if k]


class Revision(models.Model):
    """Every saved state of an item, for the history and its readable differences."""

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("修订记录")
        verbose_name_plural = _("修订记录")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} r{self.number}"


class ReviewStep(models.Model):
    """One reviewer's decision on one level of one submission."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("退回")

    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="review_steps")
    level = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} L{self.level} {self.decision}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{instance.sha256[:16]}.{instance.kind}"


class Attachment(models.Model):
    item = models.ForeignKey(InformationItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("附件名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=10)
    mime = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, editable=False)
    sort_order = models.PositiveIntegerField(default=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("publishing:attachment", args=[self.pk])

    @property
    def is_image(self) -> bool:
        """A picture the site can show in a page's body (PNG, JPG, GIF)."""
        return self.kind in {"png", "jpg", "gif"}

    def get_kind_label(self) -> str:
        from .files import KINDS

        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind.upper()

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class LexiconEntry(models.Model):
    """A word the openness office wants caught before publication."""

    class Kind(models.TextChoices):
        FORBIDDEN = "forbidden", _("禁用词")
        MISSPELLING = "misspelling", _("易错词")

    class Severity(models.TextChoices):
        BLOCK = "block", _("阻止发布")
        WARN = "warn", _("提示")

    term = models.CharField(_("词语"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    correction = models.CharField(_("正确写法"), max_length=100, blank=True)
    severity = models.CharField(_("处理方式"), max_length=8, choices=Severity.choices, default=Severity.WARN)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("词库")
        verbose_name_plural = _("词库")
        ordering = ["kind", "term"]

    def __str__(self) -> str:
        return self.term


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待处理")
    ADOPTED = "adopted", _("已采用")
    DECLINED = "declined", _("未采用")
    WITHDRAWN = "withdrawn", _("已撤回")


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SubmissionStatus.SUBMITTED)

    def with_listing(self):
        return self.select_related("item", "unit", "column", "column__unit", "submitted_by", "decided_by")


class Submission(models.Model):
    """信息报送: a unit offers one of its published items to a column of its government's portal (要闻,
    通知公告, a 专题); the portal's openness office adopts it (the item then also lists in that column) or
    declines it with a reason. The item keeps its own unit as its source."""

    item = models.ForeignKey(
        InformationItem, verbose_name=_("报送信息"), on_delete=models.CASCADE, related_name="submissions"
    )
    # The submitting unit (the item's unit when submitted), kept for the per-unit counts.
    unit = models.ForeignKey(
        Organization, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="submissions"
    )
    column = models.ForeignKey(
        Column, verbose_name=_("报送栏目"), on_delete=models.PROTECT, related_name="submissions"
    )
    note = models.CharField(_("报送说明"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.CharField(_("处理意见"), max_length=300, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.column_id}"

    @property
    def is_pending(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED
