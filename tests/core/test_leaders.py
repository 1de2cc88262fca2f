"""领导信息: a unit admin keeps their own unit's leaders in the back office (audited); other units' leaders stay
out of reach; the public page of the unit shows the active ones in order."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent, Leader
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db

ADD = "/manage/admin/core/leader/add/"


def test_unit_admin_adds_a_leader_to_their_unit_and_the_change_is_audited(tree, admin_a):
    client = logged_in(admin_a)
    response = client.post(
        ADD,
        {"organization": tree.dept_a.pk, "name": "张建华", "title": "主任", "duties": "主持全面工作。",
         "sort_order": 1, "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    leader = Leader.objects.get(name="张建华")
    assert leader.organization == tree.dept_a
    assert AuditEvent.objects.filter(action="core.leader.created", unit=tree.dept_a).exists()


def test_unit_admin_cannot_add_or_see_another_units_leaders(tree, admin_a):
    other = Leader.objects.create(organization=tree.dept_b, name="李丽萍", title="局长")
    client = logged_in(admin_a)
    response = client.post(
        ADD, {"organization": tree.dept_b.pk, "name": "王某", "title": "局长", "sort_order": 1}
    )
    assert response.status_code == 200  # the form refuses a unit outside the admin's reach
    assert not Leader.objects.filter(name="王某").exists()
    assert client.get(f"/manage/admin/core/leader/{other.pk}/change/").status_code == 404
    assert "李丽萍" not in client.get("/manage/admin/core/leader/").content.decode()


def test_the_unit_page_lists_active_leaders_in_order(tree, client):
    Leader.objects.create(organization=tree.dept_a, name="副职甲", title="副主任", sort_order=2)
    Leader.objects.create(
        organization=tree.dept_a, name="正职乙", title="主任", duties="主持全面工作。", sort_order=1
    )
    Leader.objects.create(organization=tree.dept_a, name="离任丙", title="副主任", is_active=False)
    page = client.get(reverse("site:organization-detail", args=[tree.dept_a.pk])).content.decode()
    assert page.index("正职乙") < page.index("副职甲")
    assert "主持全面工作。" in page and "离任丙" not in page
