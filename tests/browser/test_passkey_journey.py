"""Passkeys in a real browser: an openness office enrols a passkey right after the password (Chromium's
virtual authenticator over CDP stands in for a fingerprint reader), sees its recovery codes once, and signs
in with the passkey next time. The site's CSP is enforced: the buttons work from script files alone."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.core.roles import Role
from tests.conftest import PASSWORD, Tree, _staff


@pytest.fixture
def office(transactional_db):
    tree = Tree()
    return _staff("office", tree.city, Role.OPENNESS_OFFICE)


def _sign_in_with_password(page, base):
    page.goto(base + "/manage/admin/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_office_enrols_a_passkey_and_signs_in_with_it(live_server, browser, settings, office):
    from django_otp_webauthn.models import WebAuthnCredential

    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    context = browser.new_context(locale="zh-CN")  # no bypass_csp: the real policy applies
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        base = live_server.url
        _sign_in_with_password(page, base)
        assert "/manage/admin/two-factor/setup/" in page.url
        page.get_by_role("button", name="注册通行密钥").click()
        page.wait_for_url("**/two-factor/recovery-codes/**")
        codes = page.locator(".otp-codes li").all_inner_texts()
        assert len(codes) == 10
        page.get_by_role("link", name="我已保存，继续").click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith("/manage")
        assert WebAuthnCredential.objects.filter(user=office, confirmed=True).count() == 1
        assert AuditEvent.objects.filter(actor=office, action="core.otp_device.added").exists()

        context.clear_cookies()
        _sign_in_with_password(page, base)
        assert "/manage/admin/two-factor/verify/" in page.url
        page.get_by_role("button", name="使用通行密钥验证").click()
        page.wait_for_url(lambda url: "/two-factor/" not in url)
        assert page.url.rstrip("/").endswith("/manage")
        assert "工作台" in page.content()
        assert not [e for e in errors if "Content Security Policy" in e]
    finally:
        context.close()


def test_two_factor_pages_are_accessible(live_server, page, office):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.browser.conftest import axe_violations

    _sign_in_with_password(page, live_server.url)
    assert "/manage/admin/two-factor/setup/" in page.url
    assert axe_violations(page) == []
    TOTPDevice.objects.filter(user=office).update(confirmed=True)
    page.context.clear_cookies()
    _sign_in_with_password(page, live_server.url)
    assert "/manage/admin/two-factor/verify/" in page.url
    page.get_by_label("验证码（必填）").fill("000000")
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_load_state()
    assert "验证码不正确" in page.content()
    assert axe_violations(page) == []
