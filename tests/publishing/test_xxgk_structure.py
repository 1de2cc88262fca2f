"""The 政府信息公开 column as 国办公开办函〔2019〕61号 sets it: the same four parts for every unit, the structure
first on /xxgk/, the units second, each portal showing only its own subtree."""

import importlib

import pytest
from django.apps import apps

from gongkai.core.actors import SYSTEM
from gongkai.core.models import AuditEvent
from gongkai.publishing import services, standard
from gongkai.publishing.models import Column
from gongkai.sites.models import Site, SiteHost
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db

PARTS = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


def parts_of(unit):
    root = Column.objects.get(unit=unit, code="xxgk")
    return list(
        Column.objects.filter(parent=root, is_active=True)
        .order_by("sort_order", "pk")
        .values_list("name", flat=True)
    )


def test_every_unit_gets_the_column_with_its_four_parts_in_order(catalogs):
    for unit in (catalogs.city, catalogs.dept_a, catalogs.county):
        assert Column.objects.get(unit=unit, code="xxgk").name == "政府信息公开"
        assert parts_of(unit) == PARTS


def test_statutory_content_holds_the_article_20_items(catalogs):
    statutory = Column.objects.get(unit=catalogs.dept_a, code="xxgk-statutory")
    names = list(statutory.children.values_list("name", flat=True))
    assert "行政法规、规章和规范性文件" in names
    assert "财政预算、决算信息" in names


def test_ensure_catalog_gives_back_the_standard_names_and_places(catalogs):
    guide = column(catalogs.dept_a, "xxgk-guide")
    guide.name, guide.is_active = "办事指南", False
    guide.save()
    annual = column(catalogs.dept_a, "xxgk-annual")
    annual.parent = column(catalogs.dept_a, "key-areas")
    annual.save()

    services.ensure_catalog(actor=SYSTEM, unit=catalogs.dept_a)

    assert parts_of(catalogs.dept_a) == PARTS
    assert AuditEvent.objects.filter(
        action="publishing.catalog.standardized", object_id=str(catalogs.dept_a.pk)
    ).exists()
    # a second run changes nothing and records nothing
    services.ensure_catalog(actor=SYSTEM, unit=catalogs.dept_a)
    assert AuditEvent.objects.filter(action="publishing.catalog.standardized").count() == 1


def test_the_migration_gives_existing_units_the_structure(tree):
    standard.load(apps)
    assert not Column.objects.filter(unit=tree.dept_b).exists()
    migration = importlib.import_module("gongkai.publishing.migrations.0006_standard_xxgk_structure")

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # idempotent

    assert parts_of(tree.dept_b) == PARTS
    assert Column.objects.filter(unit=tree.dept_b, code="xxgk-guide").count() == 1
    assert Column.objects.get(unit=tree.street, code="xxgk").level == "乡级"


def test_index_shows_the_structure_before_the_units(client, catalogs):
    page = client.get("/xxgk/").text
    structure = page.index("临沂市人民政府政府信息公开")
    units = page.index("各机关政府信息公开")
    assert structure < units
    for name in PARTS:
        assert structure < page.index(name, structure) < units
    # entry to 法定主动公开内容's columns and the key areas
    a20 = column(catalogs.city, "a20-07")
    assert page.index(f'href="{a20.get_absolute_url()}"') < units
    assert page.index(f'href="{column(catalogs.city, "ka-education").get_absolute_url()}"') < units
    # the guide part opens the generated guide
    assert f'href="/xxgk/{catalogs.city.pk}/guide/"' in page


def test_index_never_heads_a_unit_with_a_zero_count(client, catalogs, editor_a, reviewer_a):
    publish(make_item(catalogs.dept_a, actor=editor_a), editor_a, reviewer_a)
    page = client.get("/xxgk/").text
    units = page[page.index("各机关政府信息公开") :]
    assert "（0）" not in page and "(0)" not in page
    assert f'<a href="/xxgk/{catalogs.dept_a.pk}/">市发展改革委</a> <span class="count">1条</span>' in units
    assert f'<a href="/xxgk/{catalogs.dept_b.pk}/">市教育局</a></li>' in units
    # grouped: the city's own level first, the counties after
    assert units.index("市发展改革委") < units.index("县区") < units.index("兰山区")


def test_a_unit_without_a_catalog_is_left_out(client, catalogs):
    page = client.get("/xxgk/").text
    assert "兰山街道" not in page  # the street has no columns in this tree


@pytest.fixture
def lanshan_site(catalogs):
    site = Site.objects.create(root=catalogs.county, name="临沂市兰山区人民政府")
    SiteHost.objects.create(site=site, host="lanshan.localhost", is_primary=True)
    city = Site.objects.create(root=catalogs.city, name="临沂市人民政府", is_default=True)
    SiteHost.objects.create(site=city, host="testserver", is_primary=True)
    services.ensure_catalog(actor=SYSTEM, unit=catalogs.street)
    return site


def test_a_county_portal_shows_its_own_structure_and_units(client, catalogs, lanshan_site):
    page = client.get("/xxgk/", headers={"host": "lanshan.localhost"}).text
    assert "临沂市兰山区人民政府政府信息公开" in page
    assert f'href="/xxgk/{catalogs.county.pk}/guide/"' in page
    assert "兰山街道" in page
    assert "市发展改革委" not in page
    city_page = client.get("/xxgk/").text
    assert "兰山街道" not in city_page and "市发展改革委" in city_page


def test_a_unit_of_another_portal_moves_to_its_portal(client, catalogs, lanshan_site):
    for path in (f"/xxgk/{catalogs.dept_a.pk}/", f"/xxgk/{catalogs.dept_a.pk}/guide/"):
        response = client.get(path, headers={"host": "lanshan.localhost"})
        assert response.status_code == 302
        assert response["Location"] == f"http://testserver{path}"
    assert (
        client.get(f"/xxgk/{catalogs.street.pk}/", headers={"host": "lanshan.localhost"}).status_code == 200
    )


def test_unit_page_leads_with_the_four_parts(client, catalogs):
    page = client.get(f"/xxgk/{catalogs.dept_a.pk}/").text
    structure = page[page.index('class="xxgk-structure"') :]
    positions = [structure.index(name) for name in PARTS]
    assert positions == sorted(positions)
    assert "政策文件" in structure  # the unit's other columns follow
    assert f"/foi/apply/?unit={catalogs.dept_a.pk}" in page


def test_the_guide_column_opens_the_guide(client, catalogs):
    guide = column(catalogs.dept_a, "xxgk-guide")
    assert guide.get_absolute_url() == f"/xxgk/{catalogs.dept_a.pk}/guide/"
    response = client.get(f"/xxgk/{catalogs.dept_a.pk}/columns/{guide.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/xxgk/{catalogs.dept_a.pk}/guide/"


def test_titles_do_not_repeat_the_site_name(client, catalogs, settings):
    page = client.get(f"/xxgk/{catalogs.city.pk}/guide/").text
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert title.count("临沂市人民政府") == 1
