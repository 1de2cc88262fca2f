"""The figures of a site's website annual report for a calendar year (Beijing time), from what the platform
holds, the providers other apps register (``figures.py``) and what the office entered on the report.

Each row comes back as ``{key, group, label, unit, kind, value, source, note}``; ``source`` says where the
value came from (``site``: the site's settings; ``platform``: counted here; ``provider``: another app's
figures; ``entered``: typed in by the office; ``missing``: no source yet, shown as 0 or blank with a note).

Counting rules (documented in the README):

- 信息发布: proactively disclosed items of the site's units published in the year and still published. Each item
  is counted once in 总数 and in at most one category, the first that fits: 概况类 (a column whose code is
  ``a20-02`` — 机关职能、机构设置… — or starts with ``gk``, or whose name holds 概况), 信息公开目录 (a column of
  the standard catalog: made from the catalog template), 政务动态 (the 要闻/通知公告 columns ``news``,
  ``notices``, a column whose code starts with ``dt``, or the genre 工作动态). An item in none of them counts
  in 总数 only.
- 专栏专题: the portal's special columns and topics (the site government's columns coded ``zt-…`` or under
  ``zt``; 维护数量) and those of them created in the year (新开设数量, from the audit log's
  ``publishing.column.created``).
- 解读回应: published interpretations (policy app) of the site's units published in the year; 解读产品 are the
  graphic and audio-video forms, every other form is a 解读材料; 总数 = 材料 + 产品 + 媒体评论文章 (entered).
- 留言办理: messages of the site's units submitted in the year (merged duplicates not counted again); 办结 and
  公开答复: messages answered in the year (公开答复: shown publicly); 平均办理时间: calendar days from
  submission to reply over the messages answered in the year.
- 征集调查: published consultations of the site's units whose period ended in the year, the comments they
  received and how many published their adoption report (意见采纳情况).
- 安全防护: the year's security checks; 次数 counts the checks other than emergency drills; a drill recorded in
  the year answers 是否开展应急演练 with 是.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import figures
from .layout import ROWS, empty
from .models import CheckKind, ReportStatus, SecurityCheck, SiteType, WebsiteReport

OVERVIEW_CODES = ("a20-02",)
OVERVIEW_PREFIX = "gk"
NEWS_CODES = ("news", "notices")
NEWS_PREFIX = "dt"
NEWS_GENRE = "工作动态"
PRODUCT_FORMS = ("graphic", "media")

# Keys other apps fill through figures.py, and which app (for the note when it is missing).
PROVIDED = {
    "visitors": "访问统计",
    "views": "访问统计",
    "services_catalog": "办事指南",
    "services_total": "办事指南",
    "services_online": "办事指南",
    "newmedia": "政务新媒体",
}
NEWMEDIA_KEYS = (
    "newmedia_any",
    "weibo_name",
    "weibo_posts",
    "weibo_followers",
    "wechat_name",
    "wechat_posts",
    "wechat_followers",
)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(dt.datetime(year, 1, 1), tz),
        timezone.make_aware(dt.datetime(year + 1, 1, 1), tz),
    )


def default_site_type(site) -> str:
    from gongkai.core.models import OrgType

    if site.is_default or site.root.org_type in (
        OrgType.GOVERNMENT,
        OrgType.COUNTY,
        OrgType.DEVELOPMENT_ZONE,
    ):
        return SiteType.PORTAL
    if site.root.org_type in (OrgType.DEPARTMENT, OrgType.GENERAL_OFFICE):
        return SiteType.DEPARTMENT
    return SiteType.SPECIAL


def home_url(site) -> str:
    from gongkai.sites.resolve import primary_host

    host = primary_host(site)
    return f"https://{host}/" if host else ""


# -- the platform's counts ------------------------------------------------------------------------------


def information(site, year: int) -> dict:
    from gongkai.publishing.models import InformationItem

    start, end = year_bounds(year)
    items = InformationItem.objects.published().filter(
        site.unit_q("unit"), published_at__gte=start, published_at__lt=end
    )
    genres = dict(items.values_list("pk", "genre"))
    links = InformationItem.columns.through.objects.filter(
        informationitem_id__in=items.values("pk")
    ).values_list("informationitem_id", "column__code", "column__name", "column__template_id")
    kinds: dict[int, set[str]] = {}
    for item_id, code, name, template_id in links:
        found = kinds.setdefault(item_id, set())
        if code in OVERVIEW_CODES or code.startswith(OVERVIEW_PREFIX) or "概况" in name:
            found.add("overview")
        elif template_id is not None:
            found.add("catalog")
        if code in NEWS_CODES or code.startswith(NEWS_PREFIX):
            found.add("news")
    counts = {"overview": 0, "catalog": 0, "news": 0}
    for pk, genre in genres.items():
        found = kinds.get(pk, set())
        if genre == NEWS_GENRE:
            found = found | {"news"}
        for kind in ("overview", "catalog", "news"):
            if kind in found:
                counts[kind] += 1
                break
    return {
        "info_total": len(genres),
        "info_overview": counts["overview"],
        "info_news": counts["news"],
        "info_catalog": counts["catalog"],
    }


def columns(site, year: int) -> dict:
    """专栏专题: the portal's special columns and topics (the site government's columns coded ``zt-…`` or
    under ``zt``, as 信息报送 knows them), not every catalog column of every unit."""
    from gongkai.core.models import AuditEvent
    from gongkai.publishing.models import Column
    from gongkai.publishing.portals import SPECIAL_PREFIX

    start, end = year_bounds(year)
    root_id = getattr(site, "root_id", None)
    special = (
        Column.objects.active()
        .filter(unit_id=root_id)
        .filter(Q(code__startswith=f"{SPECIAL_PREFIX}-") | Q(parent__code=SPECIAL_PREFIX))
    )
    active = set(special.values_list("pk", flat=True))
    created = AuditEvent.objects.filter(
        action="publishing.column.created",
        object_type="publishing.column",
        created_at__gte=start,
        created_at__lt=end,
    ).values_list("object_id", flat=True)
    new = {int(pk) for pk in created if pk.isdigit()} & active
    return {"columns_maintained": len(active), "columns_new": len(new)}


def interpretations(site, year: int) -> dict:
    from gongkai.policy.models import Interpretation

    start, end = year_bounds(year)
    found = Interpretation.objects.public().filter(
        site.unit_q("item__unit"), item__published_at__gte=start, item__published_at__lt=end
    )
    counted = found.aggregate(products=Count("pk", filter=Q(form__in=PRODUCT_FORMS)), total=Count("pk"))
    return {
        "interp_materials": counted["total"] - counted["products"],
        "interp_products": counted["products"],
    }


def messages(site, year: int) -> dict:
    from gongkai.interaction.models import Message, Status

    start, end = year_bounds(year)
    mine = Message.objects.filter(site.unit_q("unit"))
    received = (
        mine.filter(submitted_at__gte=start, submitted_at__lt=end).exclude(status=Status.MERGED).count()
    )
    answered = list(
        mine.filter(status=Status.ANSWERED, replied_on__year=year).values_list(
            "submitted_at", "replied_on", "is_public"
        )
    )
    days = [(replied - timezone.localdate(submitted)).days for submitted, replied, _public in answered]
    average = (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1")) if days else Decimal("0.0")
    return {
        "messages_received": received,
        "messages_concluded": len(answered),
        "messages_avg_days": average,
        "messages_published": sum(1 for *_rest, public in answered if public),
    }


def consultations(site, year: int) -> dict:
    from gongkai.participation.models import Consultation

    start, end = year_bounds(year)
    ended = Consultation.objects.filter(
        site.unit_q("unit"), is_published=True, ends_at__gte=start, ends_at__lt=end
    )
    counted = ended.aggregate(
        n=Count("pk", distinct=True),
        reported=Count("pk", filter=Q(report_published_at__isnull=False), distinct=True),
    )
    return {
        "surveys": counted["n"],
        "survey_opinions": ended.aggregate(c=Count("comments"))["c"],
        "survey_results": counted["reported"],
    }


def security(site, year: int) -> dict:
    checks = SecurityCheck.objects.filter(site=site).in_year(year)
    summed = checks.aggregate(
        n=Count("pk", filter=~Q(kind=CheckKind.DRILL)),
        drills=Count("pk", filter=Q(kind=CheckKind.DRILL)),
        found=Sum("found"),
        fixed=Sum("fixed"),
    )
    return {
        "security_checks": summed["n"],
        "security_found": summed["found"] or 0,
        "security_fixed": summed["fixed"] or 0,
        "drills": summed["drills"],
    }


def newmedia_rows(accounts: list[dict]) -> dict:
    """The 移动新媒体 rows from the newmedia provider's accounts: 微博 and 微信 by name (several accounts joined
    with "、", their posts and followers summed), the other platforms written out in 其他."""

    def platform(code: str) -> dict:
        mine = [a for a in accounts if a.get("platform") == code]
        return {
            "name": "、".join(str(a.get("name", "")) for a in mine),
            "posts": sum(int(a.get("posts") or 0) for a in mine),
            "followers": sum(int(a.get("followers") or 0) for a in mine),
        }

    weibo, wechat = platform("weibo"), platform("wechat")
    others = [
        _("%(platform)s“%(name)s”（发布%(posts)d条）")
        % {
            "platform": a.get("platform_label", ""),
            "name": a.get("name", ""),
            "posts": int(a.get("posts") or 0),
        }
        for a in accounts
        if a.get("platform") not in ("weibo", "wechat")
    ]
    return {
        "newmedia_any": bool(accounts),
        "weibo_name": weibo["name"],
        "weibo_posts": weibo["posts"],
        "weibo_followers": weibo["followers"],
        "wechat_name": wechat["name"],
        "wechat_posts": wechat["posts"],
        "wechat_followers": wechat["followers"],
        "newmedia_other_accounts": "；".join(others),
    }


# -- the report --------------------------------------------------------------------------------------------


def compute(report: WebsiteReport) -> list[dict]:
    """Every row of the report with its value and source, in the national order."""
    site, year = report.site, report.year
    values: dict = {}
    sources: dict[str, str] = {}
    notes: dict[str, str] = {}

    def put(found: dict, source: str, note: str = "") -> None:
        for key, value in found.items():
            values[key] = value
            sources[key] = source
            if note:
                notes[key] = note

    put(
        {
            "site_name": site.name,
            "home_url": home_url(site),
            "organizer": site.organizer_name,
            "id_code": site.id_code,
            "icp": site.icp,
            "psb_record": site.psb_record,
        },
        "site",
    )
    site_type = report.site_type or default_site_type(site)
    put({"site_type": str(SiteType(site_type).label)}, "entered" if report.site_type else "site")

    put(information(site, year), "platform", _("本年发布的主动公开信息"))
    put(columns(site, year), "platform", _("启用的栏目；新开设以栏目创建记录为准"))
    put(interpretations(site, year), "platform", _("政策解读"))
    put(messages(site, year), "platform", _("互动交流留言"))
    put(consultations(site, year), "platform", _("意见征集"))
    checks = security(site, year)
    drills = checks.pop("drills")
    put(checks, "platform", _("登记的安全检查"))

    provided = figures.collect(site, year)
    for key, app in PROVIDED.items():
        if key == "newmedia":
            continue
        if key in provided:
            put({key: provided[key]}, "provider", app)
        else:
            put({key: None}, "missing", _("%(app)s尚未提供本项数据") % {"app": app})
    if "newmedia" in provided:
        found = newmedia_rows(list(provided["newmedia"] or []))
        other_accounts = found.pop("newmedia_other_accounts")
        put(found, "provider", _("政务新媒体"))
    else:
        other_accounts = ""
        put(dict.fromkeys(NEWMEDIA_KEYS), "missing", _("政务新媒体尚未提供本项数据"))

    put(
        {
            "smart_qa": False,
            "search_service": True,
            "accessibility": True,
        },
        "platform",
    )
    notes["smart_qa"] = _("平台暂未提供智能问答")
    notes["search_service"] = _("平台站内搜索")
    notes["accessibility"] = _("平台提供长者模式和阅读辅助")

    entered = {key: getattr(report, key) for key in WebsiteReport.ENTERED if key != "site_type"}
    entered["cases_total"] = (report.cases_natural or 0) + (report.cases_legal or 0)
    entered["emergency_drill"] = report.emergency_drill or drills > 0
    entered["newmedia_other"] = "；".join(filter(None, [other_accounts, report.newmedia_other]))
    put(entered, "entered")
    if drills and not report.emergency_drill:
        sources["emergency_drill"], notes["emergency_drill"] = "platform", _("本年登记了应急演练")
    if other_accounts:
        sources["newmedia_other"] = "provider"
    notes["cases_total"] = _("自然人办件量与法人办件量之和")
    if not (report.interviews or report.interview_questions or report.interview_answers):
        notes["interviews"] = _("平台暂无在线访谈，如有请填报")

    values["interp_total"] = values["interp_materials"] + values["interp_products"] + report.media_comments
    sources["interp_total"] = "platform"
    notes["interp_total"] = _("解读材料、解读产品与媒体评论文章之和")

    rows = []
    for row in ROWS:
        value = values.get(row.key)
        if value is None and sources.get(row.key) == "missing":
            value = empty(row.kind)
        rows.append(
            {
                "key": row.key,
                "group": row.group,
                "label": row.label,
                "unit": row.unit,
                "kind": row.kind,
                "value": value,
                "source": sources.get(row.key, "missing"),
                "note": notes.get(row.key, ""),
            }
        )
    return rows


def frozen(rows: list[dict]) -> list[dict]:
    """The rows as JSON (what publication stores and the API answers)."""
    from .layout import plain

    return [{**r, "value": plain(r["kind"], r["value"])} for r in rows]


def rows_for(report: WebsiteReport) -> list[dict]:
    """The frozen rows of a published report; a draft or reviewed one is computed afresh."""
    if report.status == ReportStatus.PUBLISHED and report.rows:
        return report.rows
    return compute(report)
