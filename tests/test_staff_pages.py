"""No staff page shows an English word: every page each demo role reaches from /manage/ and /manage/admin/,
rendered with the test client (fast, no browser; the browser sweep in tests/browser/test_staff_pages.py
also reads what the admin's scripts write and runs axe-core).

For each role the sweep starts at the workspace home, the admin's index and every admin model's changelist
and add form, and follows the links it finds under /manage/ (one page of each kind, each model's first
change form; no logout, delete confirmation or download). A page that fails (500) is reported too. The
sign-in pages are checked signed out and half-way (password given, second step due). A page added to the
workspace or a model added to the admin is swept without touching this file.
"""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.core.models import User
from tests.conftest import pass_second_step
from tests.demo_db import demo
from tests.staff_pages import (
    DEMO_PASSWORD,
    ROLES,
    Findings,
    admin_start_paths,
    crawl,
    data_values,
    english_on_page,
)

pytestmark = pytest.mark.django_db

__all__ = ["demo"]


def signed_in(username: str) -> Client:
    """A session of the demo account that passed its second step where it has one."""
    user = User.objects.get(username=username)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.totpdevice_set.filter(confirmed=True).exists():
        pass_second_step(client, user)
    return client


def sweep(client: Client, role: str, findings: Findings) -> int:
    data = data_values()

    def fetch(path):
        response = client.get(path)
        if response.status_code >= 500:
            findings.other.append(f"[{role}] {path}: answered {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            return None
        return response.content.decode()

    count = 0
    for path, html in crawl(fetch, admin_start_paths()):
        findings.add_english(role, path, english_on_page(html, data))
        count += 1
    return count


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_page_shows_an_english_word(demo, role):
    findings = Findings()
    count = sweep(signed_in(role), role, findings)
    assert count > 20, f"[{role}] only {count} pages reached: is the sign-in or the crawl broken?"
    assert not findings, f"{count} pages swept; found:\n" + findings.report()


def test_sign_in_pages_are_chinese(demo):
    findings = Findings()
    anonymous = Client()
    for path in ["/manage/admin/login/?next=/manage/", "/manage/admin/logout/"]:
        response = anonymous.get(path, follow=True)
        findings.add_english("anonymous", path, english_on_page(response.content.decode()))

    # A wrong password: the page that says so.
    response = anonymous.post("/manage/admin/login/", {"username": "fgw_editor", "password": "wrong-one"})
    findings.add_english("anonymous", "login (wrong password)", english_on_page(response.content.decode()))

    # The second step of an account with an authenticator (the demo's unit admin). The demo's password was
    # hashed with the slow hasher the tests replace: set it again with theirs.
    unit_admin = User.objects.get(username="fgw_admin")
    unit_admin.set_password(DEMO_PASSWORD)
    unit_admin.save(update_fields=["password"])
    half = Client()
    response = half.post(
        "/manage/admin/login/?next=/manage/", {"username": "fgw_admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and "/two-factor/verify/" in response["Location"]
    page = half.get(response["Location"]).content.decode()
    assert "验证码（必填）" in page
    findings.add_english("fgw_admin", "verify", english_on_page(page))
    wrong = half.post(response["Location"], {"otp_token": "000000", "method": "totp"}).content.decode()
    findings.add_english("fgw_admin", "verify (wrong code)", english_on_page(wrong))
    assert not findings, findings.report()


def test_the_sweep_finds_english_where_there_is_some():
    """The check itself: an English label, a button, an icon's text and Django's blank choice are found;
    codes, addresses, file types and a typed body are not."""
    html = """<html><head><title>修改 Item | 后台</title></head><body>
      <label>Expected version:</label><input type="submit" value="Save">
      <img src="/static/admin/img/icon-yes.svg" alt="True"><select><option>---------</option></select>
      <p>文号 临发改〔2026〕88号，附件 PDF 2 MB，fgw_editor@example.gov.cn，https://www.gov.cn/x</p>
      <code>QEUI TMHZ</code><textarea>&lt;table&gt;</textarea><p>栏目代码 ka-major-projects</p>
    </body></html>"""
    found = english_on_page(html)
    assert set(found) == {"Item", "Expected", "version", "Save", "True", "---------"}
