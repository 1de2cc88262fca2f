"""Demo data of this app (`gongkai load_demo`): idempotent.

The city's leaders get the dates they took office and a former mayor; three items are planted where the scan
will find them (a deputy mayor called 市长, a mobile number in a notice, a link to an item withdrawn since);
then the archive is scanned here, at once, so /manage/scans/ and the inspection show findings on a fresh
`make run`."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.claims import claim
from gongkai.core.models import Leader, Organization, OrgType
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, InformationItem

from . import scanner, services
from .models import RunStatus, ScanRun, Trigger

ACTOR = system("load_demo")
WRONG_TITLE = "市政府召开第38次常务会议研究部署安全生产工作"
PHONE = "关于2026年度城乡居民临时救助对象的公示"
TARGET = "临沂市2026年第一批科技型中小企业入库名单（已撤回）"
DEAD_LINK = "关于做好2026年科技型中小企业评价工作的通知"
FORMER_MAYOR = "许振华"


def load(report) -> None:
    city = Organization.objects.filter(org_type=OrgType.GOVERNMENT, parent=None).order_by("path").first()
    if city is None:
        return
    _leaders(city)
    _planted(city)
    _scan()


def _leaders(city: Organization) -> None:
    today = timezone.localdate()
    for n, leader in enumerate(
        Leader.objects.filter(organization=city, is_active=True).order_by("sort_order", "pk")
    ):
        if leader.since is None:
            leader.since = dt.date(today.year - 2 + (n == 0), 1 + n * 2, 15)
            services.save_leader(actor=ACTOR, leader=leader)
    if not Leader.objects.filter(organization=city, name=FORMER_MAYOR).exists():
        services.save_leader(actor=ACTOR, leader=Leader(organization=city, name=FORMER_MAYOR, title="市长",
                                                        sort_order=99, is_active=False))  # fmt: skip


def _import(unit, title: str, body: str, days_ago: int) -> InformationItem:
    columns = list(Column.objects.filter(unit=unit, is_active=True).order_by("sort_order", "pk")[:1])
    return publishing.import_item(
        actor=ACTOR, unit=unit, published_at=timezone.now() - dt.timedelta(days=days_ago), columns=columns,
        title=title, summary=title, written_on=timezone.localdate() - dt.timedelta(days=days_ago + 2),
        topic="综合政务", genre="通知", body=body,
    )  # fmt: skip


def _planted(city: Organization) -> None:
    office = Organization.objects.filter(parent=city, org_type=OrgType.GENERAL_OFFICE).first() or city
    if InformationItem.objects.filter(title=WRONG_TITLE).exists():
        return
    deputy = (
        Leader.objects.filter(organization=city, is_active=True, title="副市长")
        .order_by("sort_order")
        .first()
    )
    mayor = Leader.objects.filter(organization=city, is_active=True, title="市长").first()
    with transaction.atomic():
        if deputy:
            _import(office, WRONG_TITLE, (
                f"<p>12月1日，市政府召开第38次常务会议。市长{deputy.name}出席会议并讲话"
                + (f"，{mayor.name}市长主持会议" if mayor else "") + f"。市长{FORMER_MAYOR}强调，要压实安全生产责任。</p>"
            ), days_ago=4)  # fmt: skip
        _import(office, PHONE, (
            "<p>根据《社会救助暂行办法》，现将2026年度城乡居民临时救助对象予以公示。公示期间如有异议，"
            "请与经办人王女士联系，手机13953912345。</p>"
        ), days_ago=6)  # fmt: skip
        target = _import(office, TARGET, "<p>名单见附件。</p>", days_ago=20)
        _import(office, DEAD_LINK, (
            f'<p>请各县区对照<a href="{target.get_absolute_url()}">第一批入库名单</a>做好评价工作。</p>'
        ), days_ago=10)  # fmt: skip
        from gongkai.publishing.services.transitions import withdraw_item

        withdraw_item(actor=ACTOR, item=target, reason="名单有误，更正后重新发布。")


def _scan() -> None:
    # The leaders' changes above queued a lexicon re-scan for the worker; this full run does it now, once
    # (loading the demo again changes nothing: the findings are there already).
    ScanRun.objects.filter(status=RunStatus.QUEUED, trigger=Trigger.LEXICON_CHANGED).delete()
    if ScanRun.objects.filter(trigger=Trigger.DEMO).exists():
        return
    run = ScanRun.objects.create(trigger=Trigger.DEMO)
    if claim(ScanRun.objects.filter(status=RunStatus.QUEUED), run.pk, status=RunStatus.RUNNING):
        run.refresh_from_db()
        scanner.execute(run)
