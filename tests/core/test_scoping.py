"""A unit's staff reach their own unit only; an openness office reaches its whole subtree.

Checked through the three doors: the back office, the staff API and the public pages.
"""

import pytest

from gongkai.core import access, services
from gongkai.core.models import AuditEvent, User
from gongkai.core.roles import Capability, Role
from tests.conftest import api_client, logged_in

pytestmark = pytest.mark.django_db


# Back office ----------------------------------------------------------------------------------------


def test_unit_admin_lists_only_its_own_units_staff(admin_a, editor_a, editor_b):
    page = logged_in(admin_a).get("/manage/admin/core/user/")
    assert page.status_code == 200
    assert "editor_a" in page.text
    assert "editor_b" not in page.text


def test_unit_admin_cannot_open_or_change_another_units_staff(admin_a, editor_b):
    client = logged_in(admin_a)
    url = f"/manage/admin/core/user/{editor_b.pk}/change/"
    assert client.get(url).status_code in (302, 404)
    response = client.post(
        url, {"username": "hijacked", "full_name": "x", "role": "editor", "is_active": "on"}
    )
    assert response.status_code in (302, 403, 404)
    editor_b.refresh_from_db()
    assert editor_b.username == "editor_b"
    assert client.get(f"/manage/admin/core/user/{editor_b.pk}/password/").status_code == 404


def test_unit_admin_cannot_change_another_units_profile(admin_a, tree):
    client = logged_in(admin_a)
    assert client.get(f"/manage/admin/core/organization/{tree.dept_b.pk}/change/").status_code == 404
    assert client.get(f"/manage/admin/core/organization/{tree.dept_b.pk}/history/").status_code == 404
    own = client.get(f"/manage/admin/core/organization/{tree.dept_a.pk}/change/")
    assert own.status_code == 200


def test_editor_sees_no_staff_management_and_no_audit(editor_a):
    client = logged_in(editor_a)
    assert client.get("/manage/admin/core/auditevent/").status_code == 403
    index = client.get("/manage/admin/")
    assert index.status_code == 200
    assert "/manage/admin/core/auditevent/" not in index.text


def test_openness_office_sees_every_unit_below_it(office, editor_a, editor_b, tree):
    lanshan_editor = services.create_staff(
        actor=office, username="street_editor", unit=tree.street, role=Role.EDITOR
    )
    page = logged_in(office).get("/manage/admin/core/user/")
    for username in ("editor_a", "editor_b", lanshan_editor.username):
        assert username in page.text


def test_county_office_sees_its_county_not_the_city_departments(county_office, editor_a, tree):
    services.create_staff(actor=county_office, username="street_editor", unit=tree.street, role=Role.EDITOR)
    page = logged_in(county_office).get("/manage/admin/core/user/")
    assert "street_editor" in page.text
    assert "editor_a" not in page.text
    orgs = logged_in(county_office).get("/manage/admin/core/organization/")
    assert "兰山街道办事处" in orgs.text
    assert "临沂市教育局" not in orgs.text


def test_back_office_save_goes_through_the_service_and_is_audited(admin_a, editor_a):
    client = logged_in(admin_a)
    response = client.post(
        f"/manage/admin/core/user/{editor_a.pk}/change/",
        {
            "username": "editor_a",
            "full_name": "张编辑",
            "unit": editor_a.unit_id,
            "role": "reviewer",
            "phone": "",
            "email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    editor_a.refresh_from_db()
    assert editor_a.role == Role.REVIEWER
    event = AuditEvent.objects.get(action="core.staff.changed")
    assert event.actor == admin_a
    assert event.changes["role"] == ["editor", "reviewer"]


# Staff API ------------------------------------------------------------------------------------------


def test_api_lists_only_own_units_staff(admin_a, editor_a, editor_b):
    body = api_client(admin_a).get("/api/v1/staff").json()
    assert {s["username"] for s in body["items"]} == {"admin_a", "editor_a"}


def test_api_refuses_reading_and_changing_another_units_records(admin_a, editor_b, tree):
    client = api_client(admin_a)
    assert client.get(f"/api/v1/staff/{editor_b.pk}").status_code == 404
    patch = client.patch(
        f"/api/v1/staff/{editor_b.pk}", {"role": "reviewer"}, content_type="application/json"
    )
    assert patch.status_code == 404
    org = client.patch(
        f"/api/v1/organizations/{tree.dept_b.pk}", {"phone": "1"}, content_type="application/json"
    )
    assert org.status_code == 404
    create = client.post(
        "/api/v1/staff",
        {"username": "planted", "unit_id": tree.dept_b.pk, "role": "editor"},
        content_type="application/json",
    )
    assert create.status_code == 404
    editor_b.refresh_from_db()
    assert editor_b.role == Role.EDITOR
    assert not User.objects.filter(username="planted").exists()


def test_unit_admin_cannot_grant_a_role_above_its_own(admin_a, editor_a, tree):
    client = api_client(admin_a)
    response = client.patch(
        f"/api/v1/staff/{editor_a.pk}", {"role": "openness_office"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    editor_a.refresh_from_db()
    assert editor_a.role == Role.EDITOR


def test_editor_cannot_manage_staff_even_in_its_own_unit(editor_a, reviewer_a):
    client = api_client(editor_a)
    assert [s["username"] for s in client.get("/api/v1/staff").json()["items"]] == ["editor_a"]
    response = client.patch(
        f"/api/v1/staff/{editor_a.pk}", {"role": "reviewer"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_audit_api_is_for_openness_offices_and_scoped(office, county_office, admin_a, editor_a, tree):
    services.update_organization(actor=office, organization=tree.dept_a, phone="0539-8120001")
    services.update_organization(actor=county_office, organization=tree.street, phone="0539-8120002")
    assert api_client(admin_a).get("/api/v1/audit").status_code == 403
    county_units = {e["unit_id"] for e in api_client(county_office).get("/api/v1/audit").json()["items"]}
    assert county_units <= {tree.county.pk, tree.street.pk} and tree.street.pk in county_units
    city_units = {e["unit_id"] for e in api_client(office).get("/api/v1/audit?page_size=100").json()["items"]}
    assert {tree.dept_a.pk, tree.street.pk} <= city_units


# Public pages ---------------------------------------------------------------------------------------


def test_public_pages_do_not_reveal_staff(citizen, editor_a, tree):
    page = citizen.get(f"/organizations/{tree.dept_a.pk}/")
    assert page.status_code == 200
    assert "editor_a" not in page.text
    assert citizen.get("/manage/admin/core/user/").status_code == 302  # to the login page
    assert citizen.get("/api/v1/staff").status_code == 401


# The rule itself -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit", "expected"),
    [
        ("editor_a", "dept_a", True),
        ("editor_a", "dept_b", False),
        ("office", "street", True),
        ("county_office", "street", True),
        ("county_office", "dept_a", False),
        ("county_office", "city", False),
    ],
)
def test_reach_by_persona(request, tree, persona, unit, expected):
    user = request.getfixturevalue(persona)
    assert access.can(user, Capability.EDIT_CONTENT, getattr(tree, unit)) is expected


def _add_staff_form(unit, role="editor", username="new_editor"):
    return {
        "username": username,
        "full_name": "李编辑",
        "unit": unit.pk,
        "role": role,
        "phone": "",
        "usable_password": "true",
        "password1": "Yimeng-mountain-42",
        "password2": "Yimeng-mountain-42",
    }


def test_unit_admin_adds_staff_to_its_own_unit_in_the_back_office(admin_a, tree):
    response = logged_in(admin_a).post("/manage/admin/core/user/add/", _add_staff_form(tree.dept_a))
    assert response.status_code == 302, response.content
    created = User.objects.get(username="new_editor")
    assert (created.unit, created.role, created.is_staff) == (tree.dept_a, Role.EDITOR, True)
    assert created.check_password("Yimeng-mountain-42")
    assert AuditEvent.objects.filter(
        action="core.staff.created", object_id=str(created.pk), actor=admin_a
    ).exists()


def test_unit_admin_cannot_add_staff_to_another_unit_or_above_its_role(admin_a, tree):
    client = logged_in(admin_a)
    other_unit = client.post("/manage/admin/core/user/add/", _add_staff_form(tree.dept_b))
    assert other_unit.status_code == 200 and "不在可选范围内" in other_unit.text
    too_high = client.post(
        "/manage/admin/core/user/add/", _add_staff_form(tree.dept_a, role="openness_office")
    )
    assert too_high.status_code == 200 and "不在可选范围内" in too_high.text
    assert not User.objects.filter(username="new_editor").exists()
