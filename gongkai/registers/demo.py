"""Demo registers (``gongkai load_demo``; idempotent): power lists of three departments with an adjustment and a
cancellation, licensing and penalty decisions (双公示) and coercive measures with a late one, an expired one and
a repaired one, the fee catalog with its changes and the year's totals, and the budgets and final accounts of
several units (one late, one not yet published). Dates are relative to today, so the demo stays current.
Names, codes and ID numbers are made up; the codes and numbers are well formed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gongkai.core import idcard, uscc
from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import rules, services
from .models import (
    BudgetDisclosure,
    BudgetKind,
    ChangeReason,
    Decision,
    DecisionKind,
    FeeCollection,
    FeeItem,
    PowerItem,
    Severity,
    SubjectType,
)

ACTOR = system("load_demo")

POWERS = {
    "市市场监管局": [
        ("371300-XK-001", "食品经营许可", "licensing", "《中华人民共和国食品安全法》第三十五条", ""),
        ("371300-XK-002", "特种设备安全管理和作业人员资格认定", "licensing", "《中华人民共和国特种设备安全法》第十四条", ""),
        ("371300-CF-001", "对生产经营不符合食品安全标准食品的处罚", "penalty", "《中华人民共和国食品安全法》第一百二十四条", ""),
        ("371300-CF-002", "对虚假广告的处罚", "penalty", "《中华人民共和国广告法》第五十五条", ""),
        ("371300-CF-002-01", "对发布虚假广告的广告主的处罚", "penalty", "《中华人民共和国广告法》第五十五条第一款", "371300-CF-002"),
        ("371300-CF-002-02", "对设计、制作、代理、发布虚假广告的广告经营者的处罚", "penalty", "《中华人民共和国广告法》第五十五条第三款", "371300-CF-002"),
        ("371300-QZ-001", "查封、扣押不符合食品安全标准的食品", "coercion", "《中华人民共和国食品安全法》第一百一十条", ""),
        ("371300-JC-001", "食品生产经营监督检查", "inspection", "《中华人民共和国食品安全法》第一百一十条", ""),
    ],
    "市行政审批服务局": [
        ("371300-XK-101", "建筑工程施工许可", "licensing", "《中华人民共和国建筑法》第七条", ""),
        ("371300-XK-102", "药品零售企业许可", "licensing", "《中华人民共和国药品管理法》第五十三条", ""),
        ("371300-QR-101", "民办非企业单位成立登记", "confirmation", "《民办非企业单位登记管理暂行条例》第三条", ""),
    ],
    "市生态环境局": [
        ("371300-CF-201", "对超标排放大气污染物的处罚", "penalty", "《中华人民共和国大气污染防治法》第九十九条", ""),
        ("371300-CF-202", "对未依法取得排污许可证排放污染物的处罚", "penalty", "《排污许可管理条例》第三十三条", ""),
        ("371300-QZ-201", "查封、扣押造成污染物排放的设施、设备", "coercion", "《中华人民共和国环境保护法》第二十五条", ""),
    ],
}  # fmt: skip

COMPANIES = ["临沂市兰山区鲜丰食品商行", "临沂宏达建设工程有限公司", "山东沂蒙源药业连锁有限公司", "临沂市罗庄区惠民超市",
             "临沂金桥广告传媒有限公司", "临沂华盛化工有限公司", "临沂市河东区顺发餐饮店", "山东鲁南机械制造有限公司",
             "临沂新城热力有限公司", "临沂市兰陵县绿源食品有限公司", "临沂恒通物流有限公司", "临沂市沂水县康宁大药房"]  # fmt: skip
PEOPLE = ["王建国", "李秀兰", "张志强", "刘桂英"]


def _code(n: int) -> str:
    return uscc.make_code("9", "1", "371302", f"MA{n:06d}"[:8])


def _id_number(n: int) -> str:
    first17 = f"371302{1970 + n % 20}{1 + n % 9:02d}{10 + n % 18:02d}{n % 10}{n % 7}{n % 5}"
    return first17 + idcard.check_character(first17)


def _unit(short_name: str) -> Organization | None:
    return Organization.objects.filter(short_name=short_name).first()


def _powers(today: dt.date) -> None:
    for short_name, rows in POWERS.items():
        unit = _unit(short_name)
        if unit is None or PowerItem.objects.filter(unit=unit).exists():
            continue
        listed_on = dt.date(today.year - 2, 3, 1)
        for code, name, power_type, basis, parent in rows:
            services.save_power_item(
                actor=ACTOR, unit=unit, changed_on=listed_on, reason=ChangeReason.REFORM, note="2019年机构改革后首次公布",
                fields={"code": code, "name": name, "power_type": power_type, "basis": basis, "parent_code": parent},
            )  # fmt: skip
        first = PowerItem.objects.get(unit=unit, code=rows[0][0])
        services.save_power_item(
            actor=ACTOR, unit=unit, item=first, changed_on=dt.date(today.year - 1, 6, 1), reason=ChangeReason.LAW,
            note="依据法律修改调整设定依据和责任事项",
            fields={"code": first.code, "name": first.name, "power_type": first.power_type,
                    "basis": first.basis + "；《中华人民共和国食品安全法实施条例》第十五条",
                    "implementing_unit": first.implementing_unit, "responsibility": "受理、审查、决定、送达、事后监管"},
        )  # fmt: skip
    unit = _unit("市行政审批服务局")
    item = PowerItem.objects.filter(
        unit__short_name="市行政审批服务局", code="371300-XK-102", is_active=True
    ).first()
    if unit and item:
        services.cancel_power_item(actor=ACTOR, item=item, changed_on=dt.date(today.year - 1, 9, 1),
                                   reason=ChangeReason.DELEGATION, note="下放至县区行政审批服务局实施")  # fmt: skip


def _decision(unit, kind, n: int, decided_on: dt.date, published_on: dt.date, **extra) -> None:
    prefixes = {"市行政审批服务局": "临审批", "市市场监管局": "临市监", "市生态环境局": "临环"}
    doc_prefix = prefixes[unit.short_name] + {"licensing": "许", "penalty": "罚", "coercion": "强"}[kind]
    doc_number = f"{doc_prefix}〔{decided_on.year}〕{100 + n}号"
    if Decision.objects.filter(unit=unit, kind=kind, doc_number=doc_number).exists():
        return
    natural = n % 6 == 5
    name = PEOPLE[n % len(PEOPLE)] if natural else COMPANIES[n % len(COMPANIES)]
    fields = {
        "subject_name": name,
        "subject_type": SubjectType.NATURAL if natural else SubjectType.LEGAL,
        "credit_code": "" if natural else _code(1000 + n * 37),
        "legal_representative": "" if natural else PEOPLE[(n + 1) % len(PEOPLE)],
        "id_number": _id_number(n) if natural else "",
        "doc_number": doc_number,
        "decided_on": decided_on,
        "data_source": unit.name,
        **extra,
    }
    services.record_decision(actor=ACTOR, unit=unit, kind=kind, fields=fields, published_on=published_on)


def _decisions(today: dt.date) -> None:
    approvals, market, ecology = _unit("市行政审批服务局"), _unit("市市场监管局"), _unit("市生态环境局")
    if not (approvals and market and ecology):
        return
    for n in range(18):
        decided = today - dt.timedelta(days=3 + n * 19)
        _decision(approvals if n % 3 else market, DecisionKind.LICENSING, n, decided, decided + dt.timedelta(days=2),
                  title="食品经营许可证" if n % 3 == 0 else "建筑工程施工许可证", category="普通",
                  content="准予许可。经营项目：预包装食品销售、热食类食品制售。" if n % 3 == 0 else "准予施工许可。",
                  basis="《中华人民共和国行政许可法》第三十八条", valid_from=decided,
                  valid_until=rules.add_months(decided, 60),
                  power_code="371300-XK-001" if n % 3 == 0 else "371300-XK-101")  # fmt: skip
    for n in range(12):
        decided = today - dt.timedelta(days=10 + n * 31)
        late = n == 2
        published = decided + dt.timedelta(days=25 if late else 3)
        unit = market if n % 2 == 0 else ecology
        _decision(unit, DecisionKind.PENALTY, 50 + n, decided, min(published, today),
                  title="罚款", category="罚款" if n % 3 else "警告、罚款",
                  content="经查，当事人经营超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条。处罚内容：罚款人民币2万元。"
                  if unit == market else "经查，当事人排放大气污染物超过排放标准。处罚内容：罚款人民币10万元。",
                  basis="《中华人民共和国食品安全法》第一百二十四条" if unit == market else "《中华人民共和国大气污染防治法》第九十九条",
                  fine_10k_yuan=Decimal("2") if unit == market else Decimal("10"),
                  severity=Severity.SERIOUS if n == 4 else Severity.GENERAL,
                  power_code="371300-CF-001" if unit == market else "371300-CF-201")  # fmt: skip
    # A general penalty decided 14 months ago: past its longest public period, so on no public page.
    old = today - dt.timedelta(days=430)
    _decision(market, DecisionKind.PENALTY, 90, old, old + dt.timedelta(days=2), title="罚款", category="罚款",
              content="经查，当事人未按规定公示食品经营许可证。处罚内容：罚款人民币5000元。",
              basis="《中华人民共和国食品安全法》第一百二十六条", fine_10k_yuan=Decimal("0.5"))  # fmt: skip
    repaired = Decision.objects.filter(unit=market, kind=DecisionKind.PENALTY, repaired_on__isnull=True,
                                       decided_on__lte=today - dt.timedelta(days=200)).order_by("decided_on").first()  # fmt: skip
    if repaired and not Decision.objects.filter(unit=market, repaired_on__isnull=False).exists():
        services.repair_credit(actor=ACTOR, decision=repaired, repaired_on=today - dt.timedelta(days=5),
                               note=f"临市监信修〔{today.year}〕3号")  # fmt: skip
    for n in range(3):
        decided = today - dt.timedelta(days=20 + n * 45)
        _decision(ecology if n else market, DecisionKind.COERCION, 70 + n, decided, decided + dt.timedelta(days=4),
                  title="查封、扣押决定", category="查封" if n else "扣押",
                  content="对涉嫌违法排放污染物的设施、设备予以查封，期限30日。" if n else "扣押超过保质期的食品120箱。",
                  basis="《中华人民共和国环境保护法》第二十五条" if n else "《中华人民共和国食品安全法》第一百一十条")  # fmt: skip


FEES = [
    ("市公安局", "administrative", "居民身份证工本费", "首次申领、换领每证20元；丢失补领、损坏换领每证40元",
     "《财政部 国家发展改革委关于公布取消和停止征收100项行政事业性收费项目的通知》", "申领居民身份证的公民"),
    ("市公安局", "administrative", "机动车号牌工本费", "汽车号牌每副100元；摩托车号牌每副35元",
     "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》", "申领号牌的机动车所有人"),
    ("市住建局", "fund", "城市基础设施配套费", "按建筑面积每平方米80元",
     "《山东省城市基础设施配套费征收使用管理办法》", "城市规划区内新建、改建、扩建项目的建设单位"),
    ("市市场监管局", "service", "特种设备检验检测费", "电梯定期检验每台600元", "《山东省物价局关于特种设备检验检测收费标准的通知》",
     "特种设备使用单位"),
    ("市市场监管局", "administrative", "计量器具强制检定费", "已停征", "《财政部关于停征计量器具检定费的通知》", ""),
]  # fmt: skip


def _fees(today: dt.date) -> None:
    set_up = dt.date(today.year - 3, 1, 1)
    for short_name, kind, name, standard, basis, payer in FEES:
        unit = _unit(short_name)
        if unit is None or FeeItem.objects.filter(unit=unit, name=name).exists():
            continue
        services.save_fee_item(actor=ACTOR, unit=unit, changed_on=set_up, basis=basis,
                               fields={"kind": kind, "name": name, "standard": standard, "basis": basis, "payer": payer})  # fmt: skip
    lift = FeeItem.objects.filter(name="特种设备检验检测费", is_active=True).first()
    if lift and lift.changes.count() == 1:
        services.save_fee_item(actor=ACTOR, unit=lift.unit, item=lift, changed_on=dt.date(today.year - 1, 7, 1),
                               basis="《临沂市发展和改革委员会关于降低特种设备检验检测收费标准的通知》",
                               fields={"kind": lift.kind, "name": lift.name, "standard": "电梯定期检验每台480元",
                                       "basis": lift.basis, "payer": lift.payer})  # fmt: skip
    meter = FeeItem.objects.filter(name="计量器具强制检定费", is_active=True).first()
    if meter:
        services.cancel_fee_item(actor=ACTOR, item=meter, changed_on=dt.date(today.year - 2, 4, 1),
                                 basis="《财政部 国家发展改革委关于清理规范一批行政事业性收费有关政策的通知》")  # fmt: skip
    for short_name, amount in (("市公安局", "1286.42"), ("市市场监管局", "37.5")):
        unit = _unit(short_name)
        if unit and not FeeCollection.objects.filter(unit=unit, year=today.year - 1).exists():
            services.set_fee_collection(actor=ACTOR, unit=unit, year=today.year - 1, amount_10k_yuan=amount,
                                        note="据本单位财务决算")  # fmt: skip


BUDGET_UNITS = [
    "市发展改革委",
    "市教育局",
    "市财政局",
    "市公安局",
    "市市场监管局",
    "市生态环境局",
    "市住建局",
    "市卫生健康委",
]


def _budgets(today: dt.date) -> None:
    for n, short_name in enumerate(BUDGET_UNITS):
        unit = _unit(short_name)
        if unit is None:
            continue
        for kind, year, approved in ((BudgetKind.BUDGET, today.year, dt.date(today.year, 2, 5)),
                                     (BudgetKind.FINAL, today.year - 1, dt.date(today.year, 8, 10))):  # fmt: skip
            if approved > today or BudgetDisclosure.objects.filter(unit=unit, year=year, kind=kind).exists():
                continue
            delay = 26 if (n == 3 and kind == BudgetKind.BUDGET) else 12 + n
            published = approved + dt.timedelta(days=delay)
            unpublished = n == 6 and kind == BudgetKind.FINAL
            base = Decimal(800 + n * 137)
            fields = {
                "year": year, "kind": kind, "approved_on": approved,
                "published_on": None if unpublished or published > today else published,
                "total_10k_yuan": base * 10, "abroad_10k_yuan": Decimal("0") if n % 2 else Decimal("12.5"),
                "vehicles_10k_yuan": Decimal(str(20 + n * 3)), "reception_10k_yuan": Decimal(str(3 + n)),
                "performance_targets": "保障机构正常运转；重点项目资金按进度拨付，绩效目标完成率不低于90%。",
                "performance_review": "年度绩效目标基本完成，自评得分92分。" if kind == BudgetKind.FINAL else "",
                "late_explanation": "因预算公开文本校对延误，晚于期限6日公开。" if delay == 26 else "",
            }  # fmt: skip
            services.save_budget(actor=ACTOR, unit=unit, fields=fields)


def load(report) -> None:
    today = timezone.localdate()
    _powers(today)
    _decisions(today)
    _fees(today)
    _budgets(today)
