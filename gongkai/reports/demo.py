"""Demo annual reports: 市发展改革委's report of the year before last, published, and its report for last
year started from it and not yet published (so its staff find it on their to-do list); a draft for
市教育局."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import AnnualReport

OVERVIEW = (
    "本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》，按照全市政务公开工作要点，"
    "围绕优化营商环境、重大建设项目、价格和收费等重点领域，做好主动公开、依申请公开和政策解读工作。\n"
    "主动公开方面，通过本机关政府信息公开专栏及时发布政策文件、规划计划和项目信息；依申请公开方面，"
    "严格按照法定期限办理并答复；平台建设方面，完善公开目录和栏目设置；监督保障方面，将政务公开纳入年度考核。"
)


@transaction.atomic
def load(report) -> None:
    if AnnualReport.objects.exists():
        return
    year = timezone.localdate().year - 1
    fgw = Organization.objects.filter(short_name="市发展改革委").first()
    jyj = Organization.objects.filter(short_name="市教育局").first()
    if fgw is None or jyj is None:
        return
    actor = system("load_demo")
    published = services.start_report(actor=actor, unit=fgw, year=year - 1)
    services.update_report(
        actor=actor,
        report=published,
        overview=OVERVIEW,
        problems="个别栏目更新不够及时，政策解读形式还不够丰富。下一步将建立栏目更新提醒机制，增加图解和问答解读。",
        other_matters="本年度无其他需要报告的事项。",
        table2_manual={
            "regulations": {"made": 0, "repealed": 0, "valid": 0},
            "normative_documents": {"made": 2, "repealed": 1, "valid": 18},
            "licensing": {"decisions": 356},
            "penalty": {"decisions": 12},
            "coercion": {"decisions": 0},
            "fees": {"amount_10k_yuan": "0"},
        },
    )
    services.publish_report(actor=actor, report=published)
    services.start_report(actor=actor, unit=fgw, year=year)  # last year's narrative as the starting text
    services.start_report(actor=actor, unit=jyj, year=year)
    report.reports_created = AnnualReport.objects.count()
