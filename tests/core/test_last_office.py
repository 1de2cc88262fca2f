"""The last active openness-office account of a unit stays; nobody demotes or deactivates themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import services
from gongkai.core.models import AuditEvent, User
from gongkai.core.roles import Role
from tests.conftest import _staff, api_client, logged_in

pytestmark = pytest.mark.django_db


def _patch(client, staff, body):
    return client.patch(f"/api/v1/staff/{staff.pk}", body, content_type="application/json")


def test_the_only_office_cannot_be_demoted_through_the_api(office):
    """The hole in issue 15: the only openness-office account was demoted to editor through PATCH."""
    root = User.objects.create_superuser("root", password="x-very-long-password-1")
    for client in (api_client(office), api_client(root)):
        response = _patch(client, office, {"role": "editor"})
        assert response.status_code == 422
    assert "最后一个在用的公开办账号" in response.json()["error"]["fields"]["role"]
    office.refresh_from_db()
    assert office.role == Role.OPENNESS_OFFICE
    assert not AuditEvent.objects.filter(action="core.staff.changed").exists()


def test_the_only_office_cannot_be_demoted_by_a_superuser_either(tree, office):
    root = User.objects.create_superuser("root", password="x-very-long-password-1")
    with pytest.raises(ValidationError):
        services.update_staff(actor=root, staff=office, role=Role.EDITOR)
    with pytest.raises(ValidationError):
        services.update_staff(actor=root, staff=office, is_active=False)
    with pytest.raises(ValidationError):
        services.update_staff(actor=root, staff=office, unit=tree.dept_a)


def test_an_office_cannot_demote_or_deactivate_itself_even_with_a_colleague(tree, office):
    _staff("office2", tree.city, Role.OPENNESS_OFFICE)
    client = api_client(office)
    demoted = _patch(client, office, {"role": "reviewer"})
    assert demoted.status_code == 422
    assert "不能降低自己的角色" in str(demoted.json()["error"])
    deactivated = _patch(client, office, {"is_active": False})
    assert deactivated.status_code == 422
    assert "不能停用自己的账号" in str(deactivated.json()["error"])


def test_a_unit_admin_cannot_demote_itself(admin_a):
    response = _patch(api_client(admin_a), admin_a, {"role": "editor"})
    assert response.status_code == 422
    admin_a.refresh_from_db()
    assert admin_a.role == Role.UNIT_ADMIN


def test_one_of_two_offices_may_be_demoted_by_the_other(tree, office):
    colleague = _staff("office2", tree.city, Role.OPENNESS_OFFICE)
    response = _patch(api_client(office), colleague, {"role": "editor"})
    assert response.status_code == 200
    assert response.json()["role"] == "editor"
    # Now the other is the last one.
    colleague.refresh_from_db()
    assert _patch(api_client(office), office, {"role": "editor"}).status_code == 422


def test_the_last_county_office_stays_although_the_city_office_supervises_the_county(county_office, office):
    response = _patch(api_client(office), county_office, {"role": "editor"})
    assert response.status_code == 422
    assert "临沂市兰山区人民政府" in str(response.json()["error"])
    assert _patch(api_client(office), county_office, {"is_active": False}).status_code == 422


def test_an_inactive_office_account_does_not_count(tree, office):
    spare = _staff("office2", tree.city, Role.OPENNESS_OFFICE)
    services.update_staff(actor=office, staff=spare, is_active=False)
    root = User.objects.create_superuser("root", password="x-very-long-password-1")
    with pytest.raises(ValidationError):
        services.update_staff(actor=root, staff=office, role=Role.EDITOR)


def test_other_changes_to_the_last_office_are_fine(office):
    response = _patch(api_client(office), office, {"full_name": "市公开办"})
    assert response.status_code == 200


def _change_form(staff, **overrides):
    data = {
        "username": staff.username,
        "full_name": staff.full_name,
        "unit": staff.unit_id,
        "role": staff.role,
        "phone": "",
        "email": "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_back_office_shows_a_form_error_for_the_last_office(county_office, office):
    client = logged_in(office)
    response = client.post(
        f"/manage/admin/core/user/{county_office.pk}/change/", _change_form(county_office, role="editor")
    )
    assert response.status_code == 200
    assert "最后一个在用的公开办账号" in response.text
    county_office.refresh_from_db()
    assert county_office.role == Role.OPENNESS_OFFICE


def test_back_office_refuses_deactivating_yourself(tree, office):
    _staff("office2", tree.city, Role.OPENNESS_OFFICE)
    client = logged_in(office)
    response = client.post(
        f"/manage/admin/core/user/{office.pk}/change/", _change_form(office, is_active=None)
    )
    assert response.status_code == 200
    assert "不能停用自己的账号" in response.text
    office.refresh_from_db()
    assert office.is_active
