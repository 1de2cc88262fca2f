"""Two-factor sign-in for staff: enrolment, the second step, recovery codes, passkeys, devices, lock-out."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from gongkai.core import otp
from gongkai.core.models import AuditEvent
from tests.conftest import PASSWORD, api_client, logged_in, pass_second_step

pytestmark = pytest.mark.django_db

LOGIN = "/manage/admin/login/?next=/manage/admin/"
VERIFY = "/manage/admin/two-factor/verify/"
SETUP = "/manage/admin/two-factor/setup/"
DEVICES = "/manage/admin/two-factor/"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or ``steps_ahead`` periods of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def sign_in_with_password(user) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response
    client.last_redirect = response["Location"]
    return client


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, action__startswith="core.otp_device.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# Enrolment -------------------------------------------------------------------------------------------


def test_office_without_a_device_is_sent_to_enrol_and_reaches_no_staff_page(office):
    client = sign_in_with_password(office)
    assert client.last_redirect.startswith(SETUP)
    for url in ["/manage/admin/", "/manage/admin/core/organization/", "/manage/admin/core/user/", DEVICES]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/manage/admin/login/" in response["Location"] or SETUP in response["Location"]
    # The login page itself sends it on to enrolment, not back to the password.
    assert client.get("/manage/admin/login/")["Location"].startswith(SETUP)


def test_enrolment_shows_qr_and_secret_confirms_with_a_code_and_shows_ten_recovery_codes_once(office):
    client = sign_in_with_password(office)
    page = client.get(client.last_redirect)
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and "二维码" in html
    device = TOTPDevice.objects.get(user=office, confirmed=False)
    assert otp.secret_text(device) in html  # the secret as text too, for those who cannot scan
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert '<label for="id_otp_token"' in html
    assert "<script>" not in html  # the CSP allows no inline script

    wrong = client.post(SETUP, {"otp_token": "000000", "next": "/manage/admin/"})
    assert wrong.status_code == 400
    assert "验证码不正确" in wrong.text and 'aria-invalid="true"' in wrong.text
    assert client.get("/manage/admin/").status_code == 302

    done = client.post(SETUP, {"otp_token": code(device), "next": "/manage/admin/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(c in done.text for c in codes)
    assert client.get("/manage/admin/").status_code == 200
    assert actions(office) == [
        "core.otp_device.added",
        "core.otp_device.confirmed",
        "core.otp_device.recovery_codes_generated",
    ]
    # Shown once: the codes page has nothing to show afterwards.
    again = client.get("/manage/admin/two-factor/recovery-codes/")
    assert again.status_code == 302
    assert not any(c in client.get(DEVICES).text for c in codes)


def test_unit_admin_must_enrol_too(admin_a):
    assert sign_in_with_password(admin_a).last_redirect.startswith(SETUP)


def test_editor_without_a_device_reaches_the_back_office_with_the_password(editor_a):
    client = sign_in_with_password(editor_a)
    assert client.last_redirect == "/manage/admin/"
    assert client.get("/manage/admin/").status_code == 200


def test_editor_who_added_a_device_is_asked_for_the_code(editor_a):
    device_for(editor_a)
    client = sign_in_with_password(editor_a)
    assert client.last_redirect.startswith(VERIFY)
    assert client.get("/manage/admin/").status_code == 302


def test_required_roles_come_from_the_setting(settings, office):
    settings.GONGKAI_2FA_REQUIRED_ROLES = []
    client = sign_in_with_password(office)
    assert client.last_redirect == "/manage/admin/"
    assert client.get("/manage/admin/").status_code == 200


# The second step -------------------------------------------------------------------------------------


def test_sign_in_with_password_then_code(office):
    device = device_for(office)
    client = sign_in_with_password(office)
    assert client.last_redirect.startswith(VERIFY)
    page = client.get(client.last_redirect)
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.text and 'inputmode="numeric"' in page.text
    response = client.post(VERIFY, {"otp_token": code(device), "next": "/manage/admin/core/organization/"})
    assert response.status_code == 302
    assert response["Location"] == "/manage/admin/core/organization/"
    assert client.get("/manage/admin/core/organization/").status_code == 200


def test_a_wrong_code_is_refused_with_a_chinese_error(office):
    device_for(office)
    client = sign_in_with_password(office)
    response = client.post(VERIFY, {"otp_token": "123456", "next": "/manage/admin/"})
    assert response.status_code == 400
    assert "验证码不正确" in response.text
    assert 'aria-invalid="true"' in response.text and 'role="alert"' in response.text
    assert client.get("/manage/admin/").status_code == 302


def test_a_code_cannot_be_used_twice(office):
    device = device_for(office)
    token = code(device)
    first = sign_in_with_password(office)
    assert first.post(VERIFY, {"otp_token": token})["Location"] == "/manage/"  # no target: the to-do list
    second = sign_in_with_password(office)
    assert second.post(VERIFY, {"otp_token": token}).status_code == 400


def test_five_wrong_codes_lock_the_account(office):
    device_for(office)
    client = sign_in_with_password(office)
    for _ in range(4):
        assert client.post(VERIFY, {"otp_token": "000000"}).status_code == 400
        TOTPDevice.objects.filter(user=office).update(throttling_failure_count=0)  # django-otp's own delay
    fifth = client.post(VERIFY, {"otp_token": "000000"})
    assert fifth.status_code == 429
    assert "_auth_user_id" not in client.session  # the half-finished sign-in is ended
    # The right password does not open it again.
    assert Client().post(LOGIN, {"username": "office", "password": PASSWORD}).status_code == 429


def test_signing_in_again_with_the_password_does_not_reset_the_code_failures(office):
    """A password holder could otherwise guess codes without end: 4 guesses, sign in again, 4 more ..."""
    device_for(office)
    for _ in range(2):
        client = sign_in_with_password(office)
        for _ in range(2):
            client.post(VERIFY, {"otp_token": "000000"})
            TOTPDevice.objects.filter(user=office).update(throttling_failure_count=0)
    client = sign_in_with_password(office)
    assert client.post(VERIFY, {"otp_token": "000000"}).status_code == 429


def test_a_complete_sign_in_resets_the_failures(office):
    device = device_for(office)
    client = sign_in_with_password(office)
    for _ in range(3):
        client.post(VERIFY, {"otp_token": "000000"})
        TOTPDevice.objects.filter(user=office).update(throttling_failure_count=0)
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302
    client = sign_in_with_password(office)
    for _ in range(3):
        assert client.post(VERIFY, {"otp_token": "000000"}).status_code == 400
        TOTPDevice.objects.filter(user=office).update(throttling_failure_count=0)


def test_a_recovery_code_works_once(office):
    device_for(office)
    codes = otp.regenerate_recovery_codes(actor=office)
    client = sign_in_with_password(office)
    assert "使用恢复码" in client.get(VERIFY).text
    response = client.post(VERIFY, {"otp_token": codes[0].upper(), "method": "recovery"})
    assert response.status_code == 302
    assert client.get("/manage/admin/").status_code == 200
    assert "core.otp_device.recovery_code_used" in actions(office)
    assert StaticToken.objects.filter(device__user=office).count() == 9

    again = sign_in_with_password(office)
    refused = again.post(VERIFY, {"otp_token": codes[0], "method": "recovery"})
    assert refused.status_code == 400
    assert "恢复码不正确或已使用过" in refused.text


def test_cancel_ends_the_half_finished_sign_in(office):
    device_for(office)
    client = sign_in_with_password(office)
    client.post("/manage/admin/two-factor/cancel/")
    assert "_auth_user_id" not in client.session


def test_the_api_token_flow_is_unchanged(office):
    response = api_client(office).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "office"


# Devices ---------------------------------------------------------------------------------------------


def test_staff_see_their_devices_and_regenerate_recovery_codes(office):
    client = logged_in(office)
    otp.regenerate_recovery_codes(actor=office)
    page = client.get(DEVICES)
    assert page.status_code == 200
    assert "身份验证器应用" in page.text and "还剩 10 个" in page.text
    new = client.post("/manage/admin/two-factor/recovery-codes/", {"next": DEVICES})
    assert new.status_code == 200 and len(new.context["codes"]) == 10
    assert actions(office).count("core.otp_device.recovery_codes_generated") == 2
    assert StaticToken.objects.filter(device__user=office).count() == 10


def test_the_last_device_of_a_required_role_cannot_be_removed(office):
    client = logged_in(office)
    device = TOTPDevice.objects.get(user=office)
    response = client.post(
        f"/manage/admin/two-factor/devices/{device.persistent_id}/remove/",
        {"otp_token": code(device)},
        follow=True,
    )
    assert "请先添加另一个身份验证器或通行密钥" in response.text
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_device_is_removed_only_after_a_current_code(office):
    client = logged_in(office)
    first = TOTPDevice.objects.get(user=office)
    second = TOTPDevice.objects.create(user=office, name="备用手机", confirmed=True)
    url = f"/manage/admin/two-factor/devices/{first.persistent_id}/remove/"
    refused = client.post(url, {"otp_token": "000000"}, follow=True)
    assert "验证码不正确" in refused.text
    assert TOTPDevice.objects.filter(pk=first.pk).exists()
    client.post(url, {"otp_token": code(second)})
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert actions(office)[-1] == "core.otp_device.removed"


def test_an_editor_removing_the_last_device_turns_two_factor_off(editor_a):
    device = device_for(editor_a)
    otp.regenerate_recovery_codes(actor=editor_a)
    client = logged_in(editor_a)
    pass_second_step(client, editor_a)
    client.post(
        f"/manage/admin/two-factor/devices/{device.persistent_id}/remove/", {"otp_token": code(device)}
    )
    assert not TOTPDevice.objects.filter(user=editor_a).exists()
    assert not StaticDevice.objects.filter(user=editor_a).exists()
    assert (
        Client().post(LOGIN, {"username": "editor_a", "password": PASSWORD})["Location"] == "/manage/admin/"
    )


def test_nobody_removes_another_persons_device(office, editor_a):
    device = device_for(editor_a)
    client = logged_in(office)
    client.post(
        f"/manage/admin/two-factor/devices/{device.persistent_id}/remove/", {"otp_token": code(device)}
    )
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_adding_a_second_authenticator_keeps_the_recovery_codes(office):
    client = logged_in(office)
    codes = otp.regenerate_recovery_codes(actor=office)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=office, confirmed=False)
    response = client.post(SETUP, {"otp_token": code(new), "next": DEVICES})
    assert response.status_code == 302 and response["Location"] == DEVICES
    assert TOTPDevice.objects.filter(user=office, confirmed=True).count() == 2
    assert StaticToken.objects.filter(device__user=office, token=codes[0]).exists()


# Passkeys --------------------------------------------------------------------------------------------
# The whole WebAuthn ceremony needs an authenticator (a browser's virtual one); here: the plugin's
# endpoints answer with options for our relying party, only for the right sessions.


def _post_json(client, url):
    return client.post(url, data="{}", content_type="application/json")


def test_an_enrolling_office_gets_passkey_registration_options(office):
    client = sign_in_with_password(office)
    page = client.get(client.last_redirect)
    assert 'id="passkey-register-button"' in page.text
    assert 'id="otp_webauthn_config" type="application/json"' in page.text
    assert "/static/core/passkeys.js" in page.text
    response = _post_json(client, "/manage/two-factor/webauthn/registration/begin/")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "testserver"
    assert options["user"]["name"] == "office"
    assert options["challenge"]


def test_a_signed_in_account_with_a_device_must_verify_before_adding_a_passkey(office):
    device_for(office)
    client = sign_in_with_password(office)
    response = _post_json(client, "/manage/two-factor/webauthn/registration/begin/")
    assert response.status_code == 403


def test_passkey_endpoints_refuse_anonymous_visitors():
    client = Client()
    assert _post_json(client, "/manage/two-factor/webauthn/registration/begin/").status_code in (401, 403)
    assert _post_json(client, "/manage/two-factor/webauthn/authentication/begin/").status_code in (401, 403)


def test_the_second_step_offers_a_passkey_to_an_account_that_has_one(office):
    device_for(office)
    WebAuthnCredential.objects.create(
        user=office,
        name="笔记本电脑",
        confirmed=True,
        credential_id=b"cred-1",
        public_key=b"key",
        sign_count=0,
    )
    client = sign_in_with_password(office)
    page = client.get(VERIFY)
    assert 'id="passkey-verification-button"' in page.text
    assert "django_otp_webauthn/otp_webauthn_auth.js" in page.text
    response = _post_json(client, "/manage/two-factor/webauthn/authentication/begin/")
    assert response.status_code == 200
    assert json.loads(response.content)["allowCredentials"]


def test_a_registered_passkey_is_recorded_and_gives_recovery_codes(rf, office):
    credential = WebAuthnCredential.objects.create(
        user=office, name="安全密钥", confirmed=True, credential_id=b"cred-2", public_key=b"key", sign_count=0
    )
    client = sign_in_with_password(office)
    request = rf.post("/")
    request.user = office
    request.session = client.session
    codes = otp.record_passkey_added(request, credential=credential)
    assert len(codes) == 10
    assert actions(office) == ["core.otp_device.added", "core.otp_device.recovery_codes_generated"]


# Demo ------------------------------------------------------------------------------------------------


def test_demo_office_and_unit_admins_sign_in_with_the_documented_secret():
    import base64

    from django_otp.oath import totp

    from gongkai.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo

    load_demo()
    assert TOTPDevice.objects.filter(user__username="admin", confirmed=True).exists()
    assert TOTPDevice.objects.filter(user__username="fgw_admin", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__username="fgw_editor").exists()
    client = Client()
    assert client.post(LOGIN, {"username": "admin", "password": DEMO_PASSWORD})["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"otp_token": f"{totp(base64.b32decode(DEMO_TOTP_SECRET)):06d}"})
    assert response.status_code == 302
    assert client.get("/manage/admin/").status_code == 200


def test_the_workbench_links_to_the_devices_page(editor_a):
    assert DEVICES in logged_in(editor_a).get("/manage/admin/").text
