"""Every public page, feed, sitemap and search is scoped to the site the request came in on: a city portal on
localhost (its tree minus 兰山区's subtree) and 兰山区's portal on lanshan.localhost. A detail page of a record
of the other portal moves there (302 to its primary host, keeping the port); 404 where no portal covers it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from gongkai.core.actors import SYSTEM
from gongkai.core.models import Organization, OrgType
from gongkai.core.roles import Role
from gongkai.sites import resolve
from gongkai.sites.models import FallbackSite, Site, SiteHost
from tests.conftest import _staff
from tests.publishing.conftest import catalogs, column, make_item, publish

__all__ = ["catalogs"]

pytestmark = pytest.mark.django_db

CITY, COUNTY = "localhost", "lanshan.localhost"


def _site(root, name, hosts, *, default=False) -> Site:
    site = Site.objects.create(root=root, name=name, is_default=default)
    for n, host in enumerate(hosts):
        SiteHost.objects.create(site=site, host=host, is_primary=n == 0)
    return site


@pytest.fixture
def sites(tree):
    resolve.clear()
    city = _site(tree.city, "临沂市人民政府", [CITY, "testserver"], default=True)
    county = _site(tree.county, "临沂市兰山区人民政府", [COUNTY])
    return {"city": city, "county": county}


def get(client, url, host=CITY, **kwargs):
    return client.get(url, HTTP_HOST=host, **kwargs)


# -- the scope helpers on Site -----------------------------------------------------------------------------


def test_a_site_covers_its_subtree_except_the_nested_sites(tree, sites):
    city, county = sites["city"], sites["county"]
    assert city.nested_roots() == [tree.county.path]
    assert county.nested_roots() == []
    assert city.covers(tree.dept_a) and city.covers(tree.city)
    assert not city.covers(tree.county) and not city.covers(tree.street)
    assert county.covers(tree.street) and county.covers(tree.county)
    assert not county.covers(tree.dept_a) and not county.covers(None)
    assert list(Organization.objects.filter(city.unit_q("")).order_by("pk")) == [
        tree.city,
        tree.dept_a,
        tree.dept_b,
    ]
    assert set(county.units()) == {tree.county, tree.street}


def test_a_site_nested_two_levels_down_takes_its_subtree_from_both(tree, sites):
    street_site = _site(tree.street, "兰山街道", ["street.lanshan.localhost"])
    resolve.clear()
    county = Site.objects.get(pk=sites["county"].pk)
    assert county.nested_roots() == [tree.street.path]
    assert set(county.units()) == {tree.county}
    assert street_site.covers(tree.street)
    assert resolve.site_of(tree.street).pk == street_site.pk
    assert resolve.site_of(tree.county).pk == county.pk
    assert resolve.site_of(tree.dept_b).pk == sites["city"].pk


def test_hosts_resolve_to_their_sites_and_unknown_hosts_to_the_default(sites):
    assert resolve.site_for_host("LANSHAN.localhost:8000").pk == sites["county"].pk
    assert resolve.site_for_host("localhost").pk == sites["city"].pk
    assert resolve.site_for_host("10.0.0.7").pk == sites["city"].pk
    assert resolve.primary_host(sites["city"]) == CITY


def test_without_any_site_the_fallback_covers_everything(tree):
    site = resolve.site_for_host("localhost")
    assert isinstance(site, FallbackSite)
    assert site.covers(tree.street)
    assert Organization.objects.filter(site.unit_q("")).count() == 5


# -- publishing --------------------------------------------------------------------------------------------


@pytest.fixture
def county_staff(tree):
    return _staff("county_editor", tree.county, Role.EDITOR), _staff(
        "county_reviewer", tree.county, Role.REVIEWER
    )


@pytest.fixture
def items(catalogs, sites, editor_a, reviewer_a, county_staff, django_capture_on_commit_callbacks):
    editor, reviewer = county_staff
    with django_capture_on_commit_callbacks(execute=True):
        city_item = publish(
            make_item(
                catalogs.dept_a, actor=editor_a, title="市发改委能源保供通知", doc_number="临发改〔2024〕12号"
            ),
            editor_a,
            reviewer_a,
        )
        county_item = publish(
            make_item(
                catalogs.county, actor=editor, title="兰山区能源保供通知", doc_number="临兰政〔2024〕3号"
            ),
            editor,
            reviewer,
        )
    return {"city": city_item, "county": county_item}


def test_column_pages_list_only_their_sites_units(client, items, catalogs):
    county_column = column(catalogs.county)
    assert "兰山区能源保供通知" in get(client, county_column.get_absolute_url(), COUNTY).text
    moved = get(client, county_column.get_absolute_url(), CITY)
    assert moved.status_code == 302
    assert moved["Location"] == f"http://{COUNTY}{county_column.get_absolute_url()}"
    city_column = column(catalogs.dept_a)
    assert get(client, city_column.get_absolute_url(), COUNTY)["Location"].startswith(f"http://{CITY}/")


def test_an_item_of_the_other_site_moves_there_keeping_the_port(client, items):
    url = items["county"].get_absolute_url()
    assert get(client, url, COUNTY).status_code == 200
    moved = get(client, url, f"{CITY}:8801")
    assert moved.status_code == 302
    assert moved["Location"] == f"http://{COUNTY}:8801{url}"
    moved = get(client, items["city"].get_absolute_url() + "print/", f"{COUNTY}:8801")
    assert moved["Location"] == f"http://{CITY}:8801{items['city'].get_absolute_url()}print/"
    assert get(client, items["city"].get_absolute_url(), CITY).status_code == 200


def test_by_index_number_goes_to_the_items_own_site(client, items):
    found = items["county"]
    moved = get(client, f"/xxgk/index-no/{found.index_no}/", CITY)
    assert moved["Location"] == f"http://{COUNTY}/xxgk/index-no/{found.index_no}/"
    assert get(client, f"/xxgk/index-no/{found.index_no}/", COUNTY)["Location"] == found.get_absolute_url()


def test_an_item_no_site_covers_answers_404(client, tree, sites):
    from gongkai.publishing import services as publishing
    from gongkai.publishing.models import InformationItem

    other = tree._org("另一市人民政府", None, OrgType.GOVERNMENT, "另一市")
    publishing.ensure_catalog(actor=SYSTEM, unit=other)
    item = make_item(other, title="无网站覆盖的信息")
    InformationItem.objects.filter(pk=item.pk).update(status="published", published_at=timezone.now())
    assert get(client, item.get_absolute_url(), CITY).status_code == 404
    assert get(client, item.get_absolute_url(), COUNTY).status_code == 404


def test_feeds_are_served_by_the_columns_site_with_its_host(client, items, catalogs):
    county_column = column(catalogs.county)
    rss = get(client, f"{county_column.get_absolute_url()}rss/", COUNTY)
    assert rss.status_code == 200
    assert "兰山区能源保供通知" in rss.text
    assert f"http://{COUNTY}/xxgk/items/{items['county'].pk}/" in rss.text
    assert get(client, f"{county_column.get_absolute_url()}atom/", CITY).status_code == 302
    city_rss = get(client, f"{column(catalogs.dept_a).get_absolute_url()}rss/", CITY)
    assert city_rss.status_code == 200 and "兰山区" not in city_rss.text


def _locations(response) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(response.content).findall(".//s:loc", ns)]


def _sitemap(client, host) -> list[str]:
    """Every URL of the host's sitemap: the index at /sitemap.xml (itself on the host), then its sections."""
    sections = _locations(get(client, "/sitemap.xml", host))
    assert sections and all(loc.startswith(f"http://{host}/sitemap-") for loc in sections)
    found = []
    for section in sections:
        response = get(client, section.removeprefix(f"http://{host}"), host)
        assert response.status_code == 200, section
        found += _locations(response)
    return found


def test_the_sitemap_lists_only_the_sites_own_urls_with_its_host(client, items):
    county = _sitemap(client, COUNTY)
    city = _sitemap(client, CITY)
    assert all(loc.startswith(f"http://{COUNTY}/") for loc in county)
    assert all(loc.startswith(f"http://{CITY}/") for loc in city)
    assert f"http://{COUNTY}{items['county'].get_absolute_url()}" in county
    assert f"http://{CITY}{items['city'].get_absolute_url()}" not in [
        loc.replace(COUNTY, CITY) for loc in county
    ]
    assert f"http://{CITY}{items['city'].get_absolute_url()}" in city
    assert f"http://{CITY}{items['county'].get_absolute_url()}" not in city


def test_attachments_of_the_other_sites_items_move_there(client, items):
    from django.core.files.base import ContentFile

    from gongkai.publishing.models import Attachment

    found = Attachment.objects.create(
        item=items["county"], name="附件.pdf", kind="pdf", mime="application/pdf", size=4, sha256="0" * 64,
        file=ContentFile(b"%PDF", name="a.pdf"),
    )  # fmt: skip
    url = f"/xxgk/attachments/{found.pk}/"
    assert get(client, url, COUNTY).status_code == 200
    assert get(client, url, CITY)["Location"] == f"http://{COUNTY}{url}"


# -- search --------------------------------------------------------------------------------------------------


def _units(response) -> set[str]:
    return {row["hit"].doc.unit.name for row in response.context["hits"] if row["hit"].doc.unit}


def test_search_finds_the_sites_own_documents_by_default_and_everything_on_request(client, items):
    county = get(client, "/search/?q=能源保供", COUNTY)
    assert _units(county) == {"临沂市兰山区人民政府"}
    assert "搜索范围" in county.text and "scope=all" in county.text
    everywhere = get(client, "/search/?q=能源保供&scope=all", COUNTY)
    assert _units(everywhere) == {"临沂市兰山区人民政府", "临沂市发展和改革委员会"}
    assert 'name="scope" value="all"' in everywhere.text
    city = get(client, "/search/?q=能源保供", CITY)
    assert _units(city) == {"临沂市发展和改革委员会"}
    facets = {f["name"]: f["values"] for f in city.context["facets"]}
    assert {v["label"]: v["count"] for v in facets["unit"]} == {"临沂市发展和改革委员会": 1}


def test_a_document_number_leads_to_a_document_of_the_site_only(client, items):
    assert (
        get(client, "/search/?q=临兰政〔2024〕3号", COUNTY)["Location"] == items["county"].get_absolute_url()
    )
    on_city = get(client, "/search/?q=临兰政〔2024〕3号", CITY)
    assert on_city.status_code == 200
    assert get(client, "/search/?q=临兰政〔2024〕3号&scope=all", CITY).status_code == 302


def test_suggestions_and_the_api_are_scoped_too(client, items):
    from gongkai.search.models import VocabularyWord

    if not VocabularyWord.objects.filter(word__startswith="兰山").exists():
        VocabularyWord.objects.create(word="兰山区", pinyin="lanshanqu", initials="lsq", documents=1)
    assert "兰山区" in get(client, "/search/suggest/?q=兰山", COUNTY).json()["suggestions"]
    assert "兰山区" not in get(client, "/search/suggest/?q=兰山", CITY).json()["suggestions"]
    api = get(client, "/api/v1/search?q=能源保供", COUNTY).json()
    assert {h["unit"] for h in api["hits"]} == {"临沂市兰山区人民政府"}
    api = get(client, "/api/v1/search?q=能源保供&scope=all", COUNTY).json()
    assert api["total"] == 2


# -- policy, interaction, participation, reports, supervision, foi, gazette -------------------------------------


def test_policy_library_and_register_are_scoped(client, items):
    county = get(client, "/policy/", COUNTY).text
    city = get(client, "/policy/", CITY).text
    assert "兰山区能源保供通知" in county and "市发改委能源保供通知" not in county
    assert "市发改委能源保供通知" in city and "兰山区能源保供通知" not in city


@pytest.fixture
def messages(tree, sites):
    from gongkai.interaction.models import Channel, Message, Status

    today = timezone.localdate()
    city_channel = Channel.objects.create(code="mayor", name="市长信箱", kind="mailbox", unit=tree.city)
    county_channel = Channel.objects.create(
        code="district", name="区长信箱", kind="mailbox", unit=tree.county
    )

    def message(code, channel, unit, subject):
        return Message.objects.create(
            query_code=code, channel=channel, unit=unit, subject=subject, body="内容", name="张三",
            phone="13800000000", received_on=today, due_on=today, status=Status.ANSWERED, is_public=True,
            public_subject=subject, public_body="内容", reply_text="答复", reply_unit=unit, replied_on=today,
        )  # fmt: skip

    return {
        "city": message("C1", city_channel, tree.dept_a, "市区道路照明问题"),
        "county": message("L1", county_channel, tree.street, "兰山街道路灯问题"),
    }


def test_message_lists_and_pages_are_scoped(client, messages):
    county, city = get(client, "/interaction/", COUNTY).text, get(client, "/interaction/", CITY).text
    assert "兰山街道路灯问题" in county and "市区道路照明问题" not in county
    assert "市区道路照明问题" in city and "兰山街道路灯问题" not in city
    url = messages["county"].get_absolute_url()
    assert get(client, url, COUNTY).status_code == 200
    assert get(client, url, CITY)["Location"] == f"http://{COUNTY}{url}"
    stats = get(client, "/interaction/stats/", COUNTY)
    assert [r["unit"] for r in stats.context["rows"]] == ["兰山街道办事处"]


def test_the_write_form_offers_the_sites_own_channels(client, messages):
    county = get(client, "/interaction/write/", COUNTY)
    assert list(county.context["form"].fields["channel"].queryset.values_list("name", flat=True)) == [
        "区长信箱"
    ]
    city = get(client, "/interaction/write/", CITY)
    assert list(city.context["form"].fields["channel"].queryset.values_list("name", flat=True)) == [
        "市长信箱"
    ]


def test_a_site_without_channels_sends_writers_to_the_portal_above(client, tree, sites):
    from gongkai.interaction.models import Channel

    Channel.objects.create(code="mayor", name="市长信箱", kind="mailbox", unit=tree.city)
    moved = get(client, "/interaction/write/", f"{COUNTY}:8801")
    assert moved["Location"] == f"http://{CITY}:8801/interaction/write/"


def test_consultations_meetings_and_proposals_are_scoped(client, tree, sites):
    from gongkai.participation.models import Consultation, Meeting, Proposal

    now = timezone.now()
    for unit, title in ((tree.dept_b, "市教育局意见征集"), (tree.street, "兰山街道意见征集")):
        Consultation.objects.create(title=title, unit=unit, draft="草案", starts_at=now - dt.timedelta(days=1),
                                    ends_at=now + dt.timedelta(days=9), is_published=True)  # fmt: skip
        Meeting.objects.create(unit=unit, title=title.replace("意见征集", "常务会议"), held_at=now,
                               agenda="议题", is_published=True)  # fmt: skip
    county_proposal = Proposal.objects.create(
        kind=Proposal.Kind.values[0], year=2025, number="第1号", title="关于兰山区停车的建议", authors="李四",
        lead_unit=tree.county, assigned_on=dt.date(2025, 3, 1), deadline=dt.date(2025, 6, 1),
        status=Proposal.Status.REPLIED, reply="答复", replied_on=dt.date(2025, 5, 1),
    )  # fmt: skip
    county = get(client, "/participation/", COUNTY).text
    assert "兰山街道意见征集" in county and "市教育局意见征集" not in county
    assert "市教育局意见征集" in get(client, "/participation/", CITY).text
    assert "兰山街道意见征集" not in get(client, "/participation/", CITY).text
    rss = get(client, "/participation/consultations/rss/", COUNTY).text
    assert "兰山街道意见征集" in rss and "市教育局意见征集" not in rss
    meetings = get(client, "/participation/meetings/", CITY).text
    assert "市教育局常务会议" in meetings and "兰山街道常务会议" not in meetings
    proposals = get(client, "/participation/proposals/?year=2025", CITY).text
    assert "关于兰山区停车的建议" not in proposals
    assert "关于兰山区停车的建议" in get(client, "/participation/proposals/?year=2025", COUNTY).text
    url = county_proposal.get_absolute_url()
    assert get(client, url, CITY)["Location"] == f"http://{COUNTY}{url}"
    consultation = Consultation.objects.get(title="市教育局意见征集")
    assert get(client, consultation.get_absolute_url(), COUNTY)["Location"].startswith(f"http://{CITY}/")


def test_reports_list_and_pages_are_scoped(client, tree, sites):
    from gongkai.reports.models import AnnualReport

    for unit in (tree.dept_a, tree.county):
        AnnualReport.objects.create(unit=unit, year=2024, status="published", published_at=timezone.now())
    county = get(client, "/reports/", COUNTY)
    assert [r.unit for r in county.context["reports"]] == [tree.county]
    assert [r.unit for r in get(client, "/reports/", CITY).context["reports"]] == [tree.dept_a]
    url = f"/reports/{tree.county.pk}/2024/"
    assert get(client, url, CITY)["Location"] == f"http://{COUNTY}{url}"


def test_work_plans_are_on_their_governments_portal(client, tree, sites):
    from gongkai.supervision.models import WorkPlan

    plan = WorkPlan.objects.create(title="兰山区2025年政务公开工作要点", year=2025, government=tree.county,
                                   issued_on=dt.date(2025, 3, 1), is_published=True)  # fmt: skip
    assert "兰山区2025年政务公开工作要点" in get(client, "/supervision/", COUNTY).text
    assert "兰山区2025年政务公开工作要点" not in get(client, "/supervision/", CITY).text
    url = f"/supervision/plans/{plan.pk}/"
    assert get(client, url, CITY)["Location"] == f"http://{COUNTY}{url}"


def test_the_foi_form_offers_the_sites_own_units(client, tree, sites):
    county = get(client, "/foi/apply/", COUNTY).context["form"].fields["unit"].queryset
    assert set(county) == {tree.county, tree.street}
    city = get(client, "/foi/apply/", CITY).context["form"].fields["unit"].queryset
    assert set(city) == {tree.city, tree.dept_a, tree.dept_b}


def test_the_gazette_is_the_city_portals(client, tree, sites):
    from gongkai.gazette.models import Issue

    Issue.objects.create(
        year=2025, number=1, overall=501, published_on=dt.date(2025, 1, 15), is_published=True
    )
    assert get(client, "/gazette/", CITY).status_code == 200
    assert get(client, "/gazette/2025/1/", CITY).status_code == 200
    assert get(client, "/gazette/", f"{COUNTY}:8801")["Location"] == f"http://{CITY}:8801/gazette/"
    assert get(client, "/gazette/2025/1/", COUNTY)["Location"] == f"http://{CITY}/gazette/2025/1/"
    assert get(client, "/gazette/rss/", COUNTY).status_code == 302
