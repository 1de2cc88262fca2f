"""政民互动: channels (mailboxes), messages, their handling events and public replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.dates import add_months
from gongkai.core.models import Organization


class ChannelKind(models.TextChoices):
    MAILBOX = "mailbox", _("领导信箱")
    CONSULTATION = "consultation", _("咨询")
    SUGGESTION = "suggestion", _("建议")
    COMPLAINT = "complaint", _("投诉")


DEFAULT_REPLY_DAYS = {ChannelKind.CONSULTATION: 5}  # others: 10 working days [D], configurable per channel


class Channel(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=ChannelKind.choices)
    unit = models.ForeignKey(
        Organization, verbose_name=_("受理单位"), on_delete=models.PROTECT, related_name="channels"
    )
    reply_days = models.PositiveSmallIntegerField(_("答复时限（工作日）"), default=10)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("留言渠道")
        verbose_name_plural = _("留言渠道")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    REPLY_REVIEW = "reply_review", _("答复待审核")
    ANSWERED = "answered", _("已答复")
    REJECTED = "rejected", _("不予受理")
    MERGED = "merged", _("已合并")


# Statuses in which a message still waits for its reply (the clock runs, reminders are due).
OPEN = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.REPLY_REVIEW})


class ReminderStage(models.TextChoices):
    """How far the handling unit has been reminded; each stage is sent once, in this order."""

    NONE = "", _("未提醒")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超过答复期限")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class MessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def listed(self):
        """What the public list shows: answered, consented by the writer, approved by staff."""
        return self.filter(status=Status.ANSWERED, public_consent=True, is_public=True)


class Message(models.Model):
    query_code = models.CharField(_("查询码"), max_length=20, unique=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # what was submitted with the key: a retry must carry the same content (antiabuse.digest)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    channel = models.ForeignKey(
        Channel, verbose_name=_("渠道"), on_delete=models.PROTECT, related_name="messages"
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="messages"
    )
    subject = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("内容"))
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    public_consent = models.BooleanField(_("同意公开"), default=True)
    ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("留言时间"), default=timezone.now)
    received_on = models.DateField(_("受理日期"))
    due_on = models.DateField(_("答复期限"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    reject_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    reply_text = models.TextField(_("答复内容"), blank=True)
    # 经办人: the staff member of the handling unit the message is assigned to (分派); cleared on transfer.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_unit = models.ForeignKey(
        Organization,
        verbose_name=_("答复单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    reply_working_days = models.PositiveSmallIntegerField(_("答复用时（工作日）"), null=True, blank=True)
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_body = models.TextField(_("公开内容（已隐去个人信息）"), blank=True)
    is_public = models.BooleanField(_("公开展示"), default=False)
    flagged_terms = models.JSONField(_("词库提示"), default=list, blank=True)
    rating = models.CharField(_("满意度"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # The last deadline reminder sent; the scanner claims the next stage with a conditional update.
    reminded_stage = models.CharField(
        max_length=10, choices=ReminderStage.choices, default=ReminderStage.NONE, blank=True, editable=False
    )

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "status", "due_on"]), models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.query_code} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("interaction:message", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        if self.replied_on:
            return self.replied_on > self.due_on
        return self.status in OPEN and timezone.localdate() > self.due_on

    @property
    def veto_overdue(self) -> bool:
        """Unanswered for more than three months: the national inspection's veto indicator (spec §4.5)."""
        return (
            self.replied_on is None
            and self.status in OPEN
            and self.received_on < three_months_before(timezone.localdate())
        )


def three_months_before(day):
    """The same day three calendar months earlier (the last day of that month when it has fewer days)."""
    return add_months(day, -3)


class EventKind(models.TextChoices):
    RECEIVED = "received", _("收到留言")
    ACCEPTED = "accepted", _("审看通过")
    REJECTED = "rejected", _("不予受理")
    MERGED = "merged", _("合并重复留言")
    TRANSFERRED = "transferred", _("转办")
    ASSIGNED = "assigned", _("分派经办人")
    REPLY_DRAFTED = "reply_drafted", _("拟写答复")
    REPLY_RETURNED = "reply_returned", _("答复退回修改")
    ANSWERED = "answered", _("答复")
    PUBLISHED = "published", _("公开展示")
    RATED = "rated", _("留言人评价")


class MessageEvent(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    on = models.DateField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class FaqEntry(models.Model):
    """简明问答: a good answer turned into a frequently asked question."""

    question = models.CharField(_("问题"), max_length=200)
    answer = models.TextField(_("解答"))
    unit = models.ForeignKey(
        Organization, verbose_name=_("解答单位"), on_delete=models.PROTECT, related_name="faqs"
    )
    source = models.ForeignKey(
        Message,
        verbose_name=_("来源留言"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faqs",
    )
    is_published = models.BooleanField(_("发布"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("常见问答")
        verbose_name_plural = _("常见问答")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question


class ReplyTemplate(models.Model):
    """常用回复: a reply text staff start from. A unit's templates serve its own messages and those of the
    units below it (the city's templates serve every department)."""

    title = models.CharField(_("名称"), max_length=60)
    body = models.TextField(_("回复内容"))
    unit = models.ForeignKey(
        Organization, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="reply_templates"
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("常用回复")
        verbose_name_plural = _("常用回复")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class MessageAttachment(models.Model):
    """A picture or PDF the writer attached; never public (it may show people, plates, documents)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="messages/%Y/%m/")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        from gongkai.publishing.files import KINDS

        found = KINDS.get(self.kind)
        return f"{found.label}（{found.extension.upper()}）" if found else self.kind
