"""Organizations, staff, the working-day calendar, API tokens and the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pgtrigger
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import phones, uscc
from .roles import Role


def validate_credit_code(value: str) -> None:
    messages = {
        "length": _("统一社会信用代码应为18位。"),
        "charset": _("统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）。"),
        "check": _("统一社会信用代码校验位不正确，请核对。"),
    }
    problem = uscc.problem(value)
    if problem:
        raise ValidationError(messages[problem], code=f"credit_code_{problem}")


class OrgType(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    GENERAL_OFFICE = "general_office", _("政府办公室")
    DEPARTMENT = "department", _("政府部门")
    COUNTY = "county", _("县区人民政府")
    DEVELOPMENT_ZONE = "development_zone", _("开发区管委会")
    TOWNSHIP = "township", _("乡镇、街道")
    INSTITUTION = "institution", _("事业单位")
    OTHER = "other", _("其他单位")


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def subtree(self, root: Organization):
        """``root`` and every organization below it."""
        return self.filter(path__startswith=root.path)

    def ordered(self):
        return self.order_by("path")


class Organization(models.Model):
    """A node of the government tree: a government, its office, a department, a county, a zone ..."""

    name = models.CharField(_("全称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    aliases = models.JSONField(
        _("其他名称"), default=list, blank=True, help_text=_("文件中出现的其他写法，用于匹配责任单位。")
    )
    org_type = models.CharField(_("类型"), max_length=20, choices=OrgType.choices)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path of primary keys, "/1/5/12/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    description = models.TextField(_("机构职能"), blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(
        _("联系电话"),
        max_length=50,
        blank=True,
        validators=[phones.validate_contact_numbers],
        help_text=_("多个号码用“、”分隔，如：0539-8123456、12345"),
    )
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    foi_office = models.CharField(
        _("依申请公开受理机构"),
        max_length=100,
        blank=True,
        help_text=_("受理政府信息公开申请的内设机构，如“办公室”；政府信息公开指南中列出。"),
    )
    reconsideration_organ = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_(
            "一般不填：本单位的复议机关按机构树自动确定（部门、派出机关由本级人民政府复议，人民政府由上一级人民政府复议）。"
            "垂直管理的机关（海关、税务、金融、外汇、国家安全等）和机构树最上一级的人民政府在此填写，如“山东省人民政府”。"
        ),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def staff_emails(self) -> list[str]:
        """The e-mail addresses of the unit's active staff: whom a reminder about its work goes to."""
        return list(self.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True))

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_within(self, ancestor: Organization) -> bool:
        return self.path.startswith(ancestor.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Organization.objects.filter(pk__in=ids).order_by("path")


class Leader(models.Model):
    """A member of a unit's leadership (领导信息): name, title and the work they are in charge of (分管工作),
    shown on the unit's public page (条例第二十条第（二）项: 负责人姓名)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("所属单位"), on_delete=models.CASCADE, related_name="leaders"
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, help_text=_("如“局长”“副局长”。"))
    duties = models.TextField(_("分管工作"), blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(
        _("在任"), default=True, help_text=_("离任后取消勾选：内容巡查据此发现仍称其职务的信息。")
    )
    since = models.DateField(
        _("任职时间"),
        null=True,
        blank=True,
        help_text=_("担任现职务的日期：此后发布的信息中写错其职务，或仍称前任原职务的，内容巡查会发现。"),
    )

    class Meta:
        verbose_name = _("领导信息")
        verbose_name_plural = _("领导信息")
        ordering = ["organization__path", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name", "title"], name="one_leader_per_title")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"

    @property
    def unit(self) -> Organization:
        return self.organization


class StaffManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class User(AbstractUser):
    """A staff account. Citizens never need one: their forms work without logging in."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, validators=[phones.validate_mobile])

    objects = StaffManager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return f"{self.full_name or self.username}（{self.unit.display_name if self.unit else '—'}）"


class ApiToken(models.Model):
    """A bearer token for the staff API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    prefix = models.CharField(_("令牌开头"), max_length=8)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user.username})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class PublicChallenge(models.Model):
    """A challenge shown on a public form or fetched by an API client. For the text sum the answer lives
    only here (the client holds a random token); an ALTCHA proof of work is recorded when it is used. Each is
    claimed once (``used_at``)."""

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=20)
    answer = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("验证问题")

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}"


class CalendarYear(models.Model):
    """A year whose official arrangement (放假安排) has been entered; years absent are provisional."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(
        _("依据"), max_length=200, help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    notes = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    MAKEUP_WORKDAY = "workday", _("调休上班")


class CalendarDayQuerySet(models.QuerySet):
    def between(self, first: dt.date, last: dt.date):
        return self.filter(date__gte=first, date__lte=last)


class CalendarDay(models.Model):
    """A date that departs from the weekend rule: a holiday, or a weekend day worked in exchange."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=50, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    @property
    def is_workday(self) -> bool:
        return self.kind == DayKind.MAKEUP_WORKDAY

    def clean(self):
        if self.kind == DayKind.MAKEUP_WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"date": _("调休上班日应为星期六或星期日。")})


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit records are append-only")

    def delete(self):
        raise PermissionError("audit records are append-only")

    def in_units(self, units):
        return self.filter(unit__in=units)


class HashScheme(models.TextChoices):
    """How a record's hash was made. Records keep their scheme forever, so the chain verifies end to end."""

    # Records written before keyed hashing: plain SHA-256, recomputable by anyone; verified, never written.
    SHA256 = "sha256", "SHA-256"
    # HMAC-SHA256 under GONGKAI_AUDIT_KEY (named by key_id): needs the key, which the database never holds.
    HMAC_SHA256 = "hmac-sha256", "HMAC-SHA256"


class AuditEvent(models.Model):
    """One staff change. Append-only; each record's hash covers the previous one's (see verify_audit).

    The database itself refuses UPDATE and DELETE: on PostgreSQL the pgtrigger Protect trigger below, on
    SQLite the triggers of :mod:`gongkai.core.audit_protection` (re-created after every migrate: SQLite
    drops a table's triggers when a migration rebuilds the table).
    """

    seq = models.PositiveBigIntegerField(_("序号"), unique=True, editable=False)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField(_("单位"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    prev_hash = models.CharField(_("上一条的哈希值"), max_length=64)
    hash = models.CharField(_("哈希值"), max_length=64, unique=True)
    hash_scheme = models.CharField(_("哈希算法"), max_length=16, choices=HashScheme.choices, editable=False)
    key_id = models.CharField(_("密钥编号"), max_length=16, blank=True, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        # TRUNCATE is left alone (Django's flush uses it); the anchors outside the database catch a
        # truncated log, as they catch a DBA who disables this trigger.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit records are append-only")

    def payload(self) -> bytes:
        """The canonical bytes the hash covers."""
        return audit_payload(self)

    def compute_hash(self, key: bytes | None = None) -> str:
        """The record's hash under its scheme; keyed schemes need ``key`` (see :mod:`gongkai.core.audit`)."""
        return audit_hash(self, key)


def audit_payload(event) -> bytes:
    """The canonical bytes an audit record's hash covers (a function so migrations can use it too)."""
    data = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "unit_id": event.unit_id,
        "unit_name": event.unit_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }
    if event.hash_scheme != HashScheme.SHA256:  # legacy records keep the exact bytes they were hashed on
        data["hash_scheme"] = event.hash_scheme
        data["key_id"] = event.key_id
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def audit_hash(event, key: bytes | None = None) -> str:
    if event.hash_scheme == HashScheme.SHA256:
        return hashlib.sha256(audit_payload(event)).hexdigest()
    if event.hash_scheme == HashScheme.HMAC_SHA256 and key:
        return hmac.new(key, audit_payload(event), hashlib.sha256).hexdigest()
    raise ValueError(f"cannot hash a {event.hash_scheme!r} record without its key")


class AuditChainHead(models.Model):
    """The single row that serializes appends to the audit chain (locked with SELECT ... FOR UPDATE)."""

    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("日志链")

    def __str__(self) -> str:
        return f"#{self.seq} {self.last_hash[:12]}"


class ScannerRun(models.Model):
    """When each scanner (a management command run by a timer: reminders, scheduled publishing, lapses) last
    finished without error; exported to Prometheus as ``gongkai_scanner_last_success_timestamp_seconds``."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    last_success_at = models.DateTimeField(_("最近一次成功运行"))

    class Meta:
        verbose_name = _("定时扫描")
        verbose_name_plural = _("定时扫描")

    def __str__(self) -> str:
        return self.name
