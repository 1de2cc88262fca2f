"""公众参与: consultations on drafts (意见征集) with public comments and the adoption report (意见采纳情况)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization
from gongkai.publishing.models import InformationItem


class State(models.TextChoices):
    """Derived from the times and the report, never stored: the seed asks every listing to show it."""

    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("征集中")
    CLOSED = "closed", _("已结束")
    REPORTED = "reported", _("已反馈")


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def open_at(self, now):
        return self.public().filter(starts_at__lte=now, ends_at__gt=now)


class Consultation(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    unit = models.ForeignKey(
        Organization, verbose_name=_("征集单位"), on_delete=models.PROTECT, related_name="+"
    )
    draft = models.TextField(_("征求意见稿"))
    explanation = models.TextField(_("起草说明"), blank=True)
    basis = models.TextField(_("制定依据"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    contact = models.CharField(
        _("联系方式"), max_length=200, blank=True, help_text=_("如：电话、电子邮箱、通信地址")
    )
    is_published = models.BooleanField(_("已发布"), default=False)
    report = models.TextField(_("意见采纳情况说明"), blank=True)
    report_published_at = models.DateTimeField(_("采纳情况发布时间"), null=True, blank=True)
    decision = models.ForeignKey(
        InformationItem, verbose_name=_("最终文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consultations", help_text=_("决策或文件正式发布后关联，页面互相链接。"),
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="consultation_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:consultation", args=[self.pk])

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.starts_at:
            return State.UPCOMING
        if now < self.ends_at:
            return State.OPEN
        return State.REPORTED if self.report_published_at else State.CLOSED

    @property
    def state_label(self) -> str:
        return str(State(self.state()).label)

    state_label.fget.short_description = _("状态")  # the admin's column title


class CommentGroup(models.Model):
    """Comments of the same substance, answered once: adopted, partly adopted or not, with the reason."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="groups")
    summary = models.CharField(_("意见概要"), max_length=300)
    decision = models.CharField(_("采纳情况"), max_length=12, choices=Decision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("意见归类")
        verbose_name_plural = _("意见归类")
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return self.summary


class Comment(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("待审核")
        PUBLISHED = "published", _("已公开")
        HIDDEN = "hidden", _("不公开")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.PROTECT, related_name="comments"
    )
    name = models.CharField(_("姓名或单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)  # never public
    body = models.TextField(_("意见建议"))
    public_body = models.TextField(_("公开内容"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    group = models.ForeignKey(
        CommentGroup,
        verbose_name=_("归类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # what was submitted with the key: a retry must carry the same content (antiabuse.digest)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["consultation", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.consultation} · {self.submitted_at:%Y-%m-%d %H:%M}"


# 重大行政决策事项目录 ------------------------------------------------------------------------------------------


class Method(models.TextChoices):
    HEARING = "hearing", _("听证会")
    SYMPOSIUM = "symposium", _("座谈会")
    ONLINE = "online", _("网上征求意见")
    EXPERT = "expert", _("专家论证")
    RISK = "risk", _("风险评估")
    SURVEY = "survey", _("问卷调查")


class DecisionCatalog(models.Model):
    """A government's yearly catalog of major administrative decisions."""

    unit = models.ForeignKey(
        Organization, verbose_name=_("决策机关"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    is_published = models.BooleanField(_("已公布"), default=False)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("重大行政决策事项目录")
        verbose_name_plural = _("重大行政决策事项目录")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_decision_catalog_a_year")]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年度重大行政决策事项目录"


class DecisionMatter(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("拟决策")
        CONSULTING = "consulting", _("征求意见中")
        DECIDED = "decided", _("已决策")
        ADJUSTED = "adjusted", _("已调整")
        WITHDRAWN = "withdrawn", _("已撤回")

    catalog = models.ForeignKey(
        DecisionCatalog, verbose_name=_("事项目录"), on_delete=models.CASCADE, related_name="matters"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    title = models.CharField(_("决策事项"), max_length=200)
    lead_unit = models.ForeignKey(
        Organization, verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    planned = models.CharField(_("计划完成时间"), max_length=50, help_text=_("如：2026年第三季度"))
    methods = models.JSONField(_("公众参与方式"), default=list, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_note = models.CharField(_("状态说明"), max_length=300, blank=True)
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("意见征集"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.ForeignKey(
        InformationItem,
        verbose_name=_("决策文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("决策事项")
        verbose_name_plural = _("决策事项")
        ordering = ["catalog", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def method_labels(self) -> list[str]:
        return [str(Method(m).label) for m in self.methods if m in Method.values]


# 建议提案办理 ----------------------------------------------------------------------------------------------------


class Proposal(models.Model):
    """An NPC deputy's suggestion or a CPPCC member's proposal assigned to the government for handling."""

    class Kind(models.TextChoices):
        NPC = "npc", _("人大代表建议")
        CPPCC = "cppcc", _("政协提案")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("已交办")
        REPLIED = "replied", _("已答复")

    kind = models.CharField(_("类别"), max_length=6, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.CharField(_("编号"), max_length=20, help_text=_("如：第123号"))
    title = models.CharField(_("标题"), max_length=200)
    authors = models.CharField(_("提出人"), max_length=200)
    lead_unit = models.ForeignKey(
        Organization, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="+"
    )
    co_units = models.ManyToManyField(Organization, verbose_name=_("协办单位"), blank=True, related_name="+")
    assigned_on = models.DateField(_("交办日期"))
    deadline = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ASSIGNED)
    reply = models.TextField(_("答复全文"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_public = models.BooleanField(_("公开答复全文"), default=True)
    not_public_reason = models.CharField(_("不公开理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("建议提案")
        verbose_name_plural = _("建议提案")
        ordering = ["-year", "kind", "number"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"], name="one_proposal_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal", args=[self.pk])

    @property
    def on_time(self) -> bool | None:
        return None if self.replied_on is None else self.replied_on <= self.deadline


# 会议公开 ----------------------------------------------------------------------------------------------------


class Meeting(models.Model):
    """A government meeting opened to stakeholders, the public, experts and the media."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("政府全体会议")
        EXECUTIVE = "executive", _("政府常务会议")
        OTHER = "other", _("其他会议")

    unit = models.ForeignKey(
        Organization, verbose_name=_("召开单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("会议类型"), max_length=10, choices=Kind.choices, default=Kind.EXECUTIVE)
    title = models.CharField(_("会议名称"), max_length=200)
    held_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    agenda = models.TextField(_("议题"), help_text=_("每行一个议题。"))
    apply_until = models.DateTimeField(
        _("列席报名截止"), null=True, blank=True, help_text=_("不开放报名的留空。")
    )
    seats = models.PositiveSmallIntegerField(_("列席名额"), default=0)
    livestream_url = models.URLField(_("直播地址"), blank=True)
    is_published = models.BooleanField(_("已发布"), default=False)
    decisions = models.TextField(_("会议决定事项"), blank=True)
    materials = models.ManyToManyField(
        InformationItem, verbose_name=_("会议材料与文件"), blank=True, related_name="+"
    )
    withheld = models.TextField(
        _("未公开内容及理由"), blank=True, help_text=_("依法不予公开的议题或材料，并说明理由。")
    )
    outcome_published_at = models.DateTimeField(_("会后公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议公开")
        verbose_name_plural = _("会议公开")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:meeting", args=[self.pk])

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def accepts_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.is_published and self.apply_until and self.seats and now < self.apply_until <= self.held_at
        )


class AttendanceApplication(models.Model):
    """An application to attend (列席); the applicant's name and contact are never public."""

    class Category(models.TextChoices):
        STAKEHOLDER = "stakeholder", _("利益相关方代表")
        PUBLIC = "public", _("公众代表")
        EXPERT = "expert", _("专家")
        MEDIA = "media", _("媒体")

    class Status(models.TextChoices):
        APPLIED = "applied", _("已报名")
        SELECTED = "selected", _("已确定列席")
        DECLINED = "declined", _("未安排")
        ATTENDED = "attended", _("已列席")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="applications")
    category = models.CharField(_("身份类别"), max_length=12, choices=Category.choices)
    name = models.CharField(_("姓名"), max_length=50)
    organization = models.CharField(_("工作单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系电话"), max_length=30)
    reason = models.TextField(_("报名理由或拟提意见"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    opinion = models.TextField(_("会上发表的意见"), blank=True)
    feedback = models.TextField(_("意见采纳反馈"), blank=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # what was submitted with the key: a retry must carry the same content (antiabuse.digest)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("列席报名")
        verbose_name_plural = _("列席报名")
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_category_display()}"
