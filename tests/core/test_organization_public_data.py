"""A unit's page and the API carry the same public data: 机构职能, address, office hours, phone, fax, postcode,
e-mail, FOI office, the leaders in office with their duties and since when, the sub-units, and links to the
unit's catalog and guide (issue 24, item 8)."""

import datetime as dt

import pytest

from gongkai.core import services
from gongkai.core.actors import SYSTEM
from gongkai.core.models import Leader

pytestmark = pytest.mark.django_db

CONTACT = {
    "description": "拟订并组织实施全市国民经济和社会发展规划。",
    "address": "山东省临沂市北城新区北京路37号",
    "postcode": "276000",
    "office_hours": "工作日上午9:00—12:00，下午13:30—17:00",
    "phone": "0539-8123456",
    "fax": "0539-8123457",
    "email": "lyfgw@linyi.gov.cn",
    "foi_office": "办公室",
}


@pytest.fixture
def unit(tree):
    services.update_organization(actor=SYSTEM, organization=tree.dept_a, **CONTACT)
    Leader.objects.create(
        organization=tree.dept_a, name="王建华", title="主任", duties="主持全面工作。", sort_order=1,
        since=dt.date(2023, 3, 15),
    )  # fmt: skip
    Leader.objects.create(organization=tree.dept_a, name="李志强", title="副主任", sort_order=2)
    Leader.objects.create(organization=tree.dept_a, name="离任者", title="副主任", is_active=False)
    return tree.dept_a


def test_the_api_carries_the_public_data_of_the_page(unit, citizen):
    body = citizen.get(f"/api/v1/organizations/{unit.pk}").json()
    for key, value in CONTACT.items():
        assert body[key] == value, key
    assert body["leaders"] == [
        {"name": "王建华", "title": "主任", "duties": "主持全面工作。", "since": "2023-03-15"},
        {"name": "李志强", "title": "副主任", "duties": "", "since": None},
    ]
    listed = citizen.get("/api/v1/organizations", {"q": unit.short_name or unit.name}).json()["items"]
    assert [o["leaders"] for o in listed if o["id"] == unit.pk] == [body["leaders"]]


def test_the_page_shows_contact_data_leaders_since_when_and_links_to_catalog_and_guide(unit, citizen):
    page = citizen.get(f"/organizations/{unit.pk}/").text
    for value in CONTACT.values():
        assert value in page
    assert "依申请公开受理机构" in page and "传真" in page and "邮政编码" in page
    assert "2023年3月起任现职" in page
    assert "离任者" not in page
    assert f'href="/xxgk/{unit.pk}/"' in page
    assert f'href="/xxgk/{unit.pk}/guide/"' in page
