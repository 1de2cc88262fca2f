"""Public pages of the openness platform: catalog, item page, print view, banners, feeds, sitemap."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services
from tests.publishing.conftest import column, make_item, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(catalogs, editor_a, reviewer_a):
    item = make_item(
        catalogs.dept_a,
        actor=editor_a,
        columns=[column(catalogs.dept_a), column(catalogs.dept_a, "ka-enterprise-services")],
        keywords="能源 保供",
    )
    return publish(item, editor_a, reviewer_a)


def test_item_page_opens_with_the_metadata_table(client, published):
    page = client.get(published.get_absolute_url()).text
    table = page[page.index('<table class="metadata">') : page.index("</table>")]
    for text in ("索引号", published.index_no, "发布机构", "临沂市发展和改革委员会", "成文日期", "2024年3月1日",
                 "文号", "临发改〔2024〕12号", "主题分类", "国民经济管理", "体裁", "通知", "有效性", "有效"):  # fmt: skip
        assert text in table
    assert page.index('<table class="metadata">') < page.index('<div class="item-body">')


def test_item_page_carries_the_national_meta_tags(client, published, settings):
    page = client.get(published.get_absolute_url()).text
    assert f'<meta name="SiteIDCode" content="{settings.GONGKAI_SITE_ID_CODE}">' in page
    assert f'<meta name="ArticleTitle" content="{published.title}">' in page
    assert '<meta name="ContentSource" content="临沂市发展和改革委员会">' in page
    assert '<meta name="ColumnName" content="政策文件">' in page
    pub = published.published_at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert f'<meta name="PubDate" content="{pub}">' in page
    assert '<meta name="Keywords" content="能源,保供">' in page


def test_repealed_original_shows_a_banner_linking_its_replacement(
    client, catalogs, editor_a, reviewer_a, published
):
    newer = publish(
        make_item(catalogs.dept_a, actor=editor_a, title="新版能源保供通知"), editor_a, reviewer_a
    )
    services.set_validity(
        actor=reviewer_a,
        item=published,
        validity="repealed",
        changed_on=dt.date(2024, 6, 1),
        replaced_by=newer,
    )
    page = client.get(published.get_absolute_url()).text
    assert "本文件已于2024年6月1日废止。" in page
    assert f'<a href="{newer.get_absolute_url()}">新版能源保供通知</a>' in page
    assert "本文件替代" in client.get(newer.get_absolute_url()).text


def test_drafts_and_withdrawn_items_are_not_public(client, catalogs, editor_a, reviewer_a, published):
    draft = make_item(catalogs.dept_a, actor=editor_a, title="尚未发布的草稿")
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.withdraw_item(actor=reviewer_a, item=published, reason="有误")
    assert client.get(published.get_absolute_url()).status_code == 404
    listing = client.get(column(catalogs.dept_a).get_absolute_url()).text
    assert "尚未发布的草稿" not in listing and published.title not in listing


def test_column_lists_its_items_and_parents_include_children(client, catalogs, published):
    assert published.title in client.get(column(catalogs.dept_a).get_absolute_url()).text
    key_areas = column(catalogs.dept_a, "key-areas")
    assert published.title in client.get(key_areas.get_absolute_url()).text
    assert (
        published.title not in client.get(column(catalogs.dept_a, "interpretation").get_absolute_url()).text
    )


def test_unit_catalog_and_guide_pages(client, catalogs, published):
    unit_page = client.get(f"/xxgk/{catalogs.dept_a.pk}/").text
    assert (
        "法定主动公开内容" in unit_page and "政府信息公开年报" in unit_page and published.title in unit_page
    )
    guide = client.get(f"/xxgk/{catalogs.dept_a.pk}/guide/")
    assert guide.status_code == 200 and "政府信息公开工作机构" in guide.text


def test_print_view_has_no_site_chrome(client, published):
    page = client.get(f"/xxgk/items/{published.pk}/print/").text
    assert published.title in page and published.index_no in page
    assert 'class="main-nav"' not in page


def test_index_number_leads_to_the_item(client, published):
    response = client.get(f"/xxgk/index-no/{published.index_no}/")
    assert response.status_code == 302 and response.url == published.get_absolute_url()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_column_feeds_list_published_items(client, catalogs, published, kind):
    col = column(catalogs.dept_a)
    response = client.get(f"/xxgk/{catalogs.dept_a.pk}/columns/{col.pk}/{kind}/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    titles = [el.text for el in root.iter() if el.tag.endswith("title")]
    assert published.title in titles


def test_sitemap_lists_items_and_columns(client, published):
    index = client.get("/sitemap.xml").text
    assert "<sitemapindex" in index
    assert "/sitemap-items.xml</loc>" in index and "/sitemap-columns.xml</loc>" in index
    items = client.get("/sitemap-items.xml").text
    assert f"/xxgk/items/{published.pk}/</loc>" in items
    assert "/xxgk/" in client.get("/sitemap-columns.xml").text


def test_sitemap_index_lists_every_page_of_items_and_each_page_is_bounded(
    client, published, catalogs, editor_a, reviewer_a, monkeypatch
):
    """However large the archive, /sitemap.xml is an index and no section page lists more than its limit;
    every published item is on one of the pages the index names."""
    from gongkai.publishing.sitemaps import ItemSitemap

    more = [
        publish(make_item(catalogs.dept_a, actor=editor_a, title=f"第{n}条"), editor_a, reviewer_a)
        for n in range(4)
    ]
    monkeypatch.setattr(ItemSitemap, "limit", 2)
    index = client.get("/sitemap.xml").text
    pages = re.findall(r"<loc>http://testserver(/sitemap-items\.xml[^<]*)</loc>", index)
    assert len(pages) == 3  # five items, two a page
    listed = []
    for page in pages:
        found = re.findall(r"/xxgk/items/(\d+)/</loc>", client.get(page.replace("&amp;", "&")).text)
        assert 1 <= len(found) <= 2
        listed += [int(pk) for pk in found]
    assert sorted(listed) == sorted([published.pk, *(item.pk for item in more)])


def test_validity_period_ends_on_the_calendar_day(client, published, django_capture_on_commit_callbacks):
    """有效期至 2025-12-31: valid all that day, expired from 2026-01-01 (Beijing time), banner included."""
    import time_machine
    from django.core.management import call_command

    from gongkai.search import service

    published.valid_until = dt.date(2025, 12, 31)
    published.save(update_fields=["valid_until"])
    beijing = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=beijing)):
        page = client.get(published.get_absolute_url()).text
        assert "本文件已于" not in page and "有效期至2025年12月31日" in page
        call_command("expire_documents", stdout=open("/dev/null", "w"))  # noqa: SIM115
        published.refresh_from_db()
        assert published.validity == "valid"
    with time_machine.travel(dt.datetime(2026, 1, 1, 0, 0, 1, tzinfo=beijing)):
        page = client.get(published.get_absolute_url()).text
        assert "本文件已于2026年1月1日失效。" in page  # before the job has run
        assert services.expire_documents(actor=SYSTEM, dry_run=True) == [published.pk]
        with django_capture_on_commit_callbacks(execute=True):
            assert services.expire_documents(actor=SYSTEM) == [published.pk]
        published.refresh_from_db()
        assert (published.validity, published.validity_changed_on) == ("expired", dt.date(2026, 1, 1))
        assert services.expire_documents(actor=SYSTEM) == []  # idempotent
        assert service.search(published.title).hits[0].doc.validity == "expired"
