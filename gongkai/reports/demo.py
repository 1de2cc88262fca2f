"""Demo annual reports: 市发展改革委's report of the year before last, published, and its report for last
year started from it and not yet published (so its staff find it on their to-do list); a draft for
市教育局."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .layout import T2_ROWS
from .models import AnnualReport

OVERVIEW = (
    "本年度，本机关深入贯彻《中华人民共和国政府信息公开条例》，按照全市政务公开工作要点，"
    "围绕优化营商环境、重大建设项目、价格和收费等重点领域，做好主动公开、依申请公开和政策解读工作。\n"
    "主动公开方面，通过本机关政府信息公开专栏及时发布政策文件、规划计划和项目信息；依申请公开方面，"
    "严格按照法定期限办理并答复；平台建设方面，完善公开目录和栏目设置；监督保障方面，将政务公开纳入年度考核。"
)


@transaction.atomic
def load(report) -> None:
    """Idempotent: a unit's report of a year is made only when it has none."""
    _history()
    year = timezone.localdate().year - 1
    fgw = Organization.objects.filter(short_name="市发展改革委").first()
    jyj = Organization.objects.filter(short_name="市教育局").first()
    if fgw is None or jyj is None or AnnualReport.objects.filter(unit=fgw, year=year - 1).exists():
        report.reports_created = AnnualReport.objects.count()
        return
    actor = system("load_demo")
    published = services.start_report(actor=actor, unit=fgw, year=year - 1)
    services.update_report(
        actor=actor,
        report=published,
        overview=OVERVIEW,
        problems="个别栏目更新不够及时，政策解读形式还不够丰富。下一步将建立栏目更新提醒机制，增加图解和问答解读。",
        other_matters="本年度无其他需要报告的事项。",
        # Its register is not on the platform yet (check V7 cannot confirm table 2's normative documents).
        check_explanation="本机关规范性文件台账尚未迁入本平台，表二“行政规范性文件”数据依据本机关纸质台账填报。",
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
    # A draft whose table 2 decision and fee rows come from the registers (gongkai.registers.demo).
    market = Organization.objects.filter(short_name="市市场监管局").first()
    if market:
        services.start_report(actor=actor, unit=market, year=year)
    report.reports_created = AnnualReport.objects.count()


# Reports 2019-2025 of the city and five units, their table 3 and 4 from the applications the FOI demo seeds
# for those years (``gongkai.foi.demo.HISTORY_UNITS``), table 2's register rows from the register.

HISTORY_UNITS = ["市政府", "兰山区", "市财政局", "市人力资源社会保障局", "市自然资源和规划局", "市卫生健康委",
                 "市发展改革委"]  # fmt: skip


def _overview(unit: Organization, year: int) -> str:
    return (
        f"{year}年，{unit.name}深入贯彻《中华人民共和国政府信息公开条例》，认真落实全市政务公开工作要点，"
        "坚持以公开为常态、不公开为例外，围绕重点领域做好主动公开，依法规范办理政府信息公开申请，"
        "加强政策解读和回应关切，政府信息公开工作取得新进展。\n"
        "（一）主动公开。通过政府信息公开专栏及时发布政策文件、规划计划、财政预决算和重点领域信息。\n"
        "（二）依申请公开。严格按照法定期限办理并答复，规范答复文书，做到依法、规范、便民。\n"
        "（三）政府信息管理。严格落实公开前保密审查，动态调整主动公开基本目录。\n"
        "（四）平台建设。优化政府信息公开专栏，完善检索、订阅和无障碍阅读功能。\n"
        "（五）监督保障。将政务公开纳入年度绩效考核，开展业务培训和第三方评估。"
    )


def _table2(unit: Organization, year: int, draft: dict) -> dict:
    """Every row of table 2: the register's rows as ``start_report`` found them, the others from the unit's
    (illustrative) case figures."""
    seed = unit.pk * 7 + year
    figures = {
        "regulations": {"made": 0, "repealed": 0, "valid": 0},
        "normative_documents": {"made": 0, "repealed": 0, "valid": 0},
        "licensing": {"decisions": 120 + seed % 300},
        "penalty": {"decisions": 5 + seed % 40},
        "coercion": {"decisions": seed % 4},
        "fees": {"amount_10k_yuan": "0"},
    }
    for row in {r for _b, r, _l, _c in T2_ROWS}:
        figures[row] = {**figures.get(row, {}), **(draft.get(row) or {})}
    return figures


def _history() -> None:
    from gongkai.foi.demo import history_years

    actor = system("load_demo")
    today = timezone.localdate()
    for unit in Organization.objects.filter(short_name__in=HISTORY_UNITS).order_by("path"):
        for year in history_years(unit.short_name, today):
            if unit.short_name == "市发展改革委" and year == today.year - 2:
                continue  # its report of that year is the one below, with its own narrative
            if AnnualReport.objects.filter(unit=unit, year=year).exists():
                continue
            draft = services.start_report(actor=actor, unit=unit, year=year)
            draft = services.update_report(
                actor=actor,
                report=draft,
                overview=_overview(unit, year),
                problems="部分栏目信息更新不够及时，政策解读的形式还不够丰富。下一步将建立栏目更新提醒机制，"
                "增加图解、视频等解读形式，进一步提升公开质量。",
                other_matters="本年度未收取信息处理费。无其他需要报告的事项。",
                table2_manual=_table2(unit, year, draft.table2_manual),
            )
            published_at = timezone.make_aware(dt.datetime(year + 1, 1, 20 + unit.pk % 8, 10, 0))
            services.publish_report(actor=actor, report=draft, now=min(published_at, timezone.now()))
