"""The organization tree: paths, subtrees, moves, validation, and the audit record each change leaves."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent, Organization, OrgType
from tests.conftest import api_client

pytestmark = pytest.mark.django_db


def test_subtree_holds_the_county_and_its_street_but_not_departments(tree):
    names = set(Organization.objects.subtree(tree.county).values_list("name", flat=True))
    assert names == {"临沂市兰山区人民政府", "兰山街道办事处"}
    assert tree.street.depth == 2 and tree.city.depth == 0


def test_moving_an_organization_moves_its_subtree(tree, office):
    town = services.create_organization(
        actor=office, parent=tree.street, name="某社区居委会", org_type=OrgType.OTHER, short_name="某社区"
    )
    services.update_organization(actor=office, organization=tree.street, parent=tree.dept_b)
    town.refresh_from_db()
    assert town.is_within(tree.dept_b)
    assert not town.is_within(tree.county)
    assert set(Organization.objects.subtree(tree.county)) == {tree.county}


def test_an_organization_cannot_move_under_its_own_descendant(tree, office):
    with pytest.raises(ValidationError) as excinfo:
        services.update_organization(actor=office, organization=tree.county, parent=tree.street)
    assert "上级机构不能是本机构或其下级机构" in str(excinfo.value)
    tree.county.refresh_from_db()
    assert tree.county.parent == tree.city


def test_bad_credit_code_gets_a_chinese_field_error_and_changes_nothing(tree, office):
    client = api_client(office)
    count = AuditEvent.objects.count()
    response = client.patch(
        f"/api/v1/organizations/{tree.dept_a.pk}",
        {"credit_code": "91350100M000100Y44"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "校验位不正确" in response.json()["error"]["fields"]["credit_code"]
    tree.dept_a.refresh_from_db()
    assert tree.dept_a.credit_code != "91350100M000100Y44"
    assert AuditEvent.objects.count() == count


def test_change_records_who_what_before_and_after(tree, office):
    client = api_client(office)
    response = client.patch(
        f"/api/v1/organizations/{tree.dept_a.pk}",
        {"phone": "0539-8720000", "address": "临沂市北城新区市府大楼"},
        content_type="application/json",
        REMOTE_ADDR="10.20.30.40",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="core.organization.changed")
    assert event.actor == office
    assert event.unit == tree.dept_a
    assert event.object_id == str(tree.dept_a.pk)
    assert event.changes == {"phone": ["", "0539-8720000"], "address": ["", "临沂市北城新区市府大楼"]}
    assert event.ip == "10.20.30.40"


def test_credit_code_is_stored_upper_case(tree, office):
    services.update_organization(actor=office, organization=tree.dept_b, credit_code=" 91350100m000100y43 ")
    tree.dept_b.refresh_from_db()
    assert tree.dept_b.credit_code == "91350100M000100Y43"


def test_public_api_lists_active_organizations_paginated_and_filtered(tree, citizen):
    services.update_organization(actor=SYSTEM, organization=tree.dept_b, is_active=False)
    body = citizen.get("/api/v1/organizations", {"page_size": 2}).json()
    assert body["count"] == 4 and len(body["items"]) == 2 and body["page"] == 1
    names = [
        o["name"] for o in citizen.get("/api/v1/organizations", {"within": tree.county.pk}).json()["items"]
    ]
    assert names == ["临沂市兰山区人民政府", "兰山街道办事处"]
    counties = citizen.get("/api/v1/organizations", {"org_type": "county"}).json()["items"]
    assert [o["org_type_label"] for o in counties] == ["县区人民政府"]
    assert citizen.get(f"/api/v1/organizations/{tree.dept_b.pk}").status_code == 404
    assert citizen.get("/api/v1/organizations", {"page_size": 101}).status_code == 422


def test_creating_an_organization_through_the_api(tree, office):
    client = api_client(office)
    response = client.post(
        "/api/v1/organizations",
        {"name": "银雀山街道办事处", "org_type": "township", "parent_id": tree.county.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    created = Organization.objects.get(name="银雀山街道办事处")
    assert created.is_within(tree.county)
    assert AuditEvent.objects.filter(action="core.organization.created", object_id=str(created.pk)).exists()
