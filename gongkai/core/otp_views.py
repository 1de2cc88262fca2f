"""Back-office pages of two-factor sign-in: the second step, enrolment, recovery codes and the device list.

Thin views over :mod:`gongkai.core.otp`; mounted by the admin site (``admin_site.py``) under
``/manage/two-factor/``. The second step and enrolment are reachable after the password step only; the
device list needs a complete sign-in (``admin_view``). Everything works without JavaScript except the
passkey buttons.
"""

from __future__ import annotations

from axes.helpers import get_cool_off, get_credentials, get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.templatetags.otp_webauthn import get_configuration

from . import otp
from .access import is_staff_member
from .templatetags.plain_chinese import duration_words


def next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def step_url(name: str, request, target: str | None = None) -> str:
    return reverse(f"admin:{name}") + "?" + urlencode({"next": target or next_url(request)})


def _context(site, request, **extra):
    return {**site.each_context(request), "next": next_url(request), **extra}


def _webauthn_config(request) -> dict:
    return get_configuration(request)


def _to_login(request):
    return redirect(reverse("admin:login") + "?" + urlencode({"next": next_url(request)}))


@never_cache
@csrf_protect
def verify(request, site):
    """The second step: a 6-digit code, a recovery code, or a passkey."""
    if not is_staff_member(request.user):
        return _to_login(request)
    state = otp.sign_in_state(request)
    if state == otp.DONE:
        return HttpResponseRedirect(next_url(request))
    if state == otp.ENROL:
        return redirect(step_url("otp_setup", request))
    user = request.user
    method = "recovery" if request.POST.get("method") == "recovery" else "totp"
    error = ""
    wait = 0
    if request.method == "POST":
        if otp.is_locked(request, user):
            logout(request)
            return get_lockout_response(request, None, get_credentials(user.get_username()))
        wait = otp.retry_after(user, recovery=method == "recovery")
        if wait:
            # A code tried during django-otp's wait is refused unread: say how long to wait, not "wrong".
            error = _(
                "验证码输错了几次，为保护账号，请等 %(wait)s后再输入（期间输入的验证码不会被接受）。"
            ) % {"wait": duration_words(wait)}
        elif otp.verify_code(request, token=request.POST.get("otp_token", ""), recovery=method == "recovery"):
            return HttpResponseRedirect(next_url(request))
        elif getattr(request, "axes_locked_out", False):
            logout(request)  # the middleware answers with the lock-out page
            context = {"cooloff_timedelta": get_cool_off(request)}
            return TemplateResponse(request, "core/lockout.html", context, status=429)
        else:
            error = (
                _("恢复码不正确或已使用过。")
                if method == "recovery"
                else _("验证码不正确，请输入身份验证器应用当前显示的6位数字。")
            )
    has_passkey = WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    context = _context(
        site,
        request,
        title=_("双因素验证"),
        error=error,
        method=method,
        has_totp=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        has_recovery=StaticToken.objects.filter(device__user=user).exists(),
        has_passkey=has_passkey,
        webauthn_config=_webauthn_config(request) if has_passkey else None,
    )
    response = TemplateResponse(
        request, "gongkai_admin/otp_verify.html", context, status=429 if wait else 400 if error else 200
    )
    if wait:
        response["Retry-After"] = str(wait)
    return response


@never_cache
@csrf_protect
def setup(request, site):
    """Enrol an authenticator app (QR code and the secret as text), or a passkey; then the recovery codes."""
    if not is_staff_member(request.user):
        return _to_login(request)
    if otp.sign_in_state(request) == otp.VERIFY:
        return redirect(step_url("otp_verify", request))
    device = otp.start_totp(actor=request.user)
    error = ""
    if request.method == "POST":
        try:
            codes = otp.confirm_totp(request, device=device, token=request.POST.get("otp_token", ""))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            if codes:
                return _show_codes(site, request, codes)
            messages.success(request, _("身份验证器已启用。"))
            return HttpResponseRedirect(next_url(request))
    enrolling = not otp.has_second_factor(request.user)
    context = _context(
        site,
        request,
        title=_("设置双因素登录") if enrolling else _("添加身份验证器"),
        enrolling=enrolling,
        required=otp.required_for(request.user),
        qr_svg=otp.qr_svg(device),
        secret=otp.secret_text(device),
        error=error,
        webauthn_config=_webauthn_config(request),
        after_passkey=step_url("otp_recovery_codes", request),
    )
    return TemplateResponse(request, "gongkai_admin/otp_setup.html", context, status=400 if error else 200)


def _show_codes(site, request, codes):
    context = _context(site, request, title=_("恢复码"), codes=codes)
    return TemplateResponse(request, "gongkai_admin/otp_recovery_codes.html", context)


@never_cache
@csrf_protect
def recovery_codes(request, site):
    """GET: the codes just made for a passkey enrolment, once. POST: new codes (complete sign-in only)."""
    if not is_staff_member(request.user):
        return _to_login(request)
    if otp.sign_in_state(request) != otp.DONE:
        return redirect(step_url("otp_verify", request))
    if request.method == "POST":
        if not otp.is_verified(request):
            return redirect(step_url("otp_setup", request))
        return _show_codes(site, request, otp.regenerate_recovery_codes(actor=request.user))
    codes = request.session.pop(otp.RECOVERY_SESSION_KEY, None)
    if not codes:
        messages.info(request, _("恢复码只在生成时显示一次。如已遗失，请重新生成。"))
        return redirect("admin:otp_devices")
    return _show_codes(site, request, codes)


@never_cache
def devices(request, site):
    """The staff member's own devices (wrapped in ``admin_view``: a complete sign-in only)."""
    user = request.user
    rows = [
        {
            "id": device.persistent_id,
            "kind": _("通行密钥") if isinstance(device, WebAuthnCredential) else _("身份验证器应用"),
            "name": device.name or _("通行密钥"),
            "created_at": getattr(device, "created_at", None),
            "last_used_at": getattr(device, "last_used_at", None),
        }
        for device in otp.primary_devices(user)
    ]
    context = _context(
        site,
        request,
        title=_("双因素登录设备"),
        rows=rows,
        required=otp.required_for(user),
        verified=otp.is_verified(request),
        recovery_left=StaticToken.objects.filter(device__user=user).count(),
        webauthn_config=_webauthn_config(request),
        after_passkey=reverse("admin:otp_recovery_codes") + "?next=" + reverse("admin:otp_devices"),
    )
    return TemplateResponse(request, "gongkai_admin/otp_devices.html", context)


@never_cache
def remove(request, site, device_id: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    device = otp.device_for_user(request.user, device_id)
    if device is None:
        messages.error(request, _("没有找到该设备。"))
        return redirect("admin:otp_devices")
    try:
        otp.remove_device(actor=request.user, device=device, token=request.POST.get("otp_token", ""))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("设备已删除。"))
    return redirect("admin:otp_devices")


@never_cache
@csrf_protect
def cancel(request, site):
    """Leave the second step or enrolment (the back office's logout needs a complete sign-in)."""
    if request.method == "POST":
        logout(request)
    return redirect("admin:login")
