"""Demo data of 双随机、一公开 (`gongkai load_demo`), idempotent: the city's market regulator (临沂市市场监督管理局)
and environment bureau (临沂市生态环境局) with their matters, directories (30 and 10 entities with well-formed
credit codes, inspectors) and plans: one of each drawn with its results published, and one of the market
regulator's committed and awaiting its draw. The seeds are fixed strings (their SHA-256), so the demo's draws are
the same on every machine; a real plan always gets a fresh ``secrets.token_hex(32)``."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization
from gongkai.core.uscc import make_code

from . import services
from .models import Entity, InspectionMatter, Inspector, Method, Outcome, Plan

ACTOR = system("load_demo")

MARKET = "临沂市市场监督管理局"
ENVIRONMENT = "临沂市生态环境局"

MATTERS = {
    MARKET: [
        ("SCJG-001", "食品经营者经营条件和食品安全管理制度检查", "《中华人民共和国食品安全法》第八十七条、第一百一十条",
         "食品经营者", Method.ON_SITE),
        ("SCJG-002", "企业公示信息检查", "《企业信息公示暂行条例》第十四条", "企业", Method.DOCUMENTS),
        ("SCJG-003", "网络交易平台经营行为检查", "《中华人民共和国电子商务法》第六条", "网络交易经营者", Method.ONLINE),
        ("SCJG-004", "特种设备使用单位检查", "《中华人民共和国特种设备安全法》第五十七条", "特种设备使用单位",
         Method.ON_SITE),
    ],
    ENVIRONMENT: [
        ("STHJ-001", "排污单位污染物排放情况检查", "《中华人民共和国环境保护法》第二十四条", "排污许可重点管理单位",
         Method.ON_SITE),
        ("STHJ-002", "建设项目环境影响评价制度执行情况检查", "《中华人民共和国环境影响评价法》第二十八条",
         "建设单位", Method.DOCUMENTS),
    ],
}  # fmt: skip

PLACES = [
    "兰山",
    "罗庄",
    "河东",
    "沂南",
    "郯城",
    "沂水",
    "兰陵",
    "费县",
    "平邑",
    "莒南",
    "蒙阴",
    "临沭",
    "沂蒙",
    "银雀",
    "金雀",
]
TRADES = [
    ("食品有限公司", "食品经营", "company"), ("商贸有限公司", "批发和零售业", "company"),
    ("超市", "批发和零售业", "individual"), ("餐饮店", "餐饮业", "individual"),
    ("电梯工程有限公司", "特种设备", "company"), ("电子商务有限公司", "互联网零售", "company"),
]  # fmt: skip
FACTORIES = ["化工有限公司", "板材有限公司", "陶瓷有限公司", "印染有限公司", "建材有限公司"]

INSPECTORS = {
    MARKET: ["王建国", "李秀英", "张志强", "刘海燕", "陈立新", "杨晓东", "赵文静", "孙德明"],
    ENVIRONMENT: ["周永刚", "吴丽华", "郑国庆", "冯春梅"],
}


def _seed(label: str) -> str:
    return hashlib.sha256(f"gongkai-demo:{label}".encode()).hexdigest()


def _entities(unit: Organization, authority: str, offset: int, names) -> None:
    for n, (name, industry, kind) in enumerate(names):
        code = make_code(authority, "1", "371302", f"{offset + n:08d}")
        if Entity.objects.filter(unit=unit, credit_code=code).exists():
            continue
        place = PLACES[n % len(PLACES)]
        services.save_entity(actor=ACTOR, entity=Entity(
            unit=unit, name=name, credit_code=code, kind=kind, industry=industry,
            address=f"临沂市{place}{'区' if place in ('兰山', '罗庄', '河东') else '县'}{place}路{(n * 37) % 300 + 1}号",
        ))  # fmt: skip


def _directories(unit: Organization, prefix: str) -> None:
    for code, name, basis, scope, method in MATTERS[unit.name]:
        if not InspectionMatter.objects.filter(unit=unit, code=code).exists():
            services.save_matter(actor=ACTOR, matter=InspectionMatter(
                unit=unit, code=code, name=name, basis=basis, scope=scope, method=method))  # fmt: skip
    for n, name in enumerate(INSPECTORS[unit.name]):
        number = f"{prefix}{n + 1:05d}"
        if not Inspector.objects.filter(certificate_no=number).exists():
            services.save_inspector(
                actor=ACTOR, inspector=Inspector(unit=unit, name=name, certificate_no=number)
            )


def _plan(
    unit, title, *, codes, starts_on, ends_on, count, industry="", committed, drawn=None, outcomes=None
):
    if Plan.objects.filter(unit=unit, title=title).exists():
        return
    at = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))  # noqa: E731
    plan = services.save_plan(actor=ACTOR, matters=list(InspectionMatter.objects.filter(unit=unit, code__in=codes)),
                              plan=Plan(unit=unit, title=title, year=starts_on.year, starts_on=starts_on,
                                        ends_on=ends_on, entity_count=count, industry=industry))  # fmt: skip
    services.commit_plan(actor=ACTOR, plan=plan, now=at(committed), seed=_seed(title))
    if drawn is None:
        return
    services.draw_plan(actor=ACTOR, plan=plan, now=at(drawn))
    if outcomes is None:
        return
    for n, pick in enumerate(plan.picks.order_by("order")):
        outcome, findings, handling = outcomes[n % len(outcomes)]
        services.record_result(actor=ACTOR, pick=pick, checked_on=min(drawn + dt.timedelta(days=7 + 3 * n), ends_on),
                               outcome=outcome, findings=findings, handling=handling)  # fmt: skip
    services.publish_results(actor=ACTOR, plan=plan, now=at(ends_on + dt.timedelta(days=10)))


OUTCOMES = [
    (Outcome.NO_PROBLEM, "", ""),
    (Outcome.NO_PROBLEM, "", ""),
    (Outcome.ORDERED, "部分商品未明码标价，从业人员健康证过期1人", "已责令限期15日内整改"),
    (Outcome.NO_PROBLEM, "", ""),
    (Outcome.CORRECTED, "年度报告中从业人数填报有误", "已督促更正公示信息"),
    (Outcome.UNREACHABLE, "", "已列入经营异常名录"),
]
ENV_OUTCOMES = [
    (Outcome.NO_PROBLEM, "", ""),
    (Outcome.CASE, "废气处理设施未正常运行", "已立案调查，责令改正"),
    (Outcome.NO_PROBLEM, "", ""),
]


@transaction.atomic
def load(report) -> None:
    market = Organization.objects.filter(name=MARKET).first()
    environment = Organization.objects.filter(name=ENVIRONMENT).first()
    if market is None or environment is None:
        return
    _directories(market, "3713000")
    _directories(environment, "3713001")
    names = [(f"临沂{PLACES[n % 15]}{TRADES[n % 6][0]}" if n < 15 else f"临沂市{PLACES[n % 15]}{['鑫源', '恒通', '瑞丰'][n % 3]}{TRADES[n % 6][0]}",
              TRADES[n % 6][1], TRADES[n % 6][2]) for n in range(30)]  # fmt: skip
    _entities(market, "9", 20_260_000, names)
    _entities(environment, "9", 20_261_000,
              [(f"临沂{PLACES[n]}{FACTORIES[n % 5]}", "制造业", "company") for n in range(10)])  # fmt: skip

    today = timezone.localdate()
    year = today.year
    _plan(market, f"临沂市市场监督管理局{year}年食品经营和企业公示信息“双随机”抽查计划",
          codes=["SCJG-001", "SCJG-002"], starts_on=today - dt.timedelta(days=100), ends_on=today - dt.timedelta(days=40),
          count=6, committed=today - dt.timedelta(days=108), drawn=today - dt.timedelta(days=99), outcomes=OUTCOMES)  # fmt: skip
    _plan(market, f"临沂市市场监督管理局{year}年特种设备使用单位“双随机”抽查计划",
          codes=["SCJG-004"], starts_on=today + dt.timedelta(days=12), ends_on=today + dt.timedelta(days=72),
          count=3, committed=today - dt.timedelta(days=3))  # fmt: skip
    _plan(environment, f"临沂市生态环境局{year}年排污单位“双随机”抽查计划",
          codes=["STHJ-001"], starts_on=today - dt.timedelta(days=80), ends_on=today - dt.timedelta(days=30),
          count=3, committed=today - dt.timedelta(days=86), drawn=today - dt.timedelta(days=79), outcomes=ENV_OUTCOMES)  # fmt: skip
