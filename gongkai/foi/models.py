"""依申请公开: applications, their events, outcomes in the annual report's categories, appeals."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import Organization


class ApplicantType(models.TextChoices):
    """The applicant columns of table 3 of the annual report (spec §3.3)."""

    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "legal_commercial", _("商业企业")
    RESEARCH = "legal_research", _("科研机构")
    SOCIAL_WELFARE = "legal_social_welfare", _("社会公益组织")
    LEGAL_SERVICES = "legal_legal_services", _("法律服务机构")
    OTHER = "legal_other", _("其他法人或组织")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    FOREIGN_PERMANENT = "foreign_permanent", _("外国人永久居留身份证")
    CREDIT_CODE = "credit_code", _("统一社会信用代码证明")
    OTHER = "other", _("其他有效证件")


class Channel(models.TextChoices):
    """How the application arrived; it decides the receipt date (Art. 31, spec §1.2)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    MAIL_SIGNED = "mail_signed", _("邮寄（需签收）")
    MAIL_UNSIGNED = "mail_unsigned", _("平常信函")
    FAX = "fax", _("传真")
    ORAL = "oral", _("口头提出（代为填写）")


class Form(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    ON_SITE = "on_site", _("当场阅读、抄录")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class Status(models.TextChoices):
    """Lifecycle; the outcome is kept apart (froide's lesson), and "overdue" is derived, never stored."""

    RECEIVED = "received", _("已登记")
    CORRECTION = "correction", _("待补正")
    IN_PROGRESS = "in_progress", _("办理中")
    PAUSED = "paused", _("征求意见中")
    FEE_PENDING = "fee_pending", _("待缴费")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class Outcome(models.TextChoices):
    """Reply outcomes, exactly the result rows of table 3 of the annual report (spec §1.5, §3.3)."""

    GRANTED = "granted", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    DENIED_STATE_SECRET = "denied_state_secret", _("不予公开：属于国家秘密")
    DENIED_LAW_PROHIBITS = "denied_law_prohibits", _("不予公开：其他法律行政法规禁止公开")
    DENIED_SECURITY_STABILITY = "denied_security_stability", _("不予公开：危及“三安全一稳定”")
    DENIED_THIRD_PARTY = "denied_third_party", _("不予公开：保护第三方合法权益")
    DENIED_INTERNAL_AFFAIRS = "denied_internal_affairs", _("不予公开：属于三类内部事务信息")
    DENIED_PROCESS_INFO = "denied_process_info", _("不予公开：属于四类过程性信息")
    DENIED_ENFORCEMENT_FILE = "denied_enforcement_file", _("不予公开：属于行政执法案卷")
    DENIED_ADMIN_QUERY = "denied_admin_query", _("不予公开：属于行政查询事项")
    UNABLE_NOT_HELD = "unable_not_held", _("无法提供：本机关不掌握相关政府信息")
    UNABLE_NEEDS_CREATION = "unable_needs_creation", _("无法提供：没有现成信息需要另行制作")
    UNABLE_STILL_UNCLEAR = "unable_still_unclear", _("无法提供：补正后申请内容仍不明确")
    NP_PETITION = "np_petition", _("不予处理：信访举报投诉类申请")
    NP_DUPLICATE = "np_duplicate", _("不予处理：重复申请")
    NP_PUBLICATION = "np_publication", _("不予处理：要求提供公开出版物")
    NP_EXCESSIVE = "np_excessive", _("不予处理：无正当理由大量反复申请")
    NP_CONFIRM_REISSUE = "np_confirm_reissue", _("不予处理：要求行政机关确认或重新出具已获取信息")
    OTHER_OVERDUE_CORRECTION = "other_overdue_correction", _("其他处理：申请人无正当理由逾期不补正")
    OTHER_OVERDUE_FEE = "other_overdue_fee", _("其他处理：申请人逾期未缴纳信息处理费")
    OTHER_MISC = "other_misc", _("其他处理：其他")


# The legal basis each outcome is normally given (spec §1.5); staff may state a more precise one.
OUTCOME_BASIS = {
    Outcome.GRANTED: "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    Outcome.PARTIAL: "《中华人民共和国政府信息公开条例》第三十七条",
    Outcome.DENIED_STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条",
    Outcome.DENIED_LAW_PROHIBITS: "《中华人民共和国政府信息公开条例》第十四条",
    Outcome.DENIED_SECURITY_STABILITY: "《中华人民共和国政府信息公开条例》第十四条",
    Outcome.DENIED_THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条、第三十二条",
    Outcome.DENIED_INTERNAL_AFFAIRS: "《中华人民共和国政府信息公开条例》第十六条第一款",
    Outcome.DENIED_PROCESS_INFO: "《中华人民共和国政府信息公开条例》第十六条第二款",
    Outcome.DENIED_ENFORCEMENT_FILE: "《中华人民共和国政府信息公开条例》第十六条第二款",
    Outcome.DENIED_ADMIN_QUERY: "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
    Outcome.UNABLE_NOT_HELD: "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
    Outcome.UNABLE_NEEDS_CREATION: "《中华人民共和国政府信息公开条例》第三十八条",
    Outcome.UNABLE_STILL_UNCLEAR: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.NP_PETITION: "《中华人民共和国政府信息公开条例》第三十九条第一款",
    Outcome.NP_DUPLICATE: "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
    Outcome.NP_PUBLICATION: "《中华人民共和国政府信息公开条例》第三十九条第二款",
    Outcome.NP_EXCESSIVE: "《中华人民共和国政府信息公开条例》第三十五条",
    Outcome.NP_CONFIRM_REISSUE: "",
    Outcome.OTHER_OVERDUE_CORRECTION: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.OTHER_OVERDUE_FEE: "《政府信息公开信息处理费管理办法》",
    Outcome.OTHER_MISC: "",
}


class HelpNeed(models.TextChoices):
    """The help an applicant asks for (Art. 43: reading, visual or hearing difficulties; Art. 29: writing)."""

    READING = "reading", _("阅读困难")
    VISUAL = "visual", _("视力障碍")
    HEARING = "hearing", _("听力障碍")
    WRITING = "writing", _("书写困难")


# Outcomes whose notice says reconsideration comes first (复议前置, 行政复议法 2023 第二十三条第一款第（四）项):
# the default of ProcedureSettings.prior_review_outcomes (spec §1.9), which the openness office may change.
DEFAULT_PRIOR_REVIEW_OUTCOMES: tuple[str, ...] = (
    Outcome.PARTIAL,
    Outcome.DENIED_STATE_SECRET,
    Outcome.DENIED_LAW_PROHIBITS,
    Outcome.DENIED_SECURITY_STABILITY,
    Outcome.DENIED_THIRD_PARTY,
    Outcome.DENIED_INTERNAL_AFFAIRS,
    Outcome.DENIED_PROCESS_INFO,
    Outcome.DENIED_ENFORCEMENT_FILE,
    Outcome.DENIED_ADMIN_QUERY,
)


def default_prior_review_outcomes() -> list[str]:
    return [str(outcome) for outcome in DEFAULT_PRIOR_REVIEW_OUTCOMES]


# What an application says (Art. 29), in the order every form, screen and schema shows it: defined here
# once, so the public form, the staff intake, the desk and the API ask for and show the same fields.
APPLICANT_FIELDS: tuple[str, ...] = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "address",
    "postcode",
)
REQUEST_FIELDS: tuple[str, ...] = ("description", "doc_number_hint", "purpose", "form", "delivery")
APPLICATION_FIELDS: tuple[str, ...] = APPLICANT_FIELDS + REQUEST_FIELDS

FINISHED_STATUSES = frozenset({Status.ANSWERED, Status.CLOSED})


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def due_before(self, day):
        return self.open().filter(due_on__lte=day)

    def with_events(self):
        """Each application's events fetched in one query for the page (the timeline reads them)."""
        return self.prefetch_related("events")


class Application(models.Model):
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # what was submitted with the key: a retry must carry the same content (antiabuse.digest)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    unit = models.ForeignKey(
        Organization, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="applications"
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)

    description = models.TextField(_("所需信息的名称或描述"))
    doc_number_hint = models.CharField(_("文号或其他特征"), max_length=200, blank=True)
    purpose = models.TextField(_("用途（选填）"), blank=True)
    form = models.CharField(_("信息的提供形式"), max_length=20, choices=Form.choices, default=Form.ELECTRONIC)
    delivery = models.CharField(
        _("获取方式"), max_length=20, choices=Delivery.choices, default=Delivery.EMAIL
    )

    channel = models.CharField(_("提交方式"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(_("收到申请日期"), help_text=_("答复期限自此日起算（条例第三十一条）。"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(default=False)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)

    outcome = models.CharField(
        _("办理结果"), max_length=40, choices=Outcome.choices, blank=True, db_index=True
    )
    legal_basis = models.CharField(_("法律依据"), max_length=300, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    withheld_note = models.TextField(_("不予公开部分及理由"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # The smallest "working days left" threshold (5, 3, 1) staff have been reminded at; None: none yet.
    reminded_at_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # Art. 44: the item the released information was proposed as for proactive disclosure. The link runs
    # from the application only: the item knows nothing of who asked.
    published_as = models.ForeignKey(
        "publishing.InformationItem",
        verbose_name=_("转为主动公开的信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Art. 43 / Art. 29: the help the applicant asked for (HelpNeed values) and how to reach them for it.
    # Personal data: shown to the handling unit only, never on a public page, feed, export or log.
    help_needs = models.JSONField(_("需要的帮助"), default=list, blank=True)
    help_contact = models.CharField(_("提供帮助的联系方式"), max_length=200, blank=True)
    # Art. 29: an oral application written down by staff, read back to the applicant and confirmed.
    oral_read_back = models.BooleanField(_("已向申请人宣读并经确认"), default=False)
    # Art. 36(1): the reply pointed the applicant to this already published item (counted as 予以公开).
    answered_with_item = models.ForeignKey(
        "publishing.InformationItem",
        verbose_name=_("答复所指引的已公开信息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("admin:foi_application_change", args=[self.pk])

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED_STATUSES

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.due_on is None:
            return False
        if self.is_open:
            return today > self.due_on
        return self.answered_on is not None and self.answered_on > self.due_on


class EventKind(models.TextChoices):
    RECEIVED = "received", _("登记受理")
    CORRECTION_REQUESTED = "correction_requested", _("要求补正")
    CORRECTION_RECEIVED = "correction_received", _("收到补正")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")
    CONSULTATION_ENDED = "consultation_ended", _("收到意见")
    FEE_NOTICE_SENT = "fee_notice_sent", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳费用")
    EXTENDED = "extended", _("延长答复期限")
    DELAYED_EXCESSIVE = "delayed_excessive", _("确定延迟答复期限（条例第三十五条）")
    TRANSFERRED = "transferred", _("转办")
    ANSWERED = "answered", _("作出答复")
    DELIVERED = "delivered", _("送达")
    CLOSED = "closed", _("办结")
    HELP_GIVEN = "help_given", _("为申请人提供帮助")
    NOTE = "note", _("办理记录")


class Event(models.Model):
    """One step of an application; the clock is recomputed from these."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=30, choices=EventKind.choices)
    on = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_on_after = models.DateField(_("此后答复期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理过程")
        verbose_name_plural = _("办理过程")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class Appeal(models.Model):
    """An administrative reconsideration or lawsuit about an application (table 4 of the annual report)."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("行政复议")
        LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
        LITIGATION_AFTER_REVIEW = "litigation_after_review", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    filed_on = models.DateField(_("提起日期"))
    body = models.CharField(_("复议机关或法院"), max_length=100)
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("复议诉讼")
        verbose_name_plural = _("复议诉讼")
        ordering = ["-filed_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"


class DocumentKind(models.TextChoices):
    """What a file of an application is (the staff API's ``kind``)."""

    APPLICANT = "applicant", _("申请人提交的材料")
    RELEASED = "released", _("公开的政府信息")
    NOTICE = "notice", _("告知书")


class DocumentPurpose(models.TextChoices):
    """Why an applicant's file was given."""

    IDENTITY = "identity", _("身份证明")
    SUPPORTING = "supporting", _("其他材料")
    CORRECTION = "correction", _("补正材料")


def document_path(instance: ApplicationDocument, filename: str) -> str:
    # A random name: the stored path says nothing of the applicant or the content.
    return f"foi/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.file_kind}"


class ApplicationDocument(models.Model):
    """A file of an application: what the applicant gave (identity proof, other material, a correction),
    the released information and the notices. Never public: the applicant's files reach the handling unit
    only, every view audited; the released files and notices reach the applicant through the tracking page's
    links. An applicant's file is deleted ``GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS`` after the application is
    closed; its row stays, with the day it went (``purged_on``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("类别"), max_length=20, choices=DocumentKind.choices)
    purpose = models.CharField(_("用途"), max_length=20, choices=DocumentPurpose.choices, blank=True)
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(upload_to=document_path, blank=True)
    file_kind = models.CharField(_("文件类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    # The applicant's first download (released files and notices): evidence of service (送达).
    first_downloaded_at = models.DateTimeField(_("申请人首次下载"), null=True, blank=True)
    purged_on = models.DateField(_("文件删除日期"), null=True, blank=True)
    # Redaction (部分公开, Art. 37): the version made from another file, with the marks applied (page, box,
    # basis; never the words searched for); the file it was made from is kept, withheld from the applicant.
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="redacted_versions"
    )
    redactions = models.JSONField(_("遮盖处理"), default=list, blank=True)
    withheld = models.BooleanField(_("不提供给申请人"), default=False)

    class Meta:
        verbose_name = _("申请文件")
        verbose_name_plural = _("申请文件")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "purged_on"])]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        from gongkai.publishing.files import KINDS

        found = KINDS.get(self.file_kind)
        if found is None:
            return self.file_kind.upper()
        extension = found.extension.upper()
        return found.label if found.label.upper() == extension else f"{found.label}（{extension}）"


class ProcedureSettings(models.Model):
    """What the openness office sets for the procedure of every unit (one row): which outcomes' notices say
    reconsideration comes first (复议前置), the limit for a correction of records (Art. 41, no limit in the
    Regulation) and for another organ's answer to a consultation (Art. 34). Read with :meth:`current`."""

    prior_review_outcomes = models.JSONField(
        _("复议前置的办理结果"),
        default=default_prior_review_outcomes,
        blank=True,
        help_text=_("告知书对这些办理结果写明“先申请行政复议，对复议决定不服的再提起行政诉讼”。"),
    )
    record_correction_days = models.PositiveSmallIntegerField(_("更正申请办理期限（工作日）"), default=20)
    organ_consultation_days = models.PositiveSmallIntegerField(
        _("征求其他机关意见的期限（工作日）"), default=15
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("依申请公开办理规则")
        verbose_name_plural = _("依申请公开办理规则")

    def __str__(self) -> str:
        return str(_("依申请公开办理规则"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one row, whoever saves it: two first saves cannot make two
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> ProcedureSettings:
        """The one row (key 1), or the defaults before anyone saved them."""
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls()


# Correction of records (条例第四十一条, spec §1.10) -------------------------------------------------------


class CorrectionStatus(models.TextChoices):
    RECEIVED = "received", _("已登记")
    IN_PROGRESS = "in_progress", _("办理中")
    CLOSED = "closed", _("已办结")


class CorrectionOutcome(models.TextChoices):
    """What the organ did with a request to correct a record (Art. 41); not a row of table 3."""

    CORRECTED = "corrected", _("予以更正")
    TRANSFERRED = "transferred", _("转送有权更正的行政机关处理")
    REFERRED = "referred", _("告知向有权更正的行政机关提出")
    REFUSED = "refused", _("不予更正")


# What a request to correct a record says (Art. 41), in the order the form, the intake and the API show it.
CORRECTION_APPLICANT_FIELDS: tuple[str, ...] = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
)
CORRECTION_REQUEST_FIELDS: tuple[str, ...] = ("record_name", "current_text", "requested_text", "reason")
CORRECTION_FIELDS: tuple[str, ...] = (
    CORRECTION_APPLICANT_FIELDS + CORRECTION_REQUEST_FIELDS + ("help_needs", "help_contact")
)


class RecordCorrectionQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=CorrectionStatus.CLOSED)


class RecordCorrection(models.Model):
    """A request to correct government-information records about the applicant (Art. 41): its own kind of
    case beside applications, with the same privacy (the applicant's identity and contacts reach the handling
    unit only, every look audited) and a limit the openness office sets
    (``ProcedureSettings.record_correction_days`` working days from receipt)."""

    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    unit = models.ForeignKey(
        Organization, verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="record_corrections"
    )

    applicant_type = models.CharField(_("申请人类型"), max_length=30, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)

    record_name = models.CharField(
        _("需要更正的政府信息"),
        max_length=300,
        help_text=_("记载您的信息的证照、登记、档案等的名称，如“不动产登记簿”“企业登记档案”。"),
    )
    current_text = models.TextField(_("现记载内容"))
    requested_text = models.TextField(_("应更正为"))
    reason = models.TextField(_("理由和证据"), help_text=_("说明记载不准确的理由，以及能证明的材料。"))

    channel = models.CharField(_("提交方式"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    received_on = models.DateField(_("收到申请日期"))
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.RECEIVED,
        db_index=True,
    )
    due_on = models.DateField(_("办理期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(default=False)

    outcome = models.CharField(
        _("办理结果"), max_length=20, choices=CorrectionOutcome.choices, blank=True, db_index=True
    )
    outcome_text = models.TextField(
        _("办理情况"), blank=True, help_text=_("予以更正的，写明如何更正；不予更正的，写明理由。")
    )
    other_organ = models.CharField(_("有权更正的行政机关"), max_length=100, blank=True)
    decided_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    notice_number = models.CharField(_("告知书文号"), max_length=60, blank=True)

    # Art. 43 / Art. 29, as on Application: personal data, for the handling unit only.
    help_needs = models.JSONField(_("需要的帮助"), default=list, blank=True)
    help_contact = models.CharField(_("提供帮助的联系方式"), max_length=200, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RecordCorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("更正政府信息记录申请")
        verbose_name_plural = _("更正政府信息记录申请")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "status", "due_on"])]

    def __str__(self) -> str:
        return self.tracking_code  # the record is about the applicant: its name stays on the case page

    @property
    def is_open(self) -> bool:
        return self.status != CorrectionStatus.CLOSED

    @property
    def is_overdue(self) -> bool:
        if self.due_on is None:
            return False
        if self.is_open:
            return timezone.localdate() > self.due_on
        return self.decided_on is not None and self.decided_on > self.due_on


def correction_document_path(instance: CorrectionDocument, filename: str) -> str:
    # As ApplicationDocument: a random name that says nothing of the applicant or the content.
    return f"foi/corrections/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.file_kind}"


class CorrectionDocument(models.Model):
    """The applicant's evidence for a correction of records: never public, downloaded by the handling unit's
    staff only, every download audited (as an application's files)."""

    correction = models.ForeignKey(RecordCorrection, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(upload_to=correction_document_path, blank=True)
    file_kind = models.CharField(_("文件类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("更正申请证据材料")
        verbose_name_plural = _("更正申请证据材料")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
