"""Page conventions of a Chinese government website on every public page of the demo portals: the footer
(网站地图, 联系我们, 我为政府网站找错, 党政机关标识, 网站标识码, ICP, 公安备案, 主办), titles "页面 - 栏目 - 网站"
without repeats, the favicon, meta description and the national guide's <meta> tags; the reading aids
(字号, 高对比度, 大鼠标) without JavaScript."""

from __future__ import annotations

import html as htmllib
import re
from collections import deque
from itertools import pairwise
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.site.templatetags.gongkai_page import title_parts
from gongkai.sites.models import Site
from tests.demo_db import demo  # noqa: F401 (module-scoped fixture)

pytestmark = pytest.mark.django_db

CITY = "临沂市人民政府"
LANSHAN = "临沂市兰山区人民政府"
SKIP = ("/manage/", "/api/", "/static/", "/media/", "/preferences/", "/favicon.ico", "/sitemap.xml")
SKIP_PARTS = ("/attachments/", "/rss/", "/atom/", "/print/", ".docx", ".pdf", ".xlsx", ".csv", "/export")


def meta(page: str, name: str) -> str | None:
    found = re.search(rf'<meta name="{name}" content="([^"]*)"', page)
    return htmllib.unescape(found.group(1)) if found else None


def title(page: str) -> str:
    return htmllib.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip())


def client_for(host: str) -> Client:
    return Client(HTTP_HOST=host)


_crawled: dict[str, dict[str, str]] = {}


def crawl_site(host: str, limit: int) -> dict[str, str]:
    """One crawl per host for the module (the demo does not change between its tests)."""
    if host not in _crawled:
        _crawled[host] = crawl(client_for(host), limit)
    return _crawled[host]


def crawl(client: Client, limit: int) -> dict[str, str]:
    """Public pages reachable from the home page (each kind of path a few times), by their HTML."""
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(pages) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        # Don't fetch a hundred pages of one kind: three of each path shape (digits masked) suffice.
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if shapes.get(shape, 0) >= 3:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = response.content.decode()
        pages[path] = text
        for href in re.findall(r'href="([^"#][^"]*)"', text):
            href = htmllib.unescape(urldefrag(href)[0])
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not href.startswith("/"):
                continue
            if href.startswith(SKIP) or any(p in href for p in SKIP_PARTS):
                continue
            if href not in seen:
                queue.append(href)
    return pages


def test_title_parts_drop_the_site_name_and_repeats():
    assert title_parts("政府信息公开指南 - 临沂市人民政府 - ", CITY) == ["政府信息公开指南"]
    assert title_parts("在线申请 - 依申请公开 - 依申请公开 - ", CITY) == ["在线申请", "依申请公开"]
    assert title_parts("", CITY) == []


@pytest.mark.parametrize(
    ("host", "name", "id_code", "other"),
    [("testserver", CITY, "3713000001", LANSHAN), ("lanshan.localhost", LANSHAN, "3713020001", None)],
)
def test_every_footer_has_the_conventions_of_its_own_site(demo, host, name, id_code, other):  # noqa: F811
    site = Site.objects.get(name=name)
    client = client_for(host)
    for path in ("/", "/xxgk/", "/search/?q=教育", "/policy/register/", "/sitemap/", "/contact/"):
        page = client.get(path).content.decode()
        footer = page[page.index("<footer") :]
        assert 'href="/sitemap/">网站地图<' in footer, path
        assert 'href="/contact/">联系我们<' in footer, path
        assert "我为政府网站找错" in footer and f"sitecode={id_code}" in footer, path
        assert f"网站标识码：{id_code}" in footer
        assert htmllib.escape(site.icp) in footer and htmllib.escape(site.psb_record) in footer
        assert f"主办：{name}办公室" in footer
        # No 党政机关 mark is configured in the demo: nothing pretends to be one.
        assert "党政机关网站标识" not in footer
        if other:
            assert other + "办公室" not in footer


def test_the_conac_mark_shows_when_configured_and_the_error_link_follows_the_setting(demo):  # noqa: F811
    site = Site.objects.get(name=CITY)
    site.conac_url = "https://bszs.conac.cn/sitename?method=show&id=TEST"
    site.error_report_url = "https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?sitecode=X1"
    site.organizer = "临沂市人民政府办公室（市大数据局）"
    site.save()
    page = client_for("testserver").get("/").content.decode()
    assert '<a class="conac-text" href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"' in page
    assert "sitecode=X1" in page and "主办：临沂市人民政府办公室（市大数据局）" in page
    site.conac_image.save("conac.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    page = client_for("testserver").get("/").content.decode()
    assert 'alt="党政机关网站标识"' in page and site.conac_image.url in page


def test_titles_never_repeat_and_end_with_the_site_name_across_a_crawl(demo):  # noqa: F811
    for host, name in (("testserver", CITY), ("lanshan.localhost", LANSHAN)):
        pages = crawl_site(host, limit=80 if host == "testserver" else 40)
        assert len(pages) >= 25, (host, len(pages))
        for path, page in pages.items():
            parts = title(page).split(" - ")
            assert parts[-1] == name, (host, path, parts)
            assert name not in parts[:-1], (host, path, parts)
            assert all(a != b for a, b in pairwise(parts)), (host, path, parts)
            assert all(p.strip() for p in parts), (host, path, parts)


def test_the_guide_of_the_site_root_names_it_once(demo):  # noqa: F811
    from gongkai.core.models import Organization

    city = Organization.objects.get(name=CITY)
    page = client_for("testserver").get(f"/xxgk/{city.pk}/guide/").content.decode()
    assert title(page) == f"政府信息公开指南 - {CITY}"


def test_every_page_has_a_description_and_the_national_meta_tags(demo):  # noqa: F811
    pages = crawl_site("testserver", limit=80)
    kinds = set()
    for path, page in pages.items():
        description = meta(page, "description")
        assert description and len(description) >= 10, path
        assert meta(page, "SiteName") == CITY and meta(page, "SiteIDCode") == "3713000001", path
        for name in ("ColumnName", "ColumnType", "ColumnDescription", "ColumnKeywords"):
            assert meta(page, name), (path, name)
            assert page.count(f'<meta name="{name}"') == 1, (path, name)
        if path.startswith("/xxgk/items/"):
            kinds.add("item")
            assert meta(page, "ArticleTitle") and re.match(
                r"\d{4}-\d\d-\d\d \d\d:\d\d$", meta(page, "PubDate")
            )
            assert meta(page, "ContentSource") and meta(page, "Author") and meta(page, "Url"), path
        if path == "/":
            assert meta(page, "ColumnType") == "首页"
    assert "item" in kinds


def test_an_item_page_describes_itself_by_its_summary(demo):  # noqa: F811
    from gongkai.publishing.models import InformationItem

    item = InformationItem.objects.exclude(summary="").filter(status="published").first()
    page = client_for("testserver").get(item.get_absolute_url()).content.decode()
    assert meta(page, "description").startswith(item.summary[:20])


def test_favicon_answers_with_an_icon_and_every_page_links_it(demo):  # noqa: F811
    client = client_for("testserver")
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO header
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/xxgk/").content.decode()


def test_sitemap_lists_the_menu_and_only_this_sites_units(demo):  # noqa: F811
    city = client_for("testserver").get("/sitemap/").content.decode()
    lanshan = client_for("lanshan.localhost").get("/sitemap/").content.decode()
    assert "<h1>网站地图</h1>" in city
    for label in ("政府信息公开", "政策文件", "依申请公开", "工作日计算", "机构设置", "政府信息公开年报"):
        assert f">{label}</a>" in city
    assert "临沂市教育局" in city and "政府信息公开指南" in city
    assert "兰山街道" not in city and LANSHAN not in city.split("<main", 1)[1].split("</main>")[0]
    assert LANSHAN in lanshan and "临沂市教育局" not in lanshan


def test_contact_page_shows_the_sites_own_contact_data(demo):  # noqa: F811
    city = client_for("testserver").get("/contact/").content.decode()
    lanshan = client_for("lanshan.localhost").get("/contact/").content.decode()
    assert "0539-8720222" in city and "府右路11号" in city
    assert "0539-8211678" in lanshan and "lsqzfb@lanshan.gov.cn" in lanshan and "0539-8720222" not in lanshan


def test_the_menu_is_a_portals_and_the_rest_stays_in_the_footer(demo):  # noqa: F811
    city = client_for("testserver").get("/").content.decode()
    nav = city[city.index('aria-label="主导航"') : city.index("</nav>", city.index('aria-label="主导航"'))]
    labels = re.findall(r">([^<>]+)</a></li>", nav)
    assert labels == [
        "首页",
        "政府信息公开",
        "政策文件",
        "政府公报",
        "政民互动",
        "公众参与",
        "依申请公开",
        "搜索",
    ]
    footer = city[city.index("<footer") :]
    for label in ("工作日计算", "机构设置", "工作要点落实", "政府信息公开年报", "重点领域台账", "数据发布"):
        assert f">{label}</a>" in footer
    lanshan = client_for("lanshan.localhost").get("/").content.decode()
    assert ">政府公报</a>" not in lanshan.split("</nav>")[0]


def test_the_phone_menu_is_a_checkbox_named_menu(demo):  # noqa: F811
    page = client_for("testserver").get("/").content.decode()
    assert '<input type="checkbox" id="nav-toggle"' in page
    assert '<label for="nav-toggle" class="nav-toggle-label">菜单</label>' in page


def test_theme_and_primary_colour_reach_the_page_through_files(demo):  # noqa: F811
    lanshan = client_for("lanshan.localhost").get("/").content.decode()
    assert '<body class="theme-blue">' in lanshan
    site = Site.objects.get(name=LANSHAN)
    site.primary_colour = "#0a5c36"
    site.save()
    client = client_for("lanshan.localhost")
    page = client.get("/").content.decode()
    assert '<body class="theme-blue">' in page
    assert '/site-theme.css?v=blue0a5c36"' in page and "<style" not in page
    css = client.get("/site-theme.css").content.decode()
    assert "body.theme-blue" in css and "--brand: #0a5c36" in css
    assert client_for("testserver").get("/site-theme.css").content == b""


def test_reading_preferences_work_without_javascript(demo):  # noqa: F811
    client = client_for("testserver")
    response = client.post("/preferences/", {"size": "2", "next": "/policy/"})
    assert response.status_code == 302 and response["Location"] == "/policy/"
    assert client.cookies["gk_size"].value == "2"
    client.post("/preferences/", {"contrast": "1", "next": "/"})
    client.post("/preferences/", {"cursor": "1", "next": "/"})
    page = client.get("/xxgk/").content.decode()
    assert '<html lang="zh-CN" class="size-2 contrast big-cursor">' in page
    assert 'name="size" value="2" aria-pressed="true"' in page
    client.post("/preferences/", {"elder": "1", "next": "/"})
    assert 'class="elder size-2 contrast big-cursor"' in client.get("/").content.decode()
    client.post("/preferences/", {"size": "0", "contrast": "0", "cursor": "0", "elder": "0", "next": "/"})
    assert '<html lang="zh-CN">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "bad", [{"size": "9"}, {"size": "-1"}, {"size": "x"}, {"next": "https://evil.example/"}]
)
def test_reading_preferences_refuse_bad_input_quietly(demo, bad):  # noqa: F811
    client = client_for("testserver")
    response = client.post("/preferences/", {"next": "/", **bad})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "size-" not in client.get("/").content.decode().split(">", 2)[1]


def test_preferences_only_take_posts(demo):  # noqa: F811
    assert client_for("testserver").get("/preferences/").status_code == 405


def test_read_aloud_is_a_script_file_and_no_page_has_inline_script(demo):  # noqa: F811
    client = client_for("testserver")
    page = client.get("/xxgk/").content.decode()
    assert '<script src="/static/site/read-aloud.js" defer></script>' in page
    assert "data-read-aloud" in page and "hidden></span>" in page  # shown only by the script
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\son[a-z]+=", page)


def test_register_and_report_tables_carry_labels_for_phones(demo):  # noqa: F811
    from gongkai.reports.models import AnnualReport

    client = client_for("testserver")
    register = client.get("/policy/register/").content.decode()
    assert 'class="data-table reflow"' in register and 'data-label="文件名称"' in register
    report = AnnualReport.objects.filter(status="published").first()
    if report is None:
        pytest.skip("no published annual report in the demo")
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'class="report-table reflow"' in page and 'data-label="自然人"' in page
    assert 'class="head-row"' in page and 'data-label="行政复议·结果维持"' in page


def test_search_results_come_before_the_filters(demo):  # noqa: F811
    page = client_for("testserver").get("/search/?q=教育").content.decode()
    assert '<details class="search-filters' in page
    assert page.index('class="search-results"') < page.index('class="search-filters')
