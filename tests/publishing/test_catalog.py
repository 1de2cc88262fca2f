"""Catalogs: every unit starts from the standard template, which the openness office adjusts as data."""

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import Column, ColumnTemplate
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_template_builds_the_statutory_tree(catalogs):
    columns = {c.code: c for c in Column.objects.filter(unit=catalogs.dept_a).select_related("parent")}
    assert columns["xxgk-guide"].parent.name == "政府信息公开"
    assert columns["a20-01"].parent.name == "法定主动公开内容"
    assert columns["a21-04"].name == "土地征收"
    assert columns["ka-education"].parent.name == "重点领域"
    assert {"policy", "interpretation", "xxgk-annual"} <= set(columns)
    assert len([c for c in columns if c.startswith("a20-")]) == 15
    assert columns["a20-01"].legal_basis.endswith("第二十条")
    assert columns["a20-01"].subject == "临沂市发展和改革委员会"


def test_ensure_catalog_is_idempotent_and_adds_new_template_columns(catalogs):
    before = Column.objects.filter(unit=catalogs.dept_a).count()
    assert services.ensure_catalog(actor=SYSTEM, unit=catalogs.dept_a) == []
    parent = ColumnTemplate.objects.get(code="key-areas")
    ColumnTemplate.objects.create(code="ka-housing", name="保障性住房", parent=parent, sort_order=999)
    added = services.ensure_catalog(actor=SYSTEM, unit=catalogs.dept_a)
    assert [c.name for c in added] == ["保障性住房"]
    assert added[0].parent.code == "key-areas"
    assert Column.objects.filter(unit=catalogs.dept_a).count() == before + 1


def test_office_adjusts_the_template_in_the_back_office(office, catalogs):
    parent = ColumnTemplate.objects.get(code="key-areas")
    response = logged_in(office).post(
        "/manage/admin/publishing/columntemplate/add/",
        {
            "code": "ka-housing",
            "name": "保障性住房",
            "parent": parent.pk,
            "sort_order": 999,
            "audience": "public",
            "mode": "proactive",
            "time_limit": "自信息形成或者变更之日起20个工作日内",
            "channels": '["GOV_WEBSITE"]',
        },
    )
    assert response.status_code == 302, response.content
    assert AuditEvent.objects.filter(action="publishing.columntemplate.created", actor=office).exists()


def test_editors_cannot_change_the_template(editor_a, catalogs):
    response = logged_in(editor_a).post(
        "/manage/admin/publishing/columntemplate/add/", {"code": "x", "name": "x"}
    )
    assert response.status_code == 403
    assert not ColumnTemplate.objects.filter(code="x").exists()
