"""Demo requests to correct records (条例第四十一条) across units, in each state and with each outcome: one due
within a few working days, the decided ones with their notice (made on request from the decision)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core.models import Organization

from . import corrections
from .demo import DEMO, PEOPLE
from .models import RecordCorrection

CASES = [
    # (unit short name, person, channel, record, now, should be, reason, state, outcome, decision text, organ)
    ("市自然资源和规划局", 0, "online", "不动产登记簿（兰山区银雀山路某小区5号楼1单元302室）",
     "权利人：王建囯", "权利人：王建国", "登记时姓名录入错误，附居民身份证复印件和购房合同。",
     "received", "", "", ""),
    ("市发展改革委", 1, "in_person", "企业投资项目备案信息（临沂某某物流园二期）",
     "项目单位：临沂某某物流公司", "项目单位：临沂某某物流有限公司", "备案信息中的单位名称与营业执照不一致，附营业执照。",
     "due_soon", "", "", ""),
    ("市自然资源和规划局", 2, "mail_signed", "建设工程规划许可证（兰山区某住宅项目）附图",
     "建筑层数：18层", "建筑层数：11层", "附规划验收测量报告，实际建成11层。",
     "closed", "corrected", "经核对规划验收测量报告，已将附图中的建筑层数更正为11层，并更新公开的许可信息。", ""),
    ("市发展改革委", 0, "online", "价格行政处罚决定书（临沂市发展和改革委员会价罚〔2023〕5号）中的当事人住址",
     "临沂市罗庄区", "临沂市兰山区", "当事人住址已变更，附户口簿。",
     "closed", "transferred", "", "临沂市市场监督管理局"),
    ("兰山区", 2, "oral", "个体工商户登记档案（兰山街道某餐馆）",
     "经营者：刘秀云", "经营者：刘秀英", "姓名登记有误，附居民身份证。（口头提出，工作人员代为填写并宣读确认）",
     "closed", "referred", "", "临沂市兰山区市场监督管理局"),
    ("市发展改革委", 3, "online", "2024年市级服务业集聚区认定名单中的申报单位名称",
     "山东某某律师事务所", "山东某某（临沂）律师事务所", "认定名单应使用分所名称。",
     "closed", "refused", "认定名单照录申报材料中的单位名称，申报材料加盖的是该所的公章，所附材料不能证明记载不准确。", ""),
]  # fmt: skip


def _due_soon_received(today: dt.date) -> dt.date:
    """A receipt date whose limit ends within three working days from ``today`` (and not before it)."""
    latest = cal.add_working_days(today, 3).due
    received = today
    while corrections.due_for(received).due > latest:
        received -= dt.timedelta(days=1)
    while corrections.due_for(received).due < today:
        received += dt.timedelta(days=1)
    return received


@transaction.atomic
def load(report) -> None:
    """Idempotent: the cases are made once (nothing if any correction case exists)."""
    if RecordCorrection.objects.exists():
        report.corrections_created = 0
        return
    today = timezone.localdate()
    units = {o.short_name: o for o in Organization.objects.filter(short_name__in={c[0] for c in CASES})}
    made = 0
    for n, (short, person, channel, record, now, should, reason, state, outcome, text, organ) in enumerate(
        CASES
    ):
        unit = units.get(short)
        if unit is None:
            continue
        kind, name, id_type, id_number = PEOPLE[person]
        if id_type == "credit_code":
            from .demo import _credit

            id_number = _credit(id_number)
        if state == "due_soon":
            received = _due_soon_received(today)
        elif state == "received":
            received = today - dt.timedelta(days=1)
        else:
            received = today - dt.timedelta(days=40 + 9 * n)
        case, _secret, _created = corrections.register(
            actor=DEMO,
            unit=unit,
            data={
                "applicant_type": kind,
                "applicant_name": name,
                "id_type": id_type,
                "id_number": id_number,
                "phone": "13805390000",
                "email": "applicant@example.com",
                "address": "临沂市兰山区",
                "record_name": record,
                "current_text": now,
                "requested_text": should,
                "reason": reason,
                "help_needs": ["reading"] if channel == "oral" else [],
                "help_contact": "请电话联系，需工作人员代为填写" if channel == "oral" else "",
            },
            channel=channel,
            received_on=received,
        )
        made += 1
        if state in ("due_soon", "closed"):
            corrections.take_up(actor=DEMO, case=case)
        if state == "closed":
            decided = cal.add_working_days(received, 12).due
            corrections.decide(
                actor=DEMO, case=case, outcome=outcome, text=text, other_organ=organ, on=min(decided, today)
            )
    report.corrections_created = made
