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


class ConsultationKind(models.Model):
    """A kind of draft (草案类别) and the shortest public-comment period its rules allow, with the basis: data
    the openness office keeps (``/manage/participation/kinds/``). Several kinds may apply to one draft; the
    longest period wins (:mod:`gongkai.participation.periods`)."""

    class DayCount(models.TextChoices):
        CALENDAR = "calendar", _("日")
        WORKING = "working", _("个工作日")

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("草案类别"), max_length=50)
    minimum = models.PositiveSmallIntegerField(
        _("最短征求意见期限"), default=0, help_text=_("0 表示不设最短期限。")
    )
    day_count = models.CharField(
        _("期限计算方式"), max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("草案类别")
        verbose_name_plural = _("草案类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def minimum_label(self) -> str:
        """「30日」, 「7个工作日」, or 「不设最短期限」."""
        if not self.minimum:
            return str(_("不设最短期限"))
        return f"{self.minimum}{self.DayCount(self.day_count).label}"


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
    kinds = models.ManyToManyField(
        ConsultationKind, verbose_name=_("草案类别"), blank=True, related_name="consultations",
        help_text=_("可多选；适用多个类别的，按最长的最短期限计算。"),
    )  # fmt: skip
    shortened_reason = models.TextField(
        _("缩短征求意见期限的理由"), blank=True,
        help_text=_("征求意见期限短于该类草案的最短期限时必须填写，理由将与起止时间一并公开。"),
    )  # fmt: skip
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

    @property
    def concerns_enterprises(self) -> bool:
        """A draft closely concerning market entities' business (涉企政策: 优化营商环境条例 Art. 62)."""
        return any(kind.code == "enterprise" for kind in self.kinds.all())

    state_label.fget.short_description = _("状态")  # the admin's column title


class Clause(models.Model):
    """One clause of a draft (第X条, or a numbered paragraph), split from the draft text
    (:mod:`gongkai.participation.clauses`) so that comments, replies and the adoption report can name it."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    label = models.CharField(_("条目"), max_length=30, help_text=_("如：第三条、二、3."))
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="one_clause_number_a_draft")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def anchor(self) -> str:
        return f"clause-{self.number}"

    @property
    def heading(self) -> str:
        """What a heading names the clause by: 「第三条」 says enough; a bare number (一、 1.) gets the clause's
        first words, 「一、调整范围……」, so that a reader knows which it is."""
        if self.label.startswith("第"):
            return self.label
        words = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.label}{words[:12]}{'……' if len(words) > 12 else ''}"


class CommentGroup(models.Model):
    """Comments of the same substance, answered once: adopted, partly adopted or not, with the reason."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.CASCADE, related_name="groups"
    )
    clause = models.ForeignKey(
        Clause, verbose_name=_("条文"), null=True, blank=True, on_delete=models.SET_NULL, related_name="groups",
        help_text=_("留空表示针对草案整体的意见。"),
    )  # fmt: skip
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
    clause = models.ForeignKey(
        Clause, verbose_name=_("条文"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments", help_text=_("留空表示针对草案整体的意见。"),
    )  # fmt: skip
    invitation = models.ForeignKey(
        "Invitation", verbose_name=_("定向征询"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments",
    )  # fmt: skip
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
    reply = models.TextField(_("回复"), blank=True, help_text=_("对这条意见的回复，随意见一并公开。"))
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    notified_at = models.DateTimeField(
        _("采纳情况告知时间"), null=True, blank=True, help_text=_("采纳情况发布后告知留有联系方式的提出人。")
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


# 定向征询: representative enterprises, chambers, associations and the lawyers' association -------------------


class Stakeholder(models.Model):
    """An entry of the directory of those asked directly about drafts concerning enterprises (企业家、行业协会商会、
    律师协会). The contact is the unit's working contact, never shown on a public page, feed or export."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        CHAMBER = "chamber", _("商会")
        ASSOCIATION = "association", _("行业协会")
        LAWYERS = "lawyers", _("律师协会")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    sector = models.CharField(_("行业"), max_length=50, help_text=_("如：制造业、建筑业、批发和零售业"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    keeper = models.ForeignKey(
        Organization, verbose_name=_("维护单位"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("征询对象")
        verbose_name_plural = _("征询对象名录")
        ordering = ["sector", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A consultation's invitation to one directory entry, with its personal link (``token``) to comment without
    an account."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.CASCADE, related_name="invitations"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("征询对象"), on_delete=models.PROTECT, related_name="invitations"
    )
    token = models.CharField(_("链接凭据"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    letter_printed_at = models.DateTimeField(_("邀请函打印时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征询邀请")
        verbose_name_plural = _("征询邀请")
        ordering = ["consultation", "stakeholder__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "stakeholder"], name="one_invitation_a_stakeholder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} · {self.stakeholder}"

    def get_absolute_url(self) -> str:
        return reverse("participation:invitation", args=[self.token])


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

    class Category(models.TextChoices):
        """How the reply classes the outcome, as replies customarily do."""

        A = "A", _("A类：所提问题已经解决或采纳")
        B = "B", _("B类：所提问题正在解决或列入计划解决")
        C = "C", _("C类：因条件限制或其他原因暂不能解决")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically", _("基本满意")
        DISSATISFIED = "dissatisfied", _("不满意")

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
    category = models.CharField(_("答复类别"), max_length=1, choices=Category.choices, blank=True)
    satisfaction = models.CharField(
        _("代表委员满意度"), max_length=12, choices=Satisfaction.choices, blank=True,
        help_text=_("代表或委员退回的征询意见表所填。"),
    )  # fmt: skip
    satisfaction_on = models.DateField(_("意见反馈日期"), null=True, blank=True)

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
