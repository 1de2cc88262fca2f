"""The report's figures against counts made here: items by category, columns, interpretations, messages,
consultations, security checks, the other apps' providers and the entered fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.core import audit
from gongkai.core.actors import SYSTEM
from gongkai.interaction.models import Channel, ChannelKind, Message
from gongkai.interaction.models import Status as MessageStatus
from gongkai.participation.models import Comment, Consultation
from gongkai.policy.models import Interpretation
from gongkai.publishing.models import Column, Status
from gongkai.webreports import compute, figures, services
from gongkai.webreports.models import CheckKind, SecurityCheck, WebsiteReport

from .conftest import YEAR, at, column, item

_codes = iter(range(1000, 9999))


def message(unit, channel, *, submitted, status=MessageStatus.RECEIVED, replied_on=None, public=False):
    return Message.objects.create(
        query_code=f"Q{next(_codes)}",
        channel=channel,
        unit=unit,
        subject="关于道路维修",
        body="内容",
        name="张三",
        phone="13800000000",
        submitted_at=submitted,
        received_on=submitted.date(),
        due_on=submitted.date() + dt.timedelta(days=14),
        status=status,
        replied_on=replied_on,
        is_public=public,
    )


def consultation(unit, *, ends, comments=0, reported=False, published=True):
    found = Consultation.objects.create(
        title="征求意见",
        unit=unit,
        draft="草案",
        starts_at=ends - dt.timedelta(days=30),
        ends_at=ends,
        is_published=published,
        report="采纳情况" if reported else "",
        report_published_at=ends + dt.timedelta(days=10) if reported else None,
    )
    for n in range(comments):
        Comment.objects.create(consultation=found, body=f"意见{n}", submitted_at=ends - dt.timedelta(days=2))
    return found


@pytest.fixture
def seeded(portals, tree):
    city, dept, county = tree.city, tree.dept_a, tree.county
    news = column(city, "news", "要闻")
    overview = Column.objects.get(unit=city, code="a20-02")
    catalog = Column.objects.get(unit=dept, code="a20-07")
    policy = Column.objects.get(unit=dept, code="policy")
    # 政务动态: 3 in 要闻, 1 by genre only; 概况: 2; 公开目录: 2 (+ the policy and interpretations below)
    for _n in range(3):
        item(city, "要闻", columns=[news])
    item(dept, "工作动态", genre="工作动态")
    item(city, "机构职能", columns=[overview, news])  # 概况 wins over 动态
    item(city, "机构设置", columns=[overview])
    item(dept, "财政预算", columns=[catalog])
    item(dept, "决算", columns=[catalog, news])  # 公开目录 wins over 动态
    item(dept, "未分类")  # only in 总数
    # not counted: another year, a draft, another site
    item(city, "去年要闻", columns=[news], when=at(12, 31, YEAR - 1))
    item(city, "草稿", columns=[news], status=Status.DRAFT)
    item(county, "区要闻", columns=[column(county, "news", "要闻")])
    # interpretations: 2 materials, 1 product (each is a published item in the policy column: 公开目录)
    doc = item(dept, "政策文件", columns=[policy])
    for form in ("text", "qa", "graphic"):
        Interpretation.objects.create(item=item(dept, "解读", columns=[policy]), policy=doc, form=form)
    # messages: 4 received in the year (a merged one not counted), 2 answered in the year (1 public)
    channel = Channel.objects.create(code="mayor", name="市长信箱", kind=ChannelKind.MAILBOX, unit=city)
    message(
        city,
        channel,
        submitted=at(3, 1),
        status=MessageStatus.ANSWERED,
        replied_on=dt.date(YEAR, 3, 11),
        public=True,
    )
    message(dept, channel, submitted=at(4, 1), status=MessageStatus.ANSWERED, replied_on=dt.date(YEAR, 4, 6))
    message(city, channel, submitted=at(5, 1), status=MessageStatus.ACCEPTED)
    message(city, channel, submitted=at(6, 1), status=MessageStatus.REJECTED)
    message(city, channel, submitted=at(6, 2), status=MessageStatus.MERGED)
    message(city, channel, submitted=at(6, 1, YEAR + 1))
    message(
        county, channel, submitted=at(6, 1), status=MessageStatus.ANSWERED, replied_on=dt.date(YEAR, 6, 2)
    )
    # consultations ended in the year: 2 (5 comments, 1 with its report); one unpublished, one next year
    consultation(city, ends=at(4, 30), comments=3, reported=True)
    consultation(dept, ends=at(9, 30), comments=2)
    consultation(dept, ends=at(9, 30), comments=4, published=False)
    consultation(city, ends=at(2, 1, YEAR + 1), comments=1)
    # security: 2 checks (found 5, fixed 4) and a drill; one of another year
    SecurityCheck.objects.create(
        site=portals.city, checked_on=dt.date(YEAR, 3, 1), kind=CheckKind.ASSESSMENT, found=3, fixed=3
    )
    SecurityCheck.objects.create(
        site=portals.city, checked_on=dt.date(YEAR, 8, 1), kind=CheckKind.PENETRATION, found=2, fixed=1
    )
    SecurityCheck.objects.create(site=portals.city, checked_on=dt.date(YEAR, 11, 1), kind=CheckKind.DRILL)
    SecurityCheck.objects.create(
        site=portals.city, checked_on=dt.date(YEAR + 1, 1, 5), kind=CheckKind.ASSESSMENT, found=9
    )
    return portals


def values(report) -> dict:
    return {r["key"]: r["value"] for r in compute.compute(report)}


def test_figures_are_the_counts_of_the_site_and_year(seeded):
    report = WebsiteReport(
        site=seeded.city,
        year=YEAR,
        media_comments=2,
        cases_natural=Decimal("1.50"),
        cases_legal=Decimal("0.25"),
    )
    got = values(report)
    assert got["site_name"] == "临沂市人民政府"
    assert got["home_url"] == "https://testserver/"
    assert got["site_type"] == "政府门户网站"
    assert got["id_code"] == "3713000001"
    # 9 + the policy and its 3 interpretations
    assert got["info_total"] == 13
    assert got["info_overview"] == 2
    assert got["info_news"] == 4
    assert got["info_catalog"] == 6
    assert got["interp_materials"] == 2
    assert got["interp_products"] == 1
    assert got["interp_total"] == 2 + 1 + 2
    assert got["messages_received"] == 4
    assert got["messages_concluded"] == 2
    assert got["messages_avg_days"] == Decimal("7.5")  # 10 and 5 days
    assert got["messages_published"] == 1
    assert got["surveys"] == 2
    assert got["survey_opinions"] == 5
    assert got["survey_results"] == 1
    assert got["security_checks"] == 2
    assert got["security_found"] == 5
    assert got["security_fixed"] == 4
    assert got["emergency_drill"] is True  # a drill was recorded
    assert got["cases_total"] == Decimal("1.75")
    assert got["search_service"] is True and got["accessibility"] is True and got["smart_qa"] is False


def test_the_county_site_counts_its_own_records_only(seeded):
    got = values(WebsiteReport(site=seeded.county, year=YEAR))
    assert got["info_total"] == 1 and got["info_news"] == 1
    assert got["messages_received"] == 1 and got["messages_concluded"] == 1
    assert got["security_checks"] == 0 and got["emergency_drill"] is False


def test_special_columns_maintained_and_opened_in_the_year(portals, tree):
    """专栏专题 are the portal's special columns and topics (zt-…, or under zt), not the units' catalog columns."""
    report = WebsiteReport(site=portals.city, year=YEAR)
    assert values(report)["columns_maintained"] == 0  # the catalogs' columns do not count
    parent = Column.objects.create(unit=tree.city, code="zt", name="专题专栏", sort_order=8)
    Column.objects.create(unit=tree.city, code="zt-2024", name="旧专题", sort_order=9, parent=parent)
    Column.objects.create(unit=tree.dept_a, code="zt-dept", name="部门的专题（不是门户的）", sort_order=9)
    made = Column.objects.create(unit=tree.city, code="zt-2025", name="优化营商环境专题", sort_order=9)
    audit.record(actor=SYSTEM, action="publishing.column.created", obj=made, unit=tree.city)
    from gongkai.core.models import AuditEvent

    # the audit row is stamped now; move the report's year to now for the "opened" count
    now_year = AuditEvent.objects.latest("seq").created_at.year
    got = values(WebsiteReport(site=portals.city, year=now_year))
    assert got["columns_maintained"] == 2
    assert got["columns_new"] == 1
    assert values(WebsiteReport(site=portals.city, year=now_year - 1))["columns_new"] == 0


def test_missing_providers_show_zero_or_blank_with_a_note(portals, monkeypatch):
    monkeypatch.setattr(figures, "_providers", {})
    rows = {r["key"]: r for r in compute.compute(WebsiteReport(site=portals.city, year=YEAR))}
    assert (
        rows["visitors"]["value"] == 0
        and rows["visitors"]["source"] == "missing"
        and rows["visitors"]["note"]
    )
    assert rows["services_catalog"]["value"] is None
    assert rows["weibo_name"]["value"] is None and rows["weibo_posts"]["value"] == 0


def test_providers_fill_their_keys(portals, monkeypatch):
    accounts = [
        {"platform": "weibo", "platform_label": "微博", "name": "临沂发布", "posts": 300, "followers": 5000},
        {
            "platform": "wechat",
            "platform_label": "微信公众号",
            "name": "临沂政务",
            "posts": 200,
            "followers": 8000,
        },
        {
            "platform": "wechat",
            "platform_label": "微信公众号",
            "name": "临沂教育",
            "posts": 20,
            "followers": None,
        },
        {"platform": "douyin", "platform_label": "抖音", "name": "临沂发布", "posts": 40, "followers": 100},
    ]
    providers = {
        "visits": lambda site, year: {"visitors": 1234, "views": 5678},
        "guides": lambda site, year: {"services_catalog": True, "services_total": 80, "services_online": 60},
        "newmedia": lambda site, year: {"newmedia": accounts},
    }
    monkeypatch.setattr(figures, "_providers", providers)
    rows = {
        r["key"]: r
        for r in compute.compute(WebsiteReport(site=portals.city, year=YEAR, newmedia_other="头条号"))
    }
    assert rows["visitors"]["value"] == 1234 and rows["visitors"]["source"] == "provider"
    assert rows["views"]["value"] == 5678
    assert rows["services_total"]["value"] == 80 and rows["services_online"]["value"] == 60
    assert rows["newmedia_any"]["value"] is True
    assert rows["weibo_name"]["value"] == "临沂发布" and rows["weibo_posts"]["value"] == 300
    assert rows["wechat_name"]["value"] == "临沂政务、临沂教育"
    assert rows["wechat_posts"]["value"] == 220 and rows["wechat_followers"]["value"] == 8000
    assert "抖音“临沂发布”（发布40条）" in rows["newmedia_other"]["value"]
    assert rows["newmedia_other"]["value"].endswith("头条号")


def test_entered_site_type_overrides_the_default(portals):
    assert values(WebsiteReport(site=portals.city, year=YEAR, site_type="special"))["site_type"] == "专项网站"


def test_published_figures_are_frozen(seeded, office):
    report = services.open_report(actor=office, site=seeded.city, year=YEAR)
    services.transition(actor=office, report=report, action="review")
    report = services.transition(actor=office, report=report, action="publish")
    before = {r["key"]: r["value"] for r in compute.rows_for(report)}
    item(
        seeded.tree.city if hasattr(seeded, "tree") else report.site.root,
        "后补要闻",
        columns=[column(report.site.root, "news")],
    )
    again = {r["key"]: r["value"] for r in compute.rows_for(WebsiteReport.objects.get(pk=report.pk))}
    assert again == before
    assert values(WebsiteReport.objects.get(pk=report.pk))["info_total"] == before["info_total"] + 1
