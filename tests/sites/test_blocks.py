"""Home pages composed from blocks: each kind shows its records from the request's site only, and is left out
when it has nothing to show; a site without blocks gets the default set; themes and the calendar's wording."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.foi.models import Application
from gongkai.interaction.models import Channel, ChannelKind, Message
from gongkai.participation.models import Consultation
from gongkai.policy.models import Form, Interpretation, PolicyProfile
from gongkai.publishing.models import Column, KeyArea
from gongkai.search.models import BestBet, QueryLog
from gongkai.sites import blocks, colours
from gongkai.sites.models import HomeBlock

from .conftest import arrange, city_client, county_client, image_attachment, news_column, published

pytestmark = pytest.mark.django_db


def headings(response) -> list[str]:
    return re.findall(r'<h2 id="home-block-\d+">([^<]*)</h2>', response.content.decode())


def test_a_news_block_shows_its_columns_newest_items_and_links_to_the_column(portals):
    news = news_column(portals.tree.city)
    published(portals.tree.city, "市政府召开常务会议研究部署重点工作", columns=[news])
    arrange(portals.city, ("news", "news"))
    response = city_client().get("/")
    assert headings(response) == ["要闻"]
    page = response.content.decode()
    assert "市政府召开常务会议研究部署重点工作" in page
    assert f'href="{news.get_absolute_url()}"' in page  # 更多
    assert "更多" in page


def test_a_news_block_takes_the_office_title_and_leaves_out_a_column_the_site_lacks(portals):
    news = news_column(portals.tree.city, "notices", "通知公告")
    published(portals.tree.city, "关于开展安全生产大检查的通知", columns=[news])
    arrange(portals.city, ("news", "notices", "公告公示"), ("news", "no-such-column"))
    assert headings(city_client().get("/")) == ["公告公示"]


def test_every_kind_is_left_out_without_records_except_the_service_entries(portals):
    arrange(portals.city, *[(k.kind, "news" if k.kind == "news" else "") for k in blocks.kinds()])
    Column.objects.filter(code__startswith="ka-").delete()  # no key-area columns either
    response = city_client().get("/")
    assert response.status_code == 200
    assert headings(response) == ["办事入口"]


def test_latest_disclosures_come_only_from_the_requests_site(portals):
    tree = portals.tree
    published(tree.dept_a, "市发展改革委关于2026年重点项目的公示")
    published(tree.street, "兰山街道2026年低保名单公示")
    for site in (portals.city, portals.county):
        arrange(site, ("latest", ""))
    city, county = city_client().get("/").content.decode(), county_client().get("/").content.decode()
    assert "市发展改革委关于2026年重点项目的公示" in city
    assert "兰山街道2026年低保名单公示" not in city
    assert "兰山街道2026年低保名单公示" in county
    assert "市发展改革委关于2026年重点项目的公示" not in county


def test_a_news_column_block_leaves_out_items_of_another_site(portals):
    news = news_column(portals.tree.city)
    lanshan_item = published(portals.tree.county, "兰山区召开全区经济工作会议")
    lanshan_item.columns.add(news)  # even filed in the city's column, a 兰山区 item stays on its own portal
    published(portals.tree.city, "市政府召开全市经济工作会议", columns=[news])
    arrange(portals.city, ("news", "news"))
    page = city_client().get("/").content.decode()
    assert "市政府召开全市经济工作会议" in page
    assert "兰山区召开全区经济工作会议" not in page


def test_policies_show_their_interpretations_and_a_graphic_ones_picture(portals):
    tree = portals.tree
    policy = published(tree.city, "临沂市人民政府关于促进民营经济发展的意见")
    PolicyProfile.objects.create(item=policy)
    graphic = published(tree.city, "图解：促进民营经济发展的意见", days_ago=0)
    image = image_attachment(graphic)
    Interpretation.objects.create(item=graphic, policy=policy, form=Form.GRAPHIC)
    county_policy = published(tree.county, "兰山区人民政府关于促进消费的若干措施")
    PolicyProfile.objects.create(item=county_policy)
    arrange(portals.city, ("policies", ""))
    page = city_client().get("/").content.decode()
    assert "临沂市人民政府关于促进民营经济发展的意见" in page
    assert "图解：促进民营经济发展的意见" in page
    assert f'src="{image.get_absolute_url()}"' in page
    assert "兰山区人民政府关于促进消费的若干措施" not in page
    assert 'href="/policy/"' in page


def test_the_key_area_grid_links_each_area_to_its_column_of_the_sites_government(portals):
    arrange(portals.city, ("key_areas", ""))
    page = city_client().get("/").content.decode()
    area = KeyArea.objects.order_by("sort_order", "pk").first()
    column = Column.objects.get(unit=portals.tree.city, code=f"ka-{area.code}")
    assert f'<a href="{column.get_absolute_url()}">{area.name}</a>' in page


def test_open_consultations_of_the_site_are_shown_and_closed_ones_are_not(portals):
    now = timezone.now()

    def consultation(unit, title, *, starts, ends):
        return Consultation.objects.create(
            title=title,
            unit=unit,
            draft="草案",
            starts_at=now + starts,
            ends_at=now + ends,
            is_published=True,
        )

    day = dt.timedelta(days=1)
    consultation(
        portals.tree.dept_a, "关于《临沂市物业管理办法（征求意见稿）》公开征求意见", starts=-day, ends=day
    )
    consultation(portals.tree.dept_a, "已结束的征集", starts=-3 * day, ends=-day)
    consultation(portals.tree.county, "兰山区老旧小区改造方案征求意见", starts=-day, ends=day)
    arrange(portals.city, ("consultations", ""))
    page = city_client().get("/").content.decode()
    assert "临沂市物业管理办法" in page
    assert "已结束的征集" not in page
    assert "兰山区老旧小区改造方案征求意见" not in page


def _application(unit, code, *, received, due, answered=None):
    return Application.objects.create(
        tracking_code=code,
        secret_hash="-",
        unit=unit,
        applicant_type="citizen",
        applicant_name="张三",
        id_type="id_card",
        id_number="370000000000000000",
        phone="13800000000",
        description="某项信息",
        received_on=received,
        due_on=due,
        answered_on=answered,
        status="answered" if answered else "received",
    )


def _message(unit, code, *, received, due, replied=None):
    channel, _ = Channel.objects.get_or_create(
        code=f"mailbox-{unit.pk}", defaults={"name": "信箱", "kind": ChannelKind.choices[0][0], "unit": unit}
    )
    return Message.objects.create(
        query_code=code,
        channel=channel,
        unit=unit,
        subject="咨询",
        body="内容",
        name="李四",
        phone="13900000000",
        received_on=received,
        due_on=due,
        replied_on=replied,
        status="answered" if replied else "received",
    )


def test_this_years_figures_count_the_sites_applications_and_messages_and_the_answers_on_time(portals):
    tree = portals.tree
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    due = start + dt.timedelta(days=20)
    _application(tree.dept_a, "A1", received=start, due=due, answered=due)  # on time (on the due date)
    _application(tree.dept_a, "A2", received=start, due=due, answered=due + dt.timedelta(days=1))  # late
    _application(tree.dept_a, "A3", received=start, due=due)
    _application(tree.county, "A4", received=start, due=due, answered=due)  # 兰山区's
    _application(
        tree.dept_a, "A5", received=start - dt.timedelta(days=10), due=due, answered=due
    )  # last year
    _message(tree.dept_b, "M1", received=start, due=due, replied=start)
    _message(tree.dept_b, "M2", received=start, due=due)
    arrange(portals.city, ("figures", ""))
    arrange(portals.county, ("figures", ""))
    page = city_client().get("/").content.decode()
    figures = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)件(?:<small>其中按期 (\d+) 件</small>)?</dd>", page)
    assert figures == [
        ("收到政府信息公开申请", "3", ""),
        ("已答复申请", "2", "1"),
        ("收到群众留言", "2", ""),
        ("已答复留言", "1", "1"),
    ]
    county = re.findall(
        r"<dt>([^<]+)</dt><dd>(\d+)件(?:<small>其中按期 (\d+) 件</small>)?</dd>",
        county_client().get("/").content.decode(),
    )
    assert county == [
        ("收到政府信息公开申请", "1", ""),
        ("已答复申请", "1", "1"),
        ("收到群众留言", "0", ""),
        ("已答复留言", "0", "0"),
    ]


def test_hot_searches_come_from_the_query_log_once_several_people_searched(portals):
    arrange(portals.city, ("hot_searches", ""))
    assert headings(city_client().get("/")) == []
    BestBet.objects.create(query="社保卡", title="社保卡办理", url="/search/?q=社保卡")
    assert "社保卡" in city_client().get("/").content.decode()  # before any log: the office's pinned queries
    for session in ("s1", "s2", "s3"):
        QueryLog.objects.create(query="公积金提取", session=session, results=4)
    page = city_client().get("/").content.decode()
    assert '<a href="/search/?q=%E5%85%AC%E7%A7%AF%E9%87%91%E6%8F%90%E5%8F%96">公积金提取</a>' in page


def test_blocks_show_in_the_offices_order_and_hidden_ones_are_left_out(portals):
    news_column(portals.tree.city)
    published(
        portals.tree.city, "要闻一条", columns=[Column.objects.get(unit=portals.tree.city, code="news")]
    )
    published(portals.tree.dept_a, "公开一条")
    latest, news, _services = arrange(portals.city, ("latest", ""), ("news", "news"), ("services", ""))
    assert headings(city_client().get("/")) == ["最新公开", "要闻", "办事入口"]
    HomeBlock.objects.filter(pk=latest.pk).update(sort_order=99, is_active=True)
    HomeBlock.objects.filter(pk=news.pk).update(is_active=False)
    assert headings(city_client().get("/")) == ["办事入口", "最新公开"]


def test_a_site_without_blocks_gets_the_default_set(portals):
    published(portals.tree.dept_a, "市发展改革委关于重点项目的公示")
    response = city_client().get("/")
    assert headings(response)[:1] == ["最新公开"]
    assert "办事入口" in headings(response)
    assert "市发展改革委关于重点项目的公示" in response.content.decode()


def test_a_platform_with_no_site_configured_still_shows_the_default_blocks(tree):
    published(tree.dept_a, "市发展改革委关于重点项目的公示")
    response = Client().get("/")
    assert "最新公开" in headings(response)
    assert "市发展改革委关于重点项目的公示" in response.content.decode()


def test_the_service_entries_link_to_pages_that_exist(portals):
    arrange(portals.city, ("services", ""))
    page = city_client().get("/").content.decode()
    section = page[page.index("block-services") :]
    links = re.findall(r'<a href="([^"]+)"><strong>([^<]+)</strong>', section)
    assert [label for _url, label in links] == ["依申请公开", "我要写信", "意见征集", "常见问答"]
    for url, _label in links:
        assert Client().get(url).status_code == 200, url


def test_the_home_page_has_no_working_day_calculator_and_the_calendar_speaks_plainly(portals):
    page = city_client().get("/").content.decode()
    assert "计算截止日期" not in page
    calendar = Client().get("/calendar/").content.decode()
    assert "chinese-calendar" not in calendar
    assert "国务院办公厅" in calendar


# Themes --------------------------------------------------------------------------------------------------


def test_the_theme_colours_pass_aa_with_white_text():
    text = (Path(blocks.__file__).parent / "static" / "sites" / "themes.css").read_text(encoding="utf-8")
    for theme in ("red", "blue", "green"):
        rule = re.search(rf"\.theme-{theme} \{{([^}}]*)\}}", text).group(1)
        values = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", rule))
        assert colours.contrast(values["brand"], "#ffffff") >= 4.5
        assert colours.contrast(values["brand-dark"], "#ffffff") >= 4.5
        assert colours.contrast(values["brand-dark"], values["brand-light"]) >= 4.5


@pytest.mark.parametrize("colour", ["#8b1a1a", "#66ccff", "#ffffff", "#ffff00"])
def test_a_primary_colour_is_darkened_until_white_text_on_it_is_readable(colour):
    shades = colours.shades(colour)
    assert colours.contrast(shades["brand"], "#ffffff") >= 4.5
    if colours.contrast(colour, "#ffffff") >= 4.5:
        assert shades["brand"] == colour


def test_the_site_theme_stylesheet_carries_the_sites_primary_colour(portals):
    portals.county.primary_colour = "#1f5fa8"
    portals.county.save()
    response = county_client().get("/site-theme.css")
    assert response["Content-Type"].startswith("text/css")
    assert "body.theme-blue { --brand: #1f5fa8;" in response.content.decode()
    assert "/site-theme.css?v=blue1f5fa8" in county_client().get("/").content.decode()
    assert city_client().get("/site-theme.css").content == b""
    assert "/site-theme.css" not in city_client().get("/").content.decode()


# API -----------------------------------------------------------------------------------------------------


def test_the_api_lists_a_sites_shown_blocks_in_order(portals):
    news_column(portals.tree.county, "notices", "通知公告")
    first, second, hidden = arrange(
        portals.county, ("news", "notices"), ("latest", "", "兰山区最新公开"), ("figures", "")
    )
    HomeBlock.objects.filter(pk=hidden.pk).update(is_active=False)
    rows = Client().get(f"/api/v1/sites/{portals.county.pk}/blocks").json()
    assert [(r["id"], r["kind"], r["title"], r["source"]) for r in rows] == [
        (first.pk, "news", "通知公告", "notices"),
        (second.pk, "latest", "兰山区最新公开", ""),
    ]
    assert all(not r["is_default"] for r in rows)


def test_the_api_gives_the_default_set_of_a_site_without_blocks_and_404_for_an_unknown_site(portals):
    rows = Client().get(f"/api/v1/sites/{portals.city.pk}/blocks").json()
    assert rows and all(r["is_default"] and r["id"] is None for r in rows)
    missing = Client().get("/api/v1/sites/99999/blocks")
    assert missing.status_code == 404
    assert "error" in missing.json()
