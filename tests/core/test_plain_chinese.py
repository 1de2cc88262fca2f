"""Django's stock messages and the back office's own in plain Chinese (issue 17): the project catalog, the
admin's JavaScript catalog, 请选择 for blank choices, the audit log in words, the second step's wait."""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, MaxLengthValidator
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.core import audit_labels
from gongkai.core.forms import PlainChoicesForm
from gongkai.core.models import AuditEvent, Organization
from gongkai.core.templatetags.plain_chinese import duration_words
from tests.conftest import logged_in
from tests.core.test_two_factor import VERIFY, code, device_for, sign_in_with_password

LOCALE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"


def unescape(text: str) -> str:
    return re.sub(r'\\(["\\n])', lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_po(path: Path) -> dict[str, str]:
    """{msgid: msgstr} of a .po file (singular forms; enough for this catalog's entries)."""
    entries: dict[str, str] = {}
    key = None
    current = {"msgid": "", "msgstr": "", "msgstr[0]": ""}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip():
            if current["msgid"]:
                value = current["msgstr"] or current["msgstr[0]"]
                entries[unescape(current["msgid"])] = unescape(value)
            current = {"msgid": "", "msgstr": "", "msgstr[0]": ""}
            key = None
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalog_matches_its_source(domain):
    """The committed .mo is the .po compiled (``make messages``): an edit without compiling fails here."""
    source = read_po(LOCALE / f"{domain}.po")
    with open(LOCALE / f"{domain}.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    for msgid, msgstr in source.items():
        found = catalog.get(msgid, catalog.get((msgid, 0)))
        assert found == msgstr, msgid


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_each_entry_replaces_a_message_django_really_has(domain):
    """A Django upgrade that rewords a message would leave our entry unused: the msgid must still be in an
    installed catalog (Django's English source catalogs list every msgid)."""
    import django

    root = Path(django.__file__).parent
    known: set[str] = set()
    for po in root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
        known.update(read_po(po))
    missing = [msgid for msgid in read_po(LOCALE / f"{domain}.po") if msgid not in known]
    assert missing == []


def test_stock_validators_speak_plain_chinese():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as too_long:
            MaxLengthValidator(5000)("字" * 10000)
        assert too_long.value.messages == ["最多 5000 个字，现在 10000 个字。"]
        with pytest.raises(ValidationError) as email:
            EmailValidator()("not-an-address")
        assert email.value.messages == ["请输入有效的电子邮箱地址。"]
        assert str(forms.Field.default_error_messages["required"]) == "此项必填。"
        with pytest.raises(ValidationError) as date:
            forms.DateField().clean("2026-13-45")
        assert date.value.messages == ["请输入有效的日期，如 2026-03-01。"]


# Words of Django's zh_Hans catalogs no citizen should read: "this variable", "this value", "Email", the dashes.
STOCK_WORDING = re.compile(r"确保(该|此)|该值|该变量|Email|-{9}")


def test_no_stock_message_says_this_variable_this_value_or_email():
    """Every message whose Django zh_Hans text reads 确保该变量…/该值…/Email… has a plain entry of ours."""
    import django
    from django.apps import apps

    roots = [Path(django.__file__).parent / "conf", *(Path(a.path) for a in apps.get_app_configs())]
    stock = {
        msgid
        for root in roots
        for po in root.glob("locale/zh_Hans/LC_MESSAGES/django.po")
        for msgid, msgstr in read_po(po).items()
        if STOCK_WORDING.search(msgstr)
    }
    assert "Enter a valid email address." in stock  # the scan reads Django's catalog
    with translation.override("zh-hans"):
        left = {msgid: translation.gettext(msgid) for msgid in stock}
    assert {msgid: text for msgid, text in left.items() if STOCK_WORDING.search(text)} == {}


def test_admin_save_message_is_plain():
    with translation.override("zh-hans"):
        message = translation.gettext(
            "The {name} “{obj}” was changed successfully. You may edit it again below."
        )
    assert message == "已保存对{name}“{obj}”的修改，可以在下面继续修改。"


@pytest.mark.django_db
def test_admin_javascript_catalog_has_the_column_pickers_words(editor_a):
    """SelectFilter2 (the column picker) reads its words from the admin's jsi18n catalog; Django's zh_Hans
    catalog lacks the ones added in Django 5, which showed in English."""
    script = logged_in(editor_a).get("/manage/admin/jsi18n/").content.decode()
    assert '"Choose all %s": ' + json.dumps("选择全部%s") in script
    assert json.dumps("在左栏选中%s，再点“选择”箭头按钮。") in script
    assert json.dumps("移除全部%s") in script


# 请选择 --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_blank_choice_says_please_choose_in_forms_and_the_admin(office):
    class Form(PlainChoicesForm):
        unit = forms.ModelChoiceField(queryset=Organization.objects.all(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")], required=False)

    form = Form()
    assert next(iter(form.fields["unit"].choices))[1] == "请选择"
    assert next(iter(form.fields["kind"].choices))[1] == "请选择"

    page = logged_in(office).get("/manage/admin/core/user/add/").content.decode()
    assert "---------" not in page
    assert "请选择" in page


def _form_classes():
    """Every form class of the project (public, workspace, admin), their modules imported."""
    import importlib
    import pkgutil

    from django.urls import get_resolver

    import gongkai

    _patterns = get_resolver().url_patterns  # every view, and the forms the views import
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        parts = module.name.split(".")
        if "forms" in parts or "admin" in parts:  # modules a running site imports anyway
            importlib.import_module(module.name)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return sorted(
        {cls for cls in below(forms.BaseForm) if cls.__module__.startswith("gongkai.")},
        key=lambda cls: (cls.__module__, cls.__name__),
    )


@pytest.mark.django_db
def test_every_select_of_every_form_starts_with_please_choose(tree):
    """One renderer for the whole site (FORM_RENDERER): whatever a form's field says its blank choice is,
    a select draws 请选择. Every form class's selects are drawn as the site draws them."""
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    drawn = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if not isinstance(field.widget, forms.Select):
                continue
            if isinstance(field, forms.ModelChoiceField) and field.queryset is None:
                continue  # the form sets its queryset when it is made
            if getattr(field, "choices", None) is not None:
                html = field.widget.render(name, None, renderer=renderer)
                assert "---------" not in html, f"{cls.__module__}.{cls.__name__}.{name}"
                drawn.append(html)
    assert len(drawn) > 50 and any("请选择" in html for html in drawn)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/interaction/write/", "/foi/apply/"])
def test_public_forms_offer_please_choose(client, tree, path):
    from gongkai.interaction.models import Channel

    Channel.objects.create(code="mayor", name="市长信箱", kind="mailbox", unit=tree.city, reply_days=10)
    page = client.get(path).content.decode()
    assert "---------" not in page and "请选择" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, blank",
    # A blank choice reads 请选择 unless the form names what the blank means (共享名录 for the office's own list).
    [("/manage/items/new/", "请选择"), ("/manage/spotchecks/entities/new/", "共享名录（公开办维护）")],
)
def test_workspace_forms_offer_please_choose(office, path, blank):
    response = logged_in(office).get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "---------" not in page and f'<option value="" selected>{blank}</option>' in page


# The audit log in words ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, words",
    [
        ("publishing.informationitem.changed", "修改公开信息"),
        ("publishing.item.submit", "送审公开信息"),
        ("core.organization.created", "新增机构"),
        ("core.staff.created", "新增工作人员"),
        ("foi.application.answered", "答复政府信息公开申请"),
        ("interaction.message.received", "登记留言"),
        ("supervision.scored", "评分"),
        ("core.otp_device.added", "添加双因素登录设备"),
        ("made.up.code", "其他操作（made.up.code）"),
    ],
)
def test_audit_action_codes_read_as_words(code, words):
    with translation.override("zh-hans"):
        assert audit_labels.action_label(code) == words


@pytest.mark.django_db
def test_audit_log_shows_actions_and_columns_in_chinese(office, tree):
    page = logged_in(office).get("/manage/admin/core/auditevent/").content.decode()
    assert AuditEvent.objects.filter(action="core.organization.created").exists()
    assert "新增机构" in page
    assert ">core.organization.created<" not in page  # the code stays in the filter's address only
    for header in ["序号", "时间", "操作人", "操作"]:
        assert header in page
    assert not re.search(r">\s*(Seq|Hash|Prev hash)\s*<", page)
    event = AuditEvent.objects.filter(action="core.organization.created").first()
    detail = logged_in(office).get(f"/manage/admin/core/auditevent/{event.pk}/change/").content.decode()
    assert "哈希值" in detail and "上一条的哈希值" in detail and "新增机构" in detail
    assert "Hash:" not in detail and ">ID:" not in detail


# The second step's wait ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_right_code_during_the_wait_after_a_wrong_one_says_how_long_to_wait(office):
    """django-otp refuses every code for 1, 2, 4 ... seconds after a wrong one; the page said "验证码不正确"
    even for the right code. It now says to wait, how long, and does not count the try as a failure."""
    device = device_for(office)
    client = sign_in_with_password(office)
    assert client.post(VERIFY, {"otp_token": "000000"}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=3)  # waits 4 seconds
    response = client.post(VERIFY, {"otp_token": code(device)})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 4
    page = response.content.decode()
    assert "请等" in page and "秒后再输入" in page
    assert "验证码不正确" not in page


@pytest.mark.django_db
def test_lockout_page_says_minutes_not_an_iso_duration(editor_a):
    client = Client()
    for _ in range(5):
        response = client.post("/manage/admin/login/", {"username": "editor_a", "password": "wrong-password"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "请 30 分钟后再试" in page
    assert "PT30M" not in page


def test_durations_read_in_words():
    assert duration_words(4) == "4 秒"
    assert duration_words(1800) == "30 分钟"
    assert duration_words(5400) == "1 小时 30 分钟"
