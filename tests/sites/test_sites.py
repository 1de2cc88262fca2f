"""Sites: the host name picks the portal; GET /api/v1/sites lists them."""

from __future__ import annotations

import pytest

from gongkai.sites import resolve
from gongkai.sites.models import FallbackSite, Site, SiteHost, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def portals(tree):
    city = Site.objects.create(root=tree.city, name="临沂市人民政府", is_default=True, id_code="3713000001")
    SiteHost.objects.create(site=city, host="www.linyi.gov.cn", is_primary=True)
    county = Site.objects.create(root=tree.county, name="临沂市兰山区人民政府", theme=Theme.BLUE)
    SiteHost.objects.create(site=county, host="lanshan.localhost", is_primary=True)
    SiteHost.objects.create(site=county, host="www.lanshan.gov.cn")
    return city, county


def test_without_a_configured_site_the_whole_tree_is_one_site(tree, client, settings):
    site = resolve.site_for_host("anything.example")
    assert isinstance(site, FallbackSite)
    assert site.covers(tree.street)
    response = client.get("/")
    assert settings.GONGKAI_SITE_NAME in response.content.decode()


def test_the_host_name_picks_the_site_and_a_port_is_ignored(portals):
    city, county = portals
    assert resolve.site_for_host("lanshan.localhost:8000").pk == county.pk
    assert resolve.site_for_host("WWW.LANSHAN.GOV.CN").pk == county.pk
    assert resolve.site_for_host("www.linyi.gov.cn").pk == city.pk
    assert resolve.site_for_host("10.0.0.5").pk == city.pk  # an unclaimed host: the default site


def test_a_site_covers_its_subtree_but_not_a_nested_site(portals, tree):
    city, county = resolve.site_for_host("www.linyi.gov.cn"), resolve.site_for_host("lanshan.localhost")
    assert city.covers(tree.dept_a) and not city.covers(tree.street) and not city.covers(tree.county)
    assert county.covers(tree.street) and not county.covers(tree.dept_a)
    assert resolve.site_of(tree.street).root_id == tree.county.pk
    assert set(city.units().values_list("pk", flat=True)) == {tree.city.pk, tree.dept_a.pk, tree.dept_b.pk}


def test_a_new_host_is_seen_at_once(portals, tree):
    city, county = portals
    assert resolve.site_for_host("lanshan.example").pk == city.pk
    SiteHost.objects.create(site=county, host="lanshan.example")
    assert resolve.site_for_host("lanshan.example").pk == county.pk


def test_pages_carry_the_name_of_the_site_of_their_host(portals, client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.linyi.gov.cn"]
    city_page = client.get("/", HTTP_HOST="www.linyi.gov.cn").content.decode()
    county_page = client.get("/", HTTP_HOST="lanshan.localhost").content.decode()
    assert "临沂市兰山区人民政府" in county_page
    assert "临沂市兰山区人民政府" not in city_page.split("<main", 1)[0]


def test_the_api_lists_sites_with_hosts_and_roots(portals, client, tree):
    response = client.get("/api/v1/sites")
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()}
    assert rows["临沂市兰山区人民政府"]["root_id"] == tree.county.pk
    assert rows["临沂市兰山区人民政府"]["primary_host"] == "lanshan.localhost"
    assert set(rows["临沂市兰山区人民政府"]["hosts"]) == {"lanshan.localhost", "www.lanshan.gov.cn"}
    assert rows["临沂市人民政府"]["is_default"] is True
