"""Demo clauses: every demo consultation split into its clauses; a comment on the park rules' 第三条 with a
staff reply; the parking consultation's adoption report clause by clause, one commenter told by e-mail and
one still to be told by phone (待电话告知)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from . import clauses
from .models import Comment, CommentGroup, Consultation

PARK = "临沂市城市公园管理办法（征求意见稿）"
PARKING = "临沂市城区停车收费标准调整方案（征求意见稿）"


@transaction.atomic
def load() -> None:
    now = timezone.now()
    for consultation in Consultation.objects.all():
        clauses.refresh(consultation)
    park = Consultation.objects.filter(title=PARK).first()
    if park is not None and not park.comments.filter(clause__isnull=False).exists():
        third = park.clauses.filter(label="第三条").first()
        if third is not None:
            reply = "开放时间将在公园入口和网站公示，夏季延长开放的建议我们将认真研究。"
            park.comments.filter(body__contains="开放时间").update(
                clause=third, reply=reply, replied_at=now - dt.timedelta(hours=5)
            )
    parking = Consultation.objects.filter(title=PARKING).first()
    if parking is None or parking.groups.filter(clause__isnull=False).exists():
        return
    rates = parking.clauses.filter(label="二、").first()
    if rates is None:
        return
    parking.groups.update(clause=rates)
    parking.comments.update(clause=rates)
    scope = parking.clauses.filter(label="一、").first()
    group = CommentGroup.objects.create(
        consultation=parking, clause=scope, order=3, summary="将医院周边道路纳入调整范围", decision="partly",
        reason="医院周边道路纳入调整范围，但就医车辆首小时免费。",
    )  # fmt: skip
    for body, contact, told in (
        ("医院周边停车难，建议纳入调整范围。", "citizen@example.com", True),
        ("医院附近应当照顾就医车辆。", "13905390000", False),
    ):
        Comment.objects.create(
            consultation=parking, clause=scope, group=group, body=body, public_body=body, contact=contact,
            status=Comment.Status.PUBLISHED, submitted_at=now - dt.timedelta(days=44),
            notified_at=parking.report_published_at if told else None,
        )  # fmt: skip
