"""A column page shows the standard catalog fields (公开事项 … 公开方式), 公开渠道和载体 and 公开内容（要素）
among them, and every standard column has its 公开内容（要素）: the template's and the demo's (issue 24, item 13)."""

import pytest
from django.apps import apps

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services, standard
from gongkai.publishing.models import Column, ColumnTemplate
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db


def test_the_column_page_shows_every_standard_catalog_field(tree, citizen):
    services.ensure_catalog(actor=SYSTEM, unit=tree.dept_a)
    column = Column.objects.get(unit=tree.dept_a, code="a20-02")
    column.channels = ["GOV_WEBSITE", "GOV_GAZETTE", "NOTICE_BOARD"]
    column.save()
    page = citizen.get(column.get_absolute_url()).text
    for label in (
        "公开事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
    ):
        assert f"<dt>{label}</dt>" in page, label
    assert "<dd>政府网站、政府公报、公示栏（电子屏）</dd>" in page
    assert f"<dd>{standard.CONTENT_ELEMENTS['a20-02']}</dd>" in page
    assert "负责人姓名、职务和分工" in page
    assert f"<dd>{tree.dept_a.name}</dd>" in page


def test_every_template_column_has_its_content_elements_and_a_channel(tree):
    templates = ColumnTemplate.objects.all()
    assert templates.count() == len(standard.TEMPLATE)
    assert not templates.filter(content_elements="").exists()
    services.ensure_catalog(actor=SYSTEM, unit=tree.county)
    columns = Column.objects.filter(unit=tree.county)
    assert columns.count() == templates.count()
    assert all(c.content_elements and c.channels for c in columns)


def test_filling_keeps_what_the_office_or_a_unit_wrote_and_fills_the_rest(tree):
    services.ensure_catalog(actor=SYSTEM, unit=tree.dept_b)
    ColumnTemplate.objects.filter(code="a20-07").update(content_elements="")
    ColumnTemplate.objects.filter(code="a20-08").update(content_elements="本局自定的要素。")
    Column.objects.filter(unit=tree.dept_b).update(content_elements="")
    Column.objects.filter(unit=tree.dept_b, code="a20-09").update(content_elements="单位自写。")
    standard.fill_content_elements(apps)
    assert ColumnTemplate.objects.get(code="a20-07").content_elements == standard.CONTENT_ELEMENTS["a20-07"]
    by_code = dict(Column.objects.filter(unit=tree.dept_b).values_list("code", "content_elements"))
    assert by_code["a20-07"] == standard.CONTENT_ELEMENTS["a20-07"]
    assert by_code["a20-08"] == "本局自定的要素。"
    assert by_code["a20-09"] == "单位自写。"
    assert all(by_code.values())


def test_no_standard_column_of_the_demo_has_empty_content_elements_or_channels(demo):
    standard_columns = Column.objects.filter(code__in=[code for code, *_rest in standard.TEMPLATE])
    assert standard_columns.count() >= 3520
    assert not standard_columns.filter(content_elements="").exists()
    assert not standard_columns.filter(channels=[]).exists()
    # The portals' own columns (要闻, 通知公告, 专题专栏) too: no column page of the demo shows an empty entry.
    assert list(Column.objects.filter(content_elements="").values_list("unit__name", "name")) == []
    assert list(Column.objects.filter(channels=[]).values_list("unit__name", "name")) == []
