"""Demo new-media accounts (``gongkai load_demo``; idempotent): eight accounts of city departments and a
county, with a monthly record of posts and followers through 2025 and this year and frequent updates in
the last weeks; one account quiet for 25 days (the inspection's NM_VETO_STALE shows red with its fix), one
quiet for 11 days (amber), and one closed after its public notice (shown on /newmedia/). Dates are relative
to today, so the demo stays current. Names and numbers are made up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import Account, Platform

ACTOR = system("load_demo")

# (unit short name, platform, name, account id, person, phone, opened, days since the last update or None)
ACCOUNTS = [
    (
        "市政府办公室",
        Platform.WECHAT,
        "临沂发布",
        "linyifabu",
        "赵明",
        "0539-8721001",
        dt.date(2014, 5, 6),
        1,
    ),
    ("市政府办公室", Platform.WEIBO, "临沂发布", "linyifabu", "赵明", "0539-8721001", dt.date(2012, 3, 1), 2),
    (
        "市政府办公室",
        Platform.DOUYIN,
        "临沂发布抖音号",
        "lyfb2019",
        "钱丽",
        "0539-8721002",
        dt.date(2019, 8, 20),
        3,
    ),
    ("市发展改革委", Platform.WECHAT, "临沂发改", "lyfagai", "孙强", "0539-8721101", dt.date(2016, 1, 12), 4),
    ("市教育局", Platform.WECHAT, "临沂教育", "lyjiaoyu", "李娜", "0539-8721201", dt.date(2015, 9, 1), 11),
    ("市教育局", Platform.TOUTIAO, "临沂教育发布", "", "李娜", "0539-8721201", dt.date(2018, 4, 2), 25),
    ("市市场监管局", Platform.CHANNELS, "临沂市场监管", "", "周涛", "0539-8721301", dt.date(2021, 6, 15), 2),
    ("兰山区", Platform.KUAISHOU, "兰山融媒", "lanshanrm", "吴刚", "0539-8311001", dt.date(2020, 10, 8), 5),
]
CLOSED = (
    "市卫生健康委",
    Platform.WEIBO,
    "临沂卫健微博",
    "lywjw",
    "郑敏",
    "0539-8721401",
    dt.date(2013, 7, 1),
)
NOTICE = (
    "因工作调整，“临沂卫健微博”自{d}起停止更新并关停。今后临沂市卫生健康委员会的政务信息请关注“临沂发布”"
    "微信公众号或访问临沂市人民政府网站。感谢广大网友的关注和支持！"
)


def _unit(short_name: str) -> Organization | None:
    return Organization.objects.filter(short_name=short_name).first()


def _fields(platform, name, account_id, person, phone, opened) -> dict:
    return {"platform": platform, "name": name, "account_id": account_id, "responsible_person": person,
            "responsible_phone": phone, "opened_on": opened, "homepage_url": "", "feed_url": ""}  # fmt: skip


def _history(account: Account, today: dt.date, quiet_days: int, seed: int) -> None:
    """A record per month (the month's posts, the followers at its end) from January 2025 until the month
    before the quiet spell, then updates every few days up to ``quiet_days`` ago."""
    last = today - dt.timedelta(days=quiet_days)
    month = dt.date(2025, 1, 1)
    followers = 20_000 + seed * 7_300
    while True:
        on = month.replace(day=28)
        if on >= last - dt.timedelta(days=30):
            break
        followers += 300 + seed * 40
        services.record_update(
            actor=ACTOR, account=account, fields={"on": on, "posts": 20 + (seed * 3 + month.month) % 25,
                                                  "title": "", "followers": followers},
        )  # fmt: skip
        month = (month + dt.timedelta(days=32)).replace(day=1)
    for offset in range(27, -1, -3):
        day = last - dt.timedelta(days=offset)
        services.record_update(
            actor=ACTOR, account=account,
            fields={"on": day, "posts": 1 + (day.day + seed) % 3, "followers": followers if offset == 0 else None},
        )  # fmt: skip


def load(report) -> None:
    today = timezone.localdate()
    for n, (short_name, platform, name, account_id, person, phone, opened, quiet) in enumerate(
        ACCOUNTS, start=1
    ):
        unit = _unit(short_name)
        if unit is None or Account.objects.filter(platform=platform, name=name).exists():
            continue
        account = services.save_account(
            actor=ACTOR, unit=unit, fields=_fields(platform, name, account_id, person, phone, opened)
        )
        _history(account, today, quiet, n)
    short_name, platform, name, account_id, person, phone, opened = CLOSED
    unit = _unit(short_name)
    if unit is not None and not Account.objects.filter(platform=platform, name=name).exists():
        account = services.save_account(
            actor=ACTOR, unit=unit, fields=_fields(platform, name, account_id, person, phone, opened)
        )
        _history(account, today, 70, 9)
        closed_on = today - dt.timedelta(days=20)
        services.transition(actor=ACTOR, account=account, action="request_close", on=today - dt.timedelta(days=60),
                            text="账号职能并入“临沂发布”，不再单独运营")  # fmt: skip
        services.transition(actor=ACTOR, account=account, action="announce", on=today - dt.timedelta(days=50),
                            text=NOTICE.format(d=f"{closed_on.year}年{closed_on.month}月{closed_on.day}日"))  # fmt: skip
        services.transition(actor=ACTOR, account=account, action="suspend", on=closed_on)
