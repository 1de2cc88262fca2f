"""Demo data of the website annual report (`gongkai load_demo`), idempotent: the default site's report of last
year published (its figures frozen from the demo's records), this year's a draft, and the security checks
of both years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.sites.models import Site

from . import services
from .models import CheckKind, ReportStatus, SecurityCheck, WebsiteReport

ACTOR = system("load_demo")

ENTERED = {
    "media_comments": 12,
    "hot_responses": 9,
    "registered_users": Decimal("86.40"),
    "cases_natural": Decimal("152.30"),
    "cases_legal": Decimal("47.85"),
    "unified_platform": True,
    "security_monitoring": True,
    "emergency_drill": False,
    "security_owner": True,
    "multilingual": False,
    "personalised": False,
    "innovation_other": "政策文件库、政务公开专区",
    "unit_head": "刘某某",
    "reviewer_name": "陈某某",
    "filler": "王某某",
    "phone": "0539-8721000",
}

# (month, day, kind, found, fixed, note) of each year
CHECKS = [
    (3, 18, CheckKind.ASSESSMENT, 6, 6, "第一季度网站安全检测评估"),
    (6, 12, CheckKind.PENETRATION, 3, 3, "门户网站渗透测试"),
    (9, 20, CheckKind.GRADED, 4, 3, "网络安全等级保护测评（第三级）"),
    (11, 8, CheckKind.DRILL, 0, 0, "网页篡改应急演练"),
]


def _checks(site: Site, year: int, today: dt.date) -> None:
    for month, day, kind, found, fixed, note in CHECKS:
        on = dt.date(year, month, day)
        if on > today or SecurityCheck.objects.filter(site=site, checked_on=on, kind=kind).exists():
            continue
        services.add_security_check(
            actor=ACTOR,
            site=site,
            check=SecurityCheck(checked_on=on, kind=kind, found=found, fixed=fixed, note=note),
        )


def load(report) -> None:
    site = Site.objects.filter(is_default=True).first()
    if site is None:
        return
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    published = WebsiteReport.objects.filter(site=site, year=last, status=ReportStatus.PUBLISHED).exists()
    if not published:
        _checks(site, last, today)
        found = services.open_report(actor=ACTOR, site=site, year=last)
        if found.status == ReportStatus.DRAFT:
            found = services.save_entered(
                actor=ACTOR, report=found, values={**ENTERED, "filled_on": dt.date(this, 1, 20)}
            )
            found = services.transition(actor=ACTOR, report=found, action="review")
        services.transition(actor=ACTOR, report=found, action="publish")
    _checks(site, this, today)
    if not WebsiteReport.objects.filter(site=site, year=this).exists():
        draft = services.open_report(actor=ACTOR, site=site, year=this)
        services.save_entered(
            actor=ACTOR,
            report=draft,
            values={
                k: v
                for k, v in ENTERED.items()
                if k not in ("cases_natural", "cases_legal", "registered_users")
            },
        )
