"""Demo applications in every stage of the procedure, so the staff desk and the report have content."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import Application, Outcome

DEMO = system("load_demo")  # the demo loader acts as the system, named in the audit log

PEOPLE = [
    ("natural_person", "王建国", "resident_id", "11010519491231002X"),
    ("legal_commercial", "临沂某某物流有限公司", "credit_code", "91371300MA3C1X2Y1B"),
    ("natural_person", "刘秀英", "resident_id", "11010519491231002X"),
    ("legal_legal_services", "山东某某律师事务所", "credit_code", "31370000MD0123456X"),
]

REQUESTS = [
    "2023年兰山区某路段拓宽工程的征收补偿方案",
    "临沂市2024年城市供暖价格调整的成本监审报告",
    "市级服务业集聚区认定的评分标准和认定名单",
    "2022年度某小区旧城改造项目的立项批复",
    "本村土地征收的批准文件及补偿标准",
    "2024年市级财政专项扶贫资金分配明细",
]


def _credit(code: str) -> str:
    from gongkai.core import uscc

    return code[:17] + uscc.check_character(code[:17])


def _apply(unit, n: int, received: dt.date, channel: str, description: str) -> Application:
    kind, name, id_type, id_number = PEOPLE[n % len(PEOPLE)]
    application, _secret, _created = services.register_application(
        actor=DEMO,
        unit=unit,
        data={
            "applicant_type": kind,
            "applicant_name": name,
            "id_type": id_type,
            "id_number": _credit(id_number) if id_type == "credit_code" else id_number,
            "phone": "13805390000",
            "email": "applicant@example.com",
            "address": "临沂市兰山区",
            "description": description,
            "form": "electronic",
            "delivery": "email",
        },
        channel=channel,
        received_on=received,
    )
    return application


@transaction.atomic
def load(report) -> None:
    """Idempotent: does nothing once applications exist."""
    if Application.objects.exists():
        return
    today = timezone.localdate()
    units = {
        o.short_name: o
        for o in Organization.objects.filter(short_name__in=["市发展改革委", "市自然资源和规划局", "兰山区"])
    }
    if len(units) < 3:
        return
    made = []
    for n, description in enumerate(REQUESTS):
        received = today - dt.timedelta(days=[45, 30, 20, 12, 6, 2][n])
        unit = list(units.values())[n % 3]
        application = _apply(unit, n, received, "mail_signed" if n % 2 else "in_person", description)
        made.append(application)
    first, second, third, fourth = made[0], made[1], made[2], made[3]
    services.record_event(
        actor=DEMO,
        application=first,
        kind="answered",
        on=first.received_on + dt.timedelta(days=14),
        outcome=Outcome.GRANTED,
        reply_text="经查，现将征收补偿方案随本告知书提供给您。",
    )
    services.record_event(
        actor=DEMO,
        application=first,
        kind="delivered",
        on=first.received_on + dt.timedelta(days=15),
        method="电子邮件",
    )
    services.record_event(
        actor=DEMO,
        application=second,
        kind="consultation_started",
        on=second.received_on + dt.timedelta(days=3),
        party="临沂某热力有限公司",
        note="成本监审报告涉及企业商业信息，征求第三方意见。",
    )
    services.record_event(
        actor=DEMO,
        application=third,
        kind="correction_requested",
        on=third.received_on + dt.timedelta(days=1),
        note="请写明所需认定名单的年度和批次。",
    )
    services.record_event(
        actor=DEMO,
        application=fourth,
        kind="answered",
        on=fourth.received_on + dt.timedelta(days=6),
        outcome=Outcome.PARTIAL,
        reply_text="现提供立项批复文件，其中涉及个人信息的内容已作处理。",
        withheld_note="附件中的住户姓名和身份证号码属于个人隐私，不予公开。",
    )
    _last_year(units["市发展改革委"], today.year - 1)
    report.applications_created = Application.objects.count()


LAST_YEAR_OUTCOMES = [
    Outcome.GRANTED, Outcome.GRANTED, Outcome.GRANTED, Outcome.GRANTED, Outcome.PARTIAL, Outcome.PARTIAL,
    Outcome.DENIED_PROCESS_INFO, Outcome.DENIED_THIRD_PARTY, Outcome.UNABLE_NOT_HELD, Outcome.UNABLE_NOT_HELD,
    Outcome.UNABLE_NEEDS_CREATION, Outcome.NP_DUPLICATE, Outcome.NP_PETITION,
]  # fmt: skip


def _last_year(unit, year: int) -> None:
    """A year of applications to one unit, so the demo annual report has figures."""
    for n in range(18):
        received = dt.date(year, 1 + (n * 7) // 10, 3 + (n * 5) % 24)
        application = _apply(
            unit, n, received, "online" if n % 3 else "mail_signed", REQUESTS[n % len(REQUESTS)]
        )
        if n < len(LAST_YEAR_OUTCOMES) and received.month < 12:
            outcome = LAST_YEAR_OUTCOMES[n]
            services.record_event(
                actor=DEMO,
                application=application,
                kind="answered",
                on=received + dt.timedelta(days=10),
                outcome=outcome,
                reply_text="已按申请内容作出答复。",
                withheld_note="涉及第三方商业秘密的部分不予公开。" if outcome == Outcome.PARTIAL else "",
            )
