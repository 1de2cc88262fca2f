"""Demo of already published replies (Art. 36(1)): an application to 市发展改革委 for a list the unit has
published, answered by pointing to it; and an open one whose description matches another published item, for
staff to try the case page's 已主动公开的信息 panel. Idempotent: made once, found by their descriptions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.models import Organization

from . import published
from .demo import DEMO, _apply
from .models import Application

UNIT = "市发展改革委"
# (the words of the published item's title, the applicant's description, days ago received, answered or not)
CASES = [
    (
        "行政事业性收费项目目录清单",
        "请提供临沂市发展和改革委员会公布的行政事业性收费项目目录清单（2025年）",
        12,
        True,
    ),
    ("市级重大建设项目的公示", "申请获取今年临沂市市级重大建设项目名单及批准情况的公示", 4, False),
]


def load(report) -> None:
    """Not one transaction: the reply is a durable service of its own (a rerun answers what is left)."""
    from gongkai.publishing.models import InformationItem

    unit = Organization.objects.filter(short_name=UNIT).first()
    if unit is None:
        return
    today = timezone.localdate()
    made = 0
    for n, (title_words, description, days_ago, answer) in enumerate(CASES):
        item = (
            InformationItem.objects.published()
            .filter(unit=unit, title__contains=title_words)
            .order_by("-published_at", "-pk")
            .first()
        )
        if item is None:
            continue
        received = today - dt.timedelta(days=days_ago)
        application = Application.objects.filter(unit=unit, description=description).first()
        if application is None:
            application = _apply(unit, n, received, "online", description)
            made += 1
        if answer and published.may_answer(application):
            on = max(application.received_on + dt.timedelta(days=5), timezone.localdate(item.published_at))
            published.reply_with_item(
                DEMO,
                application,
                item,
                note="经检索，申请获取的信息已在本单位政府信息公开专栏主动公开。",
                on=min(on, today),
            )
    report.applications_created += made
