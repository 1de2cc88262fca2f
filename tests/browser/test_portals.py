"""Two portals on one platform in a real browser: the city's on localhost and 兰山区's on lanshan.localhost
(Chromium sends every ``*.localhost`` name to the loopback), each with its own name, and a search on 兰山区's
portal that finds only 兰山区's documents until the visitor asks for 全市. The home pages' content is left to
their own tests: this one looks at the site name, the title and the units of search results."""

from __future__ import annotations

import re
from urllib.parse import quote

QUERY = "公开"


def _on(live_server, host: str) -> str:
    return live_server.url.replace("localhost", host, 1)


def _result_units(page) -> list[str]:
    metas = page.locator(".search-hits .item-meta").all_inner_texts()
    # "政府信息 · 临沂市兰山区人民政府 · 2025-01-01": the unit is the second part, when there is one
    return [parts[1].strip() for meta in metas if len(parts := meta.split("·")) > 2]


def test_two_portals_with_their_own_names_a_scoped_search_and_the_move_between_them(
    live_server, page, demo_items
):
    from gongkai.sites.models import Site

    city = Site.objects.get(hosts__host="localhost")
    county = Site.objects.get(hosts__host="lanshan.localhost")
    assert city.name != county.name
    county_units = set(county.units().values_list("name", flat=True))

    page.goto(_on(live_server, "localhost") + "/")
    assert city.name in page.title() or city.name in page.locator("header").first.inner_text()
    assert county.name not in page.title()

    lanshan = _on(live_server, "lanshan.localhost")
    page.goto(lanshan + "/")
    assert page.url.startswith(lanshan)
    assert county.name in page.title() or county.name in page.locator("header").first.inner_text()

    page.goto(f"{lanshan}/search/?q={quote(QUERY)}")
    units = _result_units(page)
    assert units, "the search on 兰山区's portal finds 兰山区's documents"
    assert set(units) <= county_units, set(units) - county_units
    scope = page.locator(".search-scope")
    assert "本站" in scope.inner_text()

    scope.get_by_role("link", name="全市").click()
    page.wait_for_load_state()
    assert "scope=all" in page.url
    assert page.url.startswith(lanshan)
    assert page.locator(".search-scope strong").inner_text() == "全市"
    everywhere = page.locator("p[role=status]").inner_text()
    assert everywhere, "the 全市 results page says how many it found"

    page.goto(f"{_on(live_server, 'localhost')}/search/?q={quote(QUERY)}")
    city_units = set(_result_units(page))
    assert city_units and not city_units & county_units

    # A page of the other portal opens on its own host (302 keeping the port).
    from gongkai.publishing.models import InformationItem

    item = InformationItem.objects.published().filter(county.unit_q("unit")).first()
    assert item is not None, "the demo has 兰山区 items"
    page.goto(_on(live_server, "localhost") + item.get_absolute_url())
    assert page.url.startswith(_on(live_server, "lanshan.localhost"))
    assert item.title in page.locator("main").inner_text()


def _blocks(page) -> list[str]:
    return page.locator("main h2").all_inner_texts()


def test_two_portals_differ_in_theme_and_blocks_and_each_units_guide_has_real_contact_data(
    live_server, page, demo_items
):
    """The issue's closing check: two portals (name, theme, blocks, content of their own subtree), every
    unit's guide on its own portal with real contact data, the footer's conventions, favicon and description."""
    from gongkai.sites.models import Site

    city = Site.objects.get(hosts__host="localhost")
    county = Site.objects.get(hosts__host="lanshan.localhost")
    looks = {}
    for site, host in ((city, "localhost"), (county, "lanshan.localhost")):
        base = _on(live_server, host)
        page.goto(base + "/")
        looks[host] = (
            page.locator("body").get_attribute("class"),
            page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor"),
            _blocks(page),
        )
        assert len(looks[host][2]) >= 5, looks[host]
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and site.name[:4] in description
        footer = page.locator("footer").inner_text()
        for words in ("网站地图", "联系我们", "我为政府网站找错", site.id_code, site.icp, site.psb_record):
            assert words in footer, (host, words)
        icon = page.locator('link[rel="icon"]').first.get_attribute("href")
        for address in ("/favicon.ico", icon):  # through the browser: it sends *.localhost to the loopback
            assert page.goto(base + address).status == 200, address
        # Every unit of the portal: a guide with the receiving office's address and phone, never "—".
        for unit in site.units().filter(columns__code="xxgk-guide").distinct():
            page.goto(f"{base}/xxgk/{unit.pk}/guide/")
            text = page.locator("main").inner_text()
            assert unit.address and unit.address in text, unit.name
            assert unit.phone.split("、")[0] in text, unit.name
            assert not re.search(r"(?:^|[\s：:])—(?:$|\s)", text, re.M), unit.name  # an empty value
    assert looks["localhost"][0] != looks["lanshan.localhost"][0]  # theme-red / theme-blue
    assert looks["localhost"][1] != looks["lanshan.localhost"][1]  # the header's colour differs
    assert looks["localhost"][2] != looks["lanshan.localhost"][2]  # their own blocks, in their own order
