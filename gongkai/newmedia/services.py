"""Every write to the new-media registry: one function per use case, checking the actor's right on the owner
unit, in one transaction, with one audit record. The workspace, the API, the importer, the feed reader and
the demo call these.

The responsible person and phone are staff-only: the audit records name the account, never the person."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, phones
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .models import Account, AccountStatus, AccountUpdate, Platform, Stage, UpdateSource

WRITE = Capability.EDIT_CONTENT
QR_MAX_BYTES = 512 * 1024
QR_TYPES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
MAX_POSTS = 10_000
MAX_FOLLOWERS = 2_000_000_000
ACCOUNT_FIELDS = ("platform", "name", "account_id", "responsible_person", "responsible_phone", "opened_on",
                  "homepage_url", "feed_url", "followers", "followers_on")  # fmt: skip


# ---- Cleaning (field by field, in Chinese) -------------------------------------------------------------------


def _text(fields: dict, name: str, label: str, *, required: bool = True, limit: int = 100) -> str:
    value = str(fields.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
    if len(value) > limit:
        raise ValidationError({name: _("%(l)s不能超过%(n)s个字。") % {"l": label, "n": limit}})
    if "\x00" in value:
        raise ValidationError({name: _("%(l)s含有无效字符。") % {"l": label}})
    return value


def _choice(fields: dict, name: str, label: str, choices, *, default: str = "") -> str:
    """A choice by its code or its Chinese label (what a person types in a spreadsheet)."""
    value = str(fields.get(name) or "").strip()
    if not value:
        if default:
            return default
        raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
    for code, text in choices.choices:
        if value in (code, str(text)):
            return code
    names = "、".join(str(text) for _code, text in choices.choices)
    raise ValidationError({name: _("%(l)s“%(v)s”应为：%(c)s。") % {"l": label, "v": value, "c": names}})


def parse_date(value, name: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for separator in ("年", "月"):
        text = text.replace(separator, "-")
    text = text.rstrip("日")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        found = dt.date(year, month, day)
    except (ValueError, TypeError):
        raise ValidationError(
            {name: _("%(l)s“%(v)s”不是有效日期，应写作 2026-03-01。") % {"l": label, "v": value}}
        ) from None
    if not 2000 <= found.year <= 2100:
        raise ValidationError({name: _("%(l)s应在2000年至2100年之间。") % {"l": label}})
    return found


def parse_count(
    value, name: str, label: str, *, required: bool = True, most: int = MAX_FOLLOWERS
) -> int | None:
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{1,12}", text) or int(text) > most:
        raise ValidationError(
            {name: _("%(l)s“%(v)s”应为不大于%(m)s的整数。") % {"l": label, "v": value, "m": most}}
        )
    return int(text)


def _url(fields: dict, name: str, label: str) -> str:
    value = str(fields.get(name) or "").strip()
    if not value:
        return ""
    if len(value) > 500:
        raise ValidationError({name: _("%(l)s不能超过500个字符。") % {"l": label}})
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            {name: _("%(l)s应为以 http:// 或 https:// 开头的网址。") % {"l": label}}
        ) from None
    return value


def clean_account(fields: dict, *, account: Account | None = None) -> dict:
    today = timezone.localdate()
    cleaned = {
        "platform": _choice(fields, "platform", _("平台"), Platform),
        "name": _text(fields, "name", _("账号名称")),
        "account_id": _text(fields, "account_id", _("账号标识"), required=False),
        "responsible_person": _text(fields, "responsible_person", _("负责人"), limit=50),
        "responsible_phone": _text(fields, "responsible_phone", _("联系电话"), limit=30),
        "opened_on": parse_date(fields.get("opened_on"), "opened_on", _("开设时间")),
        "homepage_url": _url(fields, "homepage_url", _("主页地址")),
        "feed_url": _url(fields, "feed_url", _("订阅源地址")),
        "followers": parse_count(fields.get("followers"), "followers", _("关注量"), required=False),
        "followers_on": parse_date(
            fields.get("followers_on"), "followers_on", _("关注量统计日期"), required=False
        ),
    }
    problem = phones.problem(cleaned["responsible_phone"])
    if problem:
        raise ValidationError({"responsible_phone": problem})
    if cleaned["opened_on"] > today:
        raise ValidationError({"opened_on": _("开设时间不能晚于今天。")})
    if cleaned["followers"] is not None and cleaned["followers_on"] is None:
        cleaned["followers_on"] = today
    if cleaned["followers_on"] and cleaned["followers_on"] > today:
        raise ValidationError({"followers_on": _("关注量统计日期不能晚于今天。")})
    clash = Account.objects.filter(platform=cleaned["platform"], name=cleaned["name"])
    if account is not None:
        clash = clash.exclude(pk=account.pk)
    if clash.exists():
        raise ValidationError({"name": _("该平台已登记名为“%(n)s”的账号。") % {"n": cleaned["name"]}})
    return cleaned


def _qr_name(data: bytes) -> str:
    if len(data) > QR_MAX_BYTES:
        raise ValidationError({"qr_code": _("二维码图片不能超过512KB。")})
    for magic, suffix in QR_TYPES.items():
        if data.startswith(magic):
            return suffix
    raise ValidationError({"qr_code": _("二维码图片应为 PNG 或 JPEG 格式。")})


# ---- Accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def save_account(
    *, actor, unit: Organization, fields: dict, account: Account | None = None, qr_code=None
) -> Account:
    """Register an account, or change one (its unit may move to another unit the actor writes for).
    ``qr_code``: an uploaded PNG/JPEG (``UploadedFile`` or bytes)."""
    require(can(actor, WRITE, unit))
    if account is not None:
        account = Account.objects.select_for_update().select_related("unit").get(pk=account.pk)
        require(can(actor, WRITE, account.unit))
    cleaned = clean_account(fields, account=account)
    qr_bytes = None
    if qr_code is not None:
        qr_bytes = qr_code if isinstance(qr_code, bytes) else qr_code.read(QR_MAX_BYTES + 1)
        suffix = _qr_name(qr_bytes)
    before = {name: str(getattr(account, name)) for name in ACCOUNT_FIELDS} if account else {}
    before_unit = account.unit.name if account else ""
    if account is None:
        account = Account(unit=unit)
    account.unit = unit
    for name, value in cleaned.items():
        setattr(account, name, value)
    account.save()
    if qr_bytes is not None:
        from django.core.files.base import ContentFile

        account.qr_code.save(f"{account.pk}{suffix}", ContentFile(qr_bytes), save=True)
    after = {name: str(getattr(account, name)) for name in ACCOUNT_FIELDS}
    changes = {n: [before.get(n), after[n]] for n in ACCOUNT_FIELDS if before.get(n) != after[n]}
    changes.pop("responsible_person", None)
    changes.pop("responsible_phone", None)
    if before_unit and before_unit != unit.name:
        changes["unit"] = [before_unit, unit.name]
    audit.record(
        actor=actor, action="newmedia.account.changed" if before else "newmedia.account.registered",
        obj=account, unit=unit, changes=changes,
    )  # fmt: skip
    return account


def _refresh(account: Account) -> None:
    """The account's last update and latest follower count, from its updates."""
    last = account.updates.aggregate(last=Max("on"))["last"]
    counted = account.updates.filter(followers__isnull=False).order_by("-on", "-pk").first()
    fields = ["last_update_on"]
    account.last_update_on = last
    if counted and (account.followers_on is None or counted.on >= account.followers_on):
        account.followers, account.followers_on = counted.followers, counted.on
        fields += ["followers", "followers_on"]
    account.save(update_fields=[*fields, "updated_at"])


def clean_update(fields: dict) -> dict:
    today = timezone.localdate()
    on = parse_date(fields.get("on"), "on", _("更新日期"))
    if on > today:
        raise ValidationError({"on": _("更新日期不能晚于今天。")})
    posts = parse_count(fields.get("posts"), "posts", _("发布条数"), required=False, most=MAX_POSTS)
    if posts == 0:
        raise ValidationError({"posts": _("发布条数至少为1。")})
    return {
        "on": on,
        "posts": posts or 1,
        "title": _text(fields, "title", _("标题"), required=False, limit=300),
        "link": _url(fields, "link", _("链接")),
        "followers": parse_count(fields.get("followers"), "followers", _("关注量"), required=False),
    }


@transaction.atomic
def record_update(
    *, actor, account: Account, fields: dict, source: str = UpdateSource.ENTERED, guid: str = ""
) -> AccountUpdate | None:
    """Record that ``account`` posted on a day. A feed entry already read (same ``guid``) is not recorded
    again: None. Only an operating account takes updates."""
    account = Account.objects.select_for_update().select_related("unit").get(pk=account.pk)
    require(can(actor, WRITE, account.unit))
    if account.status != AccountStatus.OPERATING:
        raise ValidationError(_("该账号已关停或注销，不再登记更新。"))
    cleaned = clean_update(fields)
    if cleaned["on"] < account.opened_on:
        raise ValidationError({"on": _("更新日期不能早于账号开设时间。")})
    guid = guid[:500]
    if guid and account.updates.filter(guid=guid).exists():
        return None
    update = AccountUpdate.objects.create(
        account=account, source=source, guid=guid, recorded_by=as_user(actor), **cleaned
    )
    _refresh(account)
    if source != UpdateSource.FEED:  # a feed's entries are summed in one record per read (read_feed)
        audit.record(
            actor=actor, action="newmedia.update.recorded", obj=account, unit=account.unit,
            changes={"on": [None, cleaned["on"].isoformat()], "posts": [None, cleaned["posts"]],
                     "source": [None, source]},
        )  # fmt: skip
    return update


# ---- The closing procedure (关停、注销) -------------------------------------------------------------------------

# action -> (stages it is allowed from, what it needs, the stage it leads to)
TRANSITIONS = {
    "request_close": ({Stage.OPERATING}, Stage.REQUESTED),
    "announce": ({Stage.REQUESTED}, Stage.ANNOUNCED),
    "suspend": ({Stage.ANNOUNCED}, Stage.SUSPENDED),
    "cancel": ({Stage.ANNOUNCED, Stage.SUSPENDED}, Stage.CANCELLED),
    "withdraw": ({Stage.REQUESTED, Stage.ANNOUNCED}, Stage.OPERATING),
}
ACTION_LABELS = {
    "request_close": _("申请关停"),
    "announce": _("发布关停公告"),
    "suspend": _("关停"),
    "cancel": _("注销"),
    "withdraw": _("撤回关停"),
}


@transaction.atomic
def transition(*, actor, account: Account, action: str, on: dt.date | None, text: str = "") -> Account:
    """One step of the closing procedure: 申请关停 (date, reason) → 发布关停公告 (date, the notice shown on the
    public page) → 关停 or 注销 (date); 撤回 before the account closes. Any other step is refused."""
    account = Account.objects.select_for_update().select_related("unit").get(pk=account.pk)
    require(can(actor, WRITE, account.unit))
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("没有这个操作。")})
    allowed, target = TRANSITIONS[action]
    stage = account.stage
    if stage not in allowed:
        raise ValidationError(
            _("账号“%(n)s”%(s)s，不能%(a)s。")
            % {"n": account.name, "s": Stage(stage).label, "a": ACTION_LABELS[action]}
        )
    text = str(text or "").strip()
    if action != "withdraw":
        if on is None:
            raise ValidationError({"on": _("请填写日期。")})
        if on > timezone.localdate():
            raise ValidationError({"on": _("日期不能晚于今天。")})
        earliest = {"request_close": account.opened_on, "announce": account.close_requested_on,
                    "suspend": account.notice_on, "cancel": account.notice_on}[action]  # fmt: skip
        if earliest and on < earliest:
            raise ValidationError({"on": _("日期不能早于%(d)s。") % {"d": earliest.isoformat()}})
    if action == "request_close":
        if not text:
            raise ValidationError({"text": _("请填写关停原因。")})
        account.close_requested_on, account.close_reason = on, text[:300]
    elif action == "announce":
        if len(text) < 10:
            raise ValidationError(
                {"text": _("请填写关停公告全文（至少10个字），公告将在政务新媒体页面公开。")}
            )
        if len(text) > 2000:
            raise ValidationError({"text": _("关停公告不能超过2000个字。")})
        account.notice, account.notice_on = text, on
    elif action in ("suspend", "cancel"):
        account.status = AccountStatus.SUSPENDED if action == "suspend" else AccountStatus.CANCELLED
        account.closed_on = on
    else:
        account.close_requested_on, account.close_reason, account.notice, account.notice_on = (
            None,
            "",
            "",
            None,
        )
    account.save()
    audit.record(
        actor=actor, action=f"newmedia.account.{action}", obj=account, unit=account.unit,
        changes={"stage": [str(stage), str(target)], "on": [None, on.isoformat() if on else None]},
    )  # fmt: skip
    return account
