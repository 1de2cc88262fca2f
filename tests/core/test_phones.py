"""Phone numbers on every form: mainland mobiles and landlines with their area code, by the national
numbering plan; offices' and services' contact numbers may also be service numbers (12345) and several."""

import pytest

from gongkai.core import phones
from tests.conftest import api_client


@pytest.mark.parametrize(
    ("value", "mobile_ok", "any_ok"),
    [
        ("13805391234", True, True),
        ("+86 138 0539 1234", True, True),
        ("0086 13805391234", True, True),
        ("0539-8123456", False, True),
        ("(0539)8123456", False, True),
        ("010-12345678", False, True),
        ("abc", False, False),
        ("12345678901", False, False),  # 11 digits, but no such mobile prefix
        ("1380539123", False, False),  # 10 digits
        ("8123456", False, False),  # a landline without its area code
        ("", False, False),
    ],
)
def test_mobile_and_landline_rules(value, mobile_ok, any_ok):
    assert (phones.problem(value, mobile_only=True) is None) is mobile_ok
    assert (phones.problem(value) is None) is any_ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("", True), ("12345", True), ("0539-8123456、12345", True), ("0539-8123456，13805391234", True),
     ("abc", False), ("0539-81234", False), ("12345、abc", False)],
)  # fmt: skip
def test_contact_numbers_may_be_several_and_service_numbers(value, ok):
    assert (phones.contact_problem(value) is None) is ok


def test_an_organization_and_a_staff_account_refuse_a_wrong_number(office, editor_a):
    client = api_client(office)
    org = client.patch(
        f"/api/v1/organizations/{office.unit_id}", {"phone": "电话号码"}, content_type="application/json"
    )
    assert org.status_code == 422 and "不是有效的电话号码" in org.json()["error"]["fields"]["phone"]
    fine = client.patch(f"/api/v1/organizations/{office.unit_id}", {"phone": "0539-8123456、12345"},
                        content_type="application/json")  # fmt: skip
    assert fine.status_code == 200
    staff = client.patch(f"/api/v1/staff/{editor_a.pk}", {"phone": "123"}, content_type="application/json")
    assert staff.status_code == 422 and "phone" in staff.json()["error"]["fields"]
