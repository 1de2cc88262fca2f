"""Demo data of this app (`gongkai load_demo`): idempotent.

市生态环境局's monthly air quality of the 15 counties, districts and development zones (the last six months up
to the previous one, with the month three months back deliberately missing, so it is late), 市住房城乡建设局's
quarterly drinking-water quality (the last four quarters) and 市国资委's monthly figures of the city's state
enterprises (the last three months). Numbers are computed from the county and the period (no randomness), and
every date is relative to today, so the demo stays current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core.actors import system
from gongkai.core.demo import COUNTIES, ZONES
from gongkai.core.models import Organization
from gongkai.publishing.models import KeyArea

from . import periods, services
from .models import Dataset, Frequency, Release

ACTOR = system("load_demo")
# The 15 县区 of the city's monthly ranking: 3 districts, 9 counties and the three development zones.
AREAS = [short for _name, short, _code in COUNTIES] + [
    short.removeprefix("临沂") for _n, short, _a in ZONES[:3]
]
MISSING_MONTHS_BACK = 3

AIR_COLUMNS = [
    {"name": "县区", "type": "text", "unit": "", "required": True},
    {"name": "综合指数", "type": "number", "unit": "", "required": True},
    {"name": "PM2.5", "type": "number", "unit": "μg/m³", "required": True},
    {"name": "PM10", "type": "number", "unit": "μg/m³", "required": True},
    {"name": "优良天数比例", "type": "number", "unit": "%", "required": True},
    {"name": "排名", "type": "number", "unit": "", "required": True},
]
WATER_COLUMNS = [
    {"name": "县区", "type": "text", "unit": "", "required": True},
    {"name": "饮用水水源达标率", "type": "number", "unit": "%", "required": True},
    {"name": "供水厂出水达标率", "type": "number", "unit": "%", "required": True},
    {"name": "用户水龙头水质达标率", "type": "number", "unit": "%", "required": True},
    {"name": "监测点位数", "type": "number", "unit": "个", "required": True},
]
ENTERPRISES = ["临沂城市发展集团", "临沂投资发展集团", "临沂交通发展集团", "临沂市水务集团", "临沂文化旅游发展集团",
               "临沂农业发展集团", "临沂商城控股集团"]  # fmt: skip
STATE_COLUMNS = [
    {"name": "企业名称", "type": "text", "unit": "", "required": True},
    {"name": "营业收入", "type": "number", "unit": "亿元", "required": True},
    {"name": "利润总额", "type": "number", "unit": "亿元", "required": True},
    {"name": "资产总额", "type": "number", "unit": "亿元", "required": True},
    {"name": "资产负债率", "type": "number", "unit": "%", "required": False},
]


def _spread(*parts) -> Decimal:
    """A fixed number in [0, 1) from the parts (the same parts always give the same number)."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)


def _q(value: Decimal, places: str) -> str:
    return str(value.quantize(Decimal(places)))


def air_rows(period: periods.Period) -> list[list[str]]:
    winter = Decimal(
        1.0 if period.start.month in (11, 12, 1, 2) else 0.6 if period.start.month in (3, 10) else 0.3
    )
    rows = []
    for index, area in enumerate(AREAS):
        s = _spread("air", area, period.code)
        pm25 = Decimal(26) + winter * 28 + Decimal(index % 5) * 2 + s * 8
        pm10 = pm25 * Decimal("1.75") + s * 10
        index_value = Decimal("2.6") + pm25 / 22 + s * Decimal("0.4")
        good = Decimal(96) - winter * 30 - s * 8
        rows.append([area, _q(index_value, "0.01"), _q(pm25, "1"), _q(pm10, "1"), _q(good, "0.1")])
    for row in rows:  # equal indexes share a rank, as on the chart
        row.append(str(1 + sum(Decimal(other[1]) < Decimal(row[1]) for other in rows)))
    return rows


def water_rows(period: periods.Period) -> list[list[str]]:
    rows = []
    for area in AREAS:
        s = _spread("water", area, period.code)
        tap = Decimal(100) if s < Decimal("0.7") else Decimal(100) - s * 6
        rows.append([area, "100", "100" if s < Decimal("0.85") else _q(Decimal(100) - s * 3, "0.1"),
                     _q(tap, "0.1"), str(4 + int(s * 6))])  # fmt: skip
    return rows


def state_rows(period: periods.Period) -> list[list[str]]:
    rows = []
    months = period.start.month
    for index, name in enumerate(ENTERPRISES):
        s = _spread("state", name, period.code)
        revenue = (Decimal(60) - index * 7 + s * 5) * months / 12
        profit = revenue * (Decimal("0.04") + s / 50)
        assets = Decimal(900) - index * 110 + s * 20
        rows.append(
            [
                name,
                _q(revenue, "0.01"),
                _q(profit, "0.01"),
                _q(assets, "0.1"),
                _q(Decimal(55) + s * 15, "0.1"),
            ]
        )
    return rows


def _csv(columns: list[dict], rows: list[list[str]]) -> bytes:
    header = [f"{c['name']}({c['unit']})" if c["unit"] else c["name"] for c in columns]
    return ("\n".join(",".join(r) for r in [header, *rows]) + "\n").encode("utf-8")


def _dataset(unit_name: str, title: str, **fields) -> Dataset | None:
    unit = Organization.objects.filter(name=unit_name).first()
    if unit is None:
        return None
    found = Dataset.objects.filter(unit=unit, title=title).first()
    if found is not None:
        return found
    key_area = KeyArea.objects.filter(code=fields.pop("key_area_code")).first()
    return services.save_dataset(actor=ACTOR, unit=unit, title=title, key_area=key_area, **fields)


def _publish(dataset: Dataset, period: periods.Period, rows: list[list[str]], now: dt.datetime) -> None:
    if Release.objects.filter(dataset=dataset, period=period.code).exists():
        return
    # Published on the 5th working day after the period, at 10:00 (never in the future).
    day = cal.add_working_days(period.end, min(5, dataset.due_working_day)).due
    at = min(timezone.make_aware(dt.datetime.combine(day, dt.time(10))), now)
    services.publish_release(actor=ACTOR, dataset=dataset, period=period.code, name=f"{period.code}.csv",
                             data=_csv(dataset.columns, rows), published_at=at)  # fmt: skip


def load(report) -> None:
    today, now = timezone.localdate(), timezone.now()
    this_month = periods.period_of(periods.MONTHLY, today)
    months = [this_month]
    for _step in range(6):
        months.insert(0, months[0].previous())
    months = months[:-1]  # the six months up to the previous one
    air = _dataset(
        "临沂市生态环境局", "全市环境空气质量状况及县区排名", frequency=Frequency.MONTHLY, due_working_day=10,
        starts_on=months[0].start, columns=AIR_COLUMNS, label_column="县区", value_column="综合指数",
        lower_is_better=True, key_area_code="pollution-control",
        description="按月发布全市及15个县区（含开发区）环境空气质量综合指数、主要污染物浓度和优良天数比例，"
        "按综合指数由低到高排名（综合指数越小，空气质量越好）。",
    )  # fmt: skip
    if air is not None:
        missing = this_month
        for _step in range(MISSING_MONTHS_BACK):
            missing = missing.previous()
        for period in months:
            if period.code != missing.code:
                _publish(air, period, air_rows(period), now)
    quarter = periods.period_of(periods.QUARTERLY, today)
    quarters = []
    for _step in range(4):
        quarter = quarter.previous()
        quarters.insert(0, quarter)
    water = _dataset(
        "临沂市住房和城乡建设局", "饮用水水源、供水厂出水和用户水龙头水质状况", frequency=Frequency.QUARTERLY,
        due_working_day=15, starts_on=quarters[0].start, columns=WATER_COLUMNS, label_column="县区",
        value_column="用户水龙头水质达标率", key_area_code="public-institutions",
        description="每季度公开全市各县区饮用水水源、供水厂出水和用户水龙头水质监测达标情况。",
    )  # fmt: skip
    if water is not None:
        for period in quarters:
            _publish(water, period, water_rows(period), now)
    state = _dataset(
        "临沂市人民政府国有资产监督管理委员会", "市管企业主要经济效益指标", frequency=Frequency.MONTHLY,
        due_working_day=15, starts_on=months[-3].start, columns=STATE_COLUMNS, label_column="企业名称",
        value_column="营业收入", key_area_code="state-assets",
        description="按月公开市管企业年初至本月末累计营业收入、利润总额、资产总额和资产负债率。",
    )  # fmt: skip
    if state is not None:
        for period in months[-3:]:
            _publish(state, period, state_rows(period), now)
