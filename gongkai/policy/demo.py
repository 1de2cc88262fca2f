"""Demo: interpretations of the city's two policy opinions (a graphic one and the mayor's own), and this
year's enrolment notice marked as needing one, so the office's statistics show a gap."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.publishing import services as publishing
from gongkai.publishing.models import Column, InformationItem

from .models import Form, Interpretation, PolicyProfile

DEMO = [
    ("关于实施乡村振兴战略的意见", "图解：《临沂市人民政府关于实施乡村振兴战略的意见》", Form.GRAPHIC, "", False,
     "一图读懂乡村振兴的总体要求、五大振兴和政策保障。"),
    ("加快新旧动能转换推进产业转型升级的实施意见", "市长解读《关于加快新旧动能转换推进产业转型升级的实施意见》",
     Form.LEADER, "临沂市人民政府市长", True, "市政府主要负责同志就实施意见的出台背景、主要目标和重点任务作解读。"),
]  # fmt: skip


@transaction.atomic
def load(report) -> None:
    if Interpretation.objects.exists():
        return
    for policy_title, title, form, interpreter, is_leader, summary in DEMO:
        policy = InformationItem.objects.published().filter(title__contains=policy_title).first()
        if policy is None:
            continue
        columns = list(Column.objects.filter(unit=policy.unit, code="interpretation"))
        item = publishing.import_item(
            actor=None,
            unit=policy.unit,
            published_at=policy.published_at + dt.timedelta(hours=1),
            columns=columns,
            title=title,
            summary=summary,
            written_on=timezone.localdate(policy.published_at),
            topic=policy.topic,
            genre="其他",
            keywords="政策解读",
            body=f"<p>{summary}</p><p>一、出台背景</p><p>二、主要内容</p><p>三、保障措施</p>",
        )
        PolicyProfile.objects.get_or_create(item=policy)
        Interpretation.objects.create(
            policy=policy, item=item, form=form, interpreter=interpreter, is_leader=is_leader
        )
    latest = (
        InformationItem.objects.published()
        .filter(title__contains="义务教育招生入学工作")
        .order_by("-published_at")
        .first()
    )
    if latest:
        PolicyProfile.objects.get_or_create(item=latest, defaults={"needs_interpretation": True})
