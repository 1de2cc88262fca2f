"""Two-factor sign-in for staff (双因素登录): authenticator apps (TOTP), passkeys and recovery codes.

Built on django-otp (devices, verification, throttling) and django-otp-webauthn (passkeys). This module
decides who must pass a second step, and every change to a staff member's devices goes through its
functions, each with an audit record (``core.otp_device.*``).

Sign-in: the password step (the back office's login page) logs the account in *unverified*; the back
office lets it in only once :func:`sign_in_state` is ``DONE``: it has passed the second step with a device,
or it has no device and its role does not require one. A role in ``GONGKAI_2FA_REQUIRED_ROLES`` without a
device is sent to enrol first. A wrong second-step code counts as a failed login of the account
(django-axes), so codes cannot be guessed without end; the failures are reset only when the whole sign-in
succeeds.
"""

from __future__ import annotations

import base64
import math
import secrets

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from . import audit
from .actors import system
from .models import User

DONE, VERIFY, ENROL = "done", "verify", "enrol"
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "身份验证器应用"
RECOVERY_NAME = "恢复码"
# Shown once after enrolment or regeneration; kept in the session only until the page shows them.
RECOVERY_SESSION_KEY = "gongkai_recovery_codes"


def webauthn_rp_id(request: HttpRequest) -> str:
    """The passkey relying-party ID when ``GONGKAI_WEBAUTHN_RP_ID`` is not set: the request's host name."""
    domain, _port = split_domain_port(request.get_host())
    return domain


# Who must pass a second step -------------------------------------------------------------------------


def required_for(user: User) -> bool:
    return bool(user.is_authenticated and user.role in settings.GONGKAI_2FA_REQUIRED_ROLES)


def primary_devices(user: User) -> list:
    """The confirmed devices that sign in on their own: authenticator apps and passkeys (recovery codes are
    the fallback, not a device to rely on)."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"),
        *WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk"),
    ]


def has_second_factor(user: User) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def is_verified(request: HttpRequest) -> bool:
    user = request.user
    check = getattr(user, "is_verified", None)
    if check is not None:
        return bool(check())
    # Right after the password step, ``auth.login`` replaced the OTP middleware's user: read the session.
    return False if not user.is_authenticated else _session_device(request) is not None


def _session_device(request: HttpRequest):
    from django_otp.models import Device

    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device if device is not None and device.user_id == request.user.pk else None


def sign_in_state(request: HttpRequest) -> str:
    """``DONE`` (the back office may let the account in), ``VERIFY`` (second step due) or ``ENROL`` (its
    role requires a device it does not have yet)."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return DONE
    if has_second_factor(user):
        return VERIFY
    if required_for(user):
        return ENROL
    return DONE


def complete_sign_in(request: HttpRequest) -> None:
    """The whole sign-in succeeded: forget the account's failed attempts (django-axes)."""
    AxesProxyHandler.reset_attempts(username=request.user.get_username())


# The second step -------------------------------------------------------------------------------------


def _normalize(token: str) -> str:
    return "".join((token or "").split()).replace("-", "").lower()


def is_locked(request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, get_credentials(user.get_username()))


def _count_failure(request: HttpRequest, user: User) -> None:
    # The same signal a wrong password sends: django-axes counts it against the account.
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def retry_after(user: User, *, recovery: bool = False) -> int:
    """Seconds before a code may be tried again, or 0. After a wrong code django-otp makes the account
    wait (1, 2, 4, 8 ... seconds, doubling with each wrong code); during the wait even the right code is
    refused, so the page must say to wait rather than that the code is wrong."""
    model = StaticDevice if recovery else TOTPDevice
    until = []
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return 0
        if data and data.get("locked_until"):
            until.append(data["locked_until"])
    if not until:
        return 0
    return max(1, math.ceil((min(until) - timezone.now()).total_seconds()))


@transaction.atomic
def verify_code(request: HttpRequest, *, token: str, recovery: bool = False):
    """Check the second-step code of the signed-in (unverified) account: a 6-digit authenticator code or,
    with ``recovery``, a recovery code (used once). On success the session is verified; a wrong code is a
    failed login. Returns the device, or None."""
    user = request.user
    token = _normalize(token)
    model = StaticDevice if recovery else TOTPDevice
    device = None
    if token:
        for candidate in model.objects.filter(user=user, confirmed=True).select_for_update():
            if candidate.verify_token(token):
                device = candidate
                break
    if device is None:
        _count_failure(request, user)
        return None
    otp_login(request, device)
    if recovery:
        audit.record(
            actor=user,
            action="core.otp_device.recovery_code_used",
            obj=device,
            unit=user.unit,
            object_repr=RECOVERY_NAME,
            changes={"remaining": [None, device.token_set.count()]},
        )
    complete_sign_in(request)
    return device


# Enrolment and device changes ------------------------------------------------------------------------


def _own(actor: User, device) -> None:
    if device.user_id != actor.pk:
        raise PermissionDenied


@transaction.atomic
def start_totp(*, actor: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up (the same secret on every reload of the
    page until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=actor, name=TOTP_NAME, confirmed=False)
    audit.record(
        actor=actor, action="core.otp_device.added", obj=device, unit=actor.unit, object_repr=TOTP_NAME
    )
    return device


@transaction.atomic
def confirm_totp(request: HttpRequest, *, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator app with a code it shows. Returns new recovery codes when the account
    had none (shown once), else []. Raises ValidationError for a wrong code."""
    actor = request.user
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    _own(actor, device)
    if device.confirmed:
        raise ValidationError(_("该身份验证器已启用。"))
    if not device.verify_token(_normalize(token)):
        raise ValidationError(_("验证码不正确，请核对手机上显示的6位数字后重试（验证码每30秒更新一次）。"))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(
        actor=actor, action="core.otp_device.confirmed", obj=device, unit=actor.unit, object_repr=device.name
    )
    if not is_verified(request):
        otp_login(request, device)
        complete_sign_in(request)
    if StaticDevice.objects.filter(user=actor, token_set__isnull=False).exists():
        return []
    return regenerate_recovery_codes(actor=actor)


@transaction.atomic
def record_passkey_added(request: HttpRequest, *, credential: WebAuthnCredential) -> list[str]:
    """A passkey was registered (the plugin's ceremony). Returns new recovery codes when the account had
    none."""
    actor = request.user
    _own(actor, credential)
    audit.record(
        actor=actor,
        action="core.otp_device.added",
        obj=credential,
        unit=actor.unit,
        object_repr=str(credential.name or _("通行密钥")),
        changes={"kind": [None, "passkey"]},
    )
    complete_sign_in(request)
    if StaticDevice.objects.filter(user=actor, token_set__isnull=False).exists():
        return []
    return regenerate_recovery_codes(actor=actor)


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Returns the codes (only their device keeps them)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=actor, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit.record(
        actor=actor,
        action="core.otp_device.recovery_codes_generated",
        obj=device,
        unit=actor.unit,
        object_repr=RECOVERY_NAME,
        changes={"count": [None, len(codes)]},
    )
    return codes


def _recovery_code() -> str:
    return base64.b32encode(secrets.token_bytes(5)).decode().lower()  # 8 characters, 40 bits


def confirm_with_current_code(actor: User, token: str) -> bool:
    """Re-confirmation before a sensitive change: a current authenticator code or an unused recovery code."""
    token = _normalize(token)
    if not token:
        return False
    with transaction.atomic():
        return any(
            device.verify_token(token)
            for device in devices_for_user(actor, for_verify=True)
            if isinstance(device, TOTPDevice | StaticDevice)
        )


@transaction.atomic
def remove_device(*, actor: User, device, token: str) -> None:
    """Remove one of the actor's own authenticator apps or passkeys, after a current code. The last one
    stays while the role requires two-factor sign-in; removing the last one otherwise turns two-factor
    sign-in off (the recovery codes go with it)."""
    _own(actor, device)
    if not confirm_with_current_code(actor, token):
        raise ValidationError(_("验证码不正确：删除设备前请输入身份验证器当前显示的6位数字或一个恢复码。"))
    others = [d for d in primary_devices(actor) if d.persistent_id != device.persistent_id]
    if device.confirmed and not others and required_for(actor):
        raise ValidationError(
            _("您的角色必须使用双因素登录：请先添加另一个身份验证器或通行密钥，再删除这一个。")
        )
    audit.record(
        actor=actor,
        action="core.otp_device.removed",
        obj=device,
        unit=actor.unit,
        object_repr=str(device.name or device.persistent_id),
    )
    device.delete()
    if not others:
        for static in StaticDevice.objects.filter(user=actor):
            audit.record(
                actor=actor,
                action="core.otp_device.removed",
                obj=static,
                unit=actor.unit,
                object_repr=RECOVERY_NAME,
            )
            static.delete()


def device_for_user(actor: User, persistent_id: str):
    """One of ``actor``'s authenticator apps or passkeys, by its persistent id, or None."""
    from django_otp.models import Device

    device = Device.from_persistent_id(persistent_id)
    if (
        device is None
        or device.user_id != actor.pk
        or not isinstance(device, TOTPDevice | WebAuthnCredential)
    ):
        return None
    return device


# Pages -----------------------------------------------------------------------------------------------


def qr_svg(device: TOTPDevice) -> str:
    """The authenticator-app QR code as inline SVG (made here: the secret never goes to another service)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("二维码")
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret as the app's manual entry expects it (base32), in groups of four for reading aloud."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# Demo ------------------------------------------------------------------------------------------------


def ensure_demo_totp(*, user: User, secret_base32: str) -> TOTPDevice:
    """Give a demo account a confirmed authenticator with a known secret (demo databases only)."""
    key = base64.b32decode(secret_base32).hex()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        return device
    device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
    audit.record(
        actor=system("load_demo"),
        action="core.otp_device.added",
        obj=device,
        unit=user.unit,
        object_repr=TOTP_NAME,
    )
    return device
