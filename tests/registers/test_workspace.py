"""The 重点领域台账 workspace pages: adjusting and cancelling a power item and a fee (versions on the public page),
the credit-platform export with whole ID numbers (audited), and another unit's records out of reach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core import idcard
from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.registers import services
from gongkai.registers.models import ChangeKind, DecisionKind, FeeItem, PowerItem
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def item(tree):
    return services.save_power_item(
        actor=system("test"), unit=tree.dept_a, changed_on=TODAY,
        fields={"code": "XK-1", "name": "固定资产投资项目核准", "power_type": "行政许可", "basis": "《企业投资项目核准和备案管理条例》第三条"},
    )  # fmt: skip


def post_power(client, item, **changes):
    data = {"unit": item.unit_id, "code": item.code, "name": item.name, "power_type": item.power_type,
            "basis": item.basis, "implementing_unit": item.implementing_unit, "responsibility": "",
            "parent_code": "", "reason": "law", "note": "", "changed_on": "2026-01-05", **changes}  # fmt: skip
    return client.post(reverse("workspace:registers-power", args=[item.pk]), data)


def test_an_adjustment_is_a_new_version_shown_as_a_difference_on_the_public_page(item, editor_a, citizen):
    client = logged_in(editor_a)
    assert post_power(client, item, basis="《企业投资项目核准和备案管理条例》第六条").status_code == 302
    item.refresh_from_db()
    assert item.version == 2 and item.changed_on == dt.date(2026, 1, 5)
    change = item.changes.get(version=2)
    assert change.kind == ChangeKind.CHANGED and change.get_reason_display() == "法律法规修改"
    page = citizen.get(item.get_absolute_url()).content.decode()
    assert "<del>《企业投资项目核准和备案管理条例》第三条</del>" in page and "第六条</ins>" in page
    assert post_power(client, item).status_code == 302  # nothing changed: no version
    assert PowerItem.objects.get(pk=item.pk).version == 2
    assert AuditEvent.objects.filter(action="registers.power.adjusted").count() == 1


def test_a_wrong_input_is_a_chinese_error_and_changes_nothing(item, editor_a):
    page = post_power(logged_in(editor_a), item, power_type="x", changed_on="2026-13-01")
    summary = page.content.decode().split("error-summary", 1)[1][:2000]
    assert page.status_code == 200 and "调整日期" in summary and "事项类型" in summary
    assert PowerItem.objects.get(pk=item.pk).version == 1


def test_cancelling_keeps_the_page_and_takes_it_off_the_list(item, editor_a, citizen):
    response = logged_in(editor_a).post(
        reverse("workspace:registers-power", args=[item.pk]),
        {"cancel-reason": "reform", "cancel-note": "职责划转", "cancel-changed_on": "2026-02-01"},
    )
    assert response.status_code == 302
    assert "固定资产投资项目核准" not in citizen.get("/registers/powers/").content.decode()
    assert "本事项已于2026年2月1日取消" in citizen.get(item.get_absolute_url()).content.decode()


def test_another_units_editor_cannot_reach_the_item_or_fee(item, editor_b):
    client = logged_in(editor_b)
    assert client.get(reverse("workspace:registers-power", args=[item.pk])).status_code == 404
    assert post_power(client, item, name="改名").status_code == 404
    assert PowerItem.objects.get(pk=item.pk).name == "固定资产投资项目核准"


def test_a_fee_adjusted_and_cancelled_keeps_every_dated_change(tree, editor_a, citizen):
    client = logged_in(editor_a)
    data = {"unit": tree.dept_a.pk, "kind": "administrative", "name": "证书工本费", "standard": "每本10元",
            "basis": "某文件", "payer": "", "change_basis": "临发改价〔2024〕1号", "changed_on": "2024-01-01"}  # fmt: skip
    assert client.post(reverse("workspace:registers-fee-new"), data).status_code == 302
    fee = FeeItem.objects.get()
    data |= {"standard": "每本5元", "change_basis": "临发改价〔2025〕2号", "changed_on": "2025-07-01"}
    assert client.post(reverse("workspace:registers-fee", args=[fee.pk]), data).status_code == 302
    cancel = {"cancel-change_basis": "临发改价〔2026〕3号", "cancel-changed_on": "2026-01-01"}
    assert client.post(reverse("workspace:registers-fee", args=[fee.pk]), cancel).status_code == 302
    assert [c.kind for c in fee.changes.order_by("changed_on")] == ["added", "changed", "cancelled"]
    page = citizen.get(fee.get_absolute_url()).content.decode()
    assert "每本10元" in page and "每本5元" in page and "临发改价〔2026〕3号" in page


def test_the_credit_platform_export_has_whole_id_numbers_and_is_audited(tree, editor_a, editor_b):
    number = "37130219900307" + "456"
    number += idcard.check_character(number)
    services.record_decision(actor=system("test"), unit=tree.dept_a, kind=DecisionKind.PENALTY, fields={
        "subject_name": "赵六", "subject_type": "自然人", "id_number": number, "doc_number": "罚9", "title": "罚款",
        "category": "罚款", "content": "事实", "basis": "依据", "decided_on": "2025-05-06",
    })  # fmt: skip
    url = reverse("workspace:registers-export", args=["penalties", "csv"])
    body = logged_in(editor_a).get(url).content.decode("utf-8-sig")
    assert number in body
    assert AuditEvent.objects.filter(action="registers.decisions.exported").count() == 1
    assert number not in logged_in(editor_b).get(url).content.decode("utf-8-sig")


@pytest.mark.parametrize(("code", "shown"), [("a20-06", True), ("ka-social-credit", True), ("a20-05", False)])
def test_a_units_catalog_columns_list_its_register_records(tree, citizen, code, shown):
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import Column

    publishing.ensure_catalog(actor=system("test"), unit=tree.dept_a)
    services.record_decision(actor=system("test"), unit=tree.dept_a, kind=DecisionKind.PENALTY, fields={
        "subject_name": "临沂宏达建设工程有限公司", "subject_type": "法人及非法人组织",
        "credit_code": "91371302MA0010002E", "legal_representative": "王建国", "doc_number": "发改罚〔2025〕8号",
        "title": "罚款", "category": "罚款", "content": "事实", "basis": "依据", "decided_on": timezone.localdate() - dt.timedelta(days=10),
    })  # fmt: skip
    page = citizen.get(Column.objects.get(unit=tree.dept_a, code=code).get_absolute_url()).content.decode()
    assert ("发改罚〔2025〕8号" in page) is shown
