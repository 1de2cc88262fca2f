"""Demo data for 定向征询: the city's directory of representative enterprises, chambers, industry associations
and the lawyers' association (valid credit codes, made with ``uscc.make_code``), with invitations on 市发展改革委's
ended charging-pile draft (涉企政策; some invitees responded) and on 兰山区's open renovation plan."""

from __future__ import annotations

import datetime as dt
import secrets

from gongkai.core.models import Organization
from gongkai.core.uscc import make_code

from .models import Comment, Consultation, Invitation, Stakeholder

CHARGING = "临沂市新能源汽车充电基础设施建设补贴办法（征求意见稿）"
RENOVATION = "兰山区老旧小区改造提升实施方案（征求意见稿）"

# name, kind, sector, contact person, e-mail, phone, address; contact data is made up and never public
ENTRIES = [
    (
        "临沂市新能源汽车行业协会",
        "association",
        "制造业",
        "刘某",
        "xnyxh@demo.example",
        "0539-8100001",
        "临沂市北城新区1号",
    ),
    ("临沂市建筑业协会", "association", "建筑业", "陈某", "", "0539-8100002", "临沂市兰山区金雀山路2号"),
    (
        "临沂市物流与采购行业协会",
        "association",
        "交通运输、仓储和邮政业",
        "孙某",
        "wlxh@demo.example",
        "0539-8100003",
        "",
    ),
    ("临沂市工商业联合会（总商会）", "chamber", "综合", "周某", "", "0539-8100004", "临沂市兰山区沂蒙路3号"),
    ("临沂市律师协会", "lawyers", "法律服务业", "吴某", "lsxh@demo.example", "0539-8100005", ""),
    ("临沂某新能源科技有限公司", "enterprise", "制造业", "郑某", "", "13900000001", "临沂经济技术开发区"),
    (
        "临沂某充电设施运营有限公司",
        "enterprise",
        "电力、热力、燃气及水生产和供应业",
        "王某",
        "",
        "13900000002",
        "",
    ),
    ("临沂某汽车销售服务有限公司", "enterprise", "批发和零售业", "冯某", "", "13900000003", ""),
    ("临沂某建设集团有限公司", "enterprise", "建筑业", "褚某", "", "13900000004", ""),
    ("临沂某物业服务有限公司", "enterprise", "房地产业", "卫某", "", "13900000005", ""),
]
# (consultation title, invitee names, those who answered with what they said)
INVITED = [
    (CHARGING,
     ["临沂市新能源汽车行业协会", "临沂市工商业联合会（总商会）", "临沂市律师协会", "临沂某新能源科技有限公司",
      "临沂某充电设施运营有限公司", "临沂某汽车销售服务有限公司"],
     {"临沂市新能源汽车行业协会": "建议将换电站纳入补贴范围，并明确补贴申请的办理时限。",
      "临沂市律师协会": "第二条对“充电基础设施”的界定不够明确，建议列明是否包括私人自用充电桩。",
      "临沂某充电设施运营有限公司": "建议补贴按实际充电量分年度拨付，鼓励设施持续运营。"}),
    (RENOVATION,
     ["临沂市建筑业协会", "临沂市工商业联合会（总商会）", "临沂某建设集团有限公司", "临沂某物业服务有限公司"],
     {"临沂某物业服务有限公司": "建议明确改造后引入物业服务的过渡期和收费标准。"}),
]  # fmt: skip


def load(report=None) -> None:
    """Idempotent: the directory is made once, each invitation once."""
    city = Organization.objects.filter(short_name="市政府").first()
    if city is None:
        return
    rows = {}
    for n, (name, kind, sector, person, email, phone, address) in enumerate(ENTRIES, start=1):
        org_type = "9" if kind == "enterprise" else "1"
        authority = "9" if kind == "enterprise" else "5"
        code = make_code(authority, org_type, "371300", f"MD{n:06d}")
        rows[name], _created = Stakeholder.objects.get_or_create(
            credit_code=code,
            defaults={"name": name, "kind": kind, "sector": sector, "contact_name": person, "email": email,
                      "phone": phone, "address": address, "keeper": city},
        )  # fmt: skip
    for title, names, answers in INVITED:
        consultation = Consultation.objects.filter(title=title).first()
        if consultation is None or consultation.invitations.exists():
            continue
        invited_at = consultation.starts_at + dt.timedelta(hours=2)
        for name in names:
            invitation = Invitation.objects.create(
                consultation=consultation, stakeholder=rows[name], token=secrets.token_urlsafe(32),
                created_at=invited_at, emailed_at=invited_at if rows[name].email else None,
                letter_printed_at=None if rows[name].email else invited_at,
            )  # fmt: skip
            if name in answers:
                at = min(invited_at + dt.timedelta(days=3), consultation.ends_at - dt.timedelta(hours=1))
                Comment.objects.create(
                    consultation=consultation, invitation=invitation, name=name, body=answers[name],
                    public_body=answers[name], status=Comment.Status.PUBLISHED, submitted_at=at,
                )  # fmt: skip
                invitation.responded_at = at
                invitation.save(update_fields=["responded_at"])
