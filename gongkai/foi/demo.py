"""Demo applications in every stage of the procedure, so the staff desk and the report have content."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core import calendar as cal
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


def _apply(
    unit, n: int, received: dt.date, channel: str, description: str, oral_read_back: bool = False, **help
) -> Application:
    """``help``: help_needs and help_contact, when the applicant asks for help (Art. 43)."""
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
            **help,
        },
        channel=channel,
        received_on=received,
        oral_read_back=oral_read_back,
    )
    return application


@transaction.atomic
def load(report) -> None:
    """Idempotent: the current cases are made once; the years of history only for a unit that has none."""
    before = Application.objects.count()
    if not before:
        _current(report)
    _history()
    report.applications_created = Application.objects.count() - before


def _current(report) -> None:
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
    # Two more applicants ask for what the third asked: 多人申请的信息 lists it as a candidate for Art. 44.
    for n, days in ((1, 9), (3, 4)):
        _apply(
            third.unit, n, today - dt.timedelta(days=days), "online", "市级服务业集聚区认定评分标准及认定名单"
        )
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
    # The company never answered: its 15 working days (Art. 32) have passed and the clock runs again.
    services.record_event(
        actor=DEMO,
        application=second,
        kind="consultation_started",
        on=second.received_on + dt.timedelta(days=3),
        party="临沂某热力有限公司",
        party_kind="third_party",
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
    city = Organization.objects.filter(short_name="市政府").first()
    waiting = [
        _desk_cases(unit, today, offset=n)
        for n, unit in enumerate(u for u in (units["市发展改革委"], city) if u is not None)
    ]
    _documents(answered=fourth, with_proof=[first, fourth], awaiting_correction=waiting[0])
    _helped(units["兰山区"], today)


def _helped(unit, today: dt.date) -> None:
    """An applicant with poor sight who asked for help, and the help given (Art. 43); an application made
    orally, written down by staff, read back and confirmed (Art. 29)."""
    helped = _apply(
        unit, 2, _working_days_ago(today, 3), "online", "兰山区2026年老年人助餐服务补贴的发放标准和名单",
        help_needs=["visual"], help_contact="请打电话给申请人的女儿（13805391111），由她转告。",
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=helped, kind="help_given", on=_working_days_ago(today, 2),
        note="电话读给申请人的女儿听受理情况；答复时另提供大字版告知书。",
    )  # fmt: skip
    _apply(
        unit, 0, _working_days_ago(today, 2), "oral", "本社区2026年公益性岗位的招聘条件和录用名单",
        oral_read_back=True, help_needs=["writing"], help_contact="申请人到社区服务中心当面领取答复。",
    )  # fmt: skip


# Two applications a visitor can follow at /foi/track/ (README, "Demo"): one answered with its files to
# download, one waiting for the applicant's correction.
DEMO_TRACKING = {"answered": ("YSQDEMO0001", "DEMO-2026-0000-0001"), "correction": ("YSQDEMO0002", "DEMO-2026-0000-0002")}  # fmt: skip


def _identity_picture() -> bytes:
    """A plain card-shaped picture standing in for an identity proof (no real person's document)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (856, 540), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 816, 500), outline="#8a8a8a", width=6)
    draw.rectangle((600, 120, 760, 330), fill="#d9d4c7")
    for y in (140, 200, 260, 320, 420):
        draw.rectangle((90, y, 520, y + 22), fill="#c9c2b3")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _released_pdf(application: Application) -> bytes | None:
    from gongkai.core.documents import DocumentUnavailable, html_to_pdf

    html = (
        "<html><body style='font-family: sans-serif'><h1>2022年度某小区旧城改造项目立项批复</h1>"
        "<p>临发改投资〔2022〕15号</p><p>一、同意实施某小区旧城改造项目。项目位于兰山区，涉及住户"
        "<span style='background:#000;color:#000'>████</span>户（住户姓名和身份证号码已作处理）。</p>"
        "<p>二、项目总投资2,860万元，资金来源为市级财政资金和专项债券。</p></body></html>"
    )
    try:
        return html_to_pdf(html)
    except DocumentUnavailable:
        return None  # a machine without a Chinese font: the notice and the file are left out


def _documents(
    *, answered: Application, with_proof: list[Application], awaiting_correction: Application
) -> None:
    from . import documents
    from .models import DocumentKind, DocumentPurpose

    picture = [("身份证明.png", _identity_picture(), "png")]
    for application in with_proof:
        documents.attach_applicant_files(
            application, purpose=DocumentPurpose.IDENTITY, files=picture, actor=DEMO
        )
    released = _released_pdf(answered)
    if released is not None:
        documents.add_document(
            actor=DEMO, application=answered, kind=DocumentKind.RELEASED, name="立项批复（部分公开）.pdf",
            data=released,
        )  # fmt: skip
        documents.attach_notice(actor=DEMO, application=answered, kind="reply")
    for application, (code, secret) in (
        (answered, DEMO_TRACKING["answered"]),
        (awaiting_correction, DEMO_TRACKING["correction"]),
    ):
        application.tracking_code = code
        application.secret_hash = Application.hash_secret(services.normalize_secret(secret))
        application.save(update_fields=["tracking_code", "secret_hash"])


DESK_REQUESTS = [
    "{unit}2025年度重点项目资金安排情况",
    "{unit}关于某住宅小区配套学校建设的会议纪要",
    "{unit}2026年第一季度行政处罚决定书目录",
    "{unit}某工业园区企业入驻协议及优惠政策兑现情况",
    "{unit}城区老旧小区改造项目的招标文件",
    "{unit}2025年度政府购买服务项目清单",
    "{unit}某道路工程的环境影响评价批复",
]


def _working_days_ago(today: dt.date, n: int) -> dt.date:
    """The day ``n`` working days before ``today`` (the official calendar, holidays and make-up days)."""
    day = today
    calendar = cal.load(today - dt.timedelta(days=3 * n + 31), today)
    while n > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def _after(day: dt.date, n: int) -> dt.date:
    return cal.add_working_days(day, n).due


def _desk_cases(unit, today: dt.date, *, offset: int) -> Application:
    """Open applications in each state the handler's desk shows: due within 5 working days, waiting for a
    correction, under consultation, extended, corrected and consulted, one just received and, for the first
    unit only (``offset`` 0), the office's one overdue case with its reason. Returns the one waiting for a
    correction."""
    short = unit.short_name or unit.name
    texts = [text.format(unit=short) for text in DESK_REQUESTS]
    ago = lambda n: _working_days_ago(today, n)  # noqa: E731

    _apply(unit, offset, ago(17), "online", texts[0])  # due in 3 working days
    if offset == 0:
        _late_case(unit, texts[1], ago)
    else:
        _apply(unit, offset + 1, ago(19), "mail_signed", texts[1])  # due tomorrow

    waiting = _apply(unit, offset + 2, ago(4), "in_person", texts[2])
    services.record_event(
        actor=DEMO, application=waiting, kind="correction_requested", on=_after(waiting.received_on, 1),
        note="请写明所需行政处罚决定书的具体类别，或提供处罚对象名称。",
    )  # fmt: skip

    consulting = _apply(unit, offset + 3, ago(12), "online", texts[3])
    services.record_event(
        actor=DEMO, application=consulting, kind="consultation_started", on=_after(consulting.received_on, 3),
        party="临沂某新材料有限公司", party_received_on=_after(consulting.received_on, 4),
        note="入驻协议涉及企业商业秘密，书面征求企业意见。",
    )  # fmt: skip

    extended = _apply(unit, offset + 4, ago(18), "fax", texts[4])
    services.record_event(
        actor=DEMO, application=extended, kind="extended", on=_after(extended.received_on, 16), days=10,
        approver="政府信息公开工作机构负责人", reason="所需信息分散在多个项目档案中，需逐一检索核对",
    )  # fmt: skip

    corrected = _apply(unit, offset + 5, ago(16), "mail_signed", texts[5])
    received = corrected.received_on
    services.record_event(
        actor=DEMO, application=corrected, kind="correction_requested", on=_after(received, 1),
        note="请写明所需清单的年度和项目类别。",
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=corrected, kind="correction_received", on=_after(received, 4),
        note="申请人补正为2025年度全部政府购买服务项目。",
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=corrected, kind="consultation_started", on=_after(received, 6),
        party="临沂市财政局", party_kind="organ", note="清单由财政部门共同制作，与其协商确认（条例第三十四条）。",
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=corrected, kind="consultation_ended", on=_after(received, 11),
        party="临沂市财政局", note="同意公开。",
    )  # fmt: skip

    _apply(unit, offset + 6, ago(1), "online", texts[6])  # just received
    return waiting


def _late_case(unit, text: str, ago) -> Application:
    """The one application past its due date, by 2 working days: extended by the full 20 working days (Art.
    33) to consult the company concerned, whose reply came late; the record says why and when it will be
    answered, as a well-run office keeps it."""
    late = _apply(unit, 1, ago(42), "mail_signed", text)
    received = late.received_on
    services.record_event(
        actor=DEMO, application=late, kind="extended", on=_after(received, 18), days=20,
        approver="政府信息公开工作机构负责人",
        reason="会议纪要涉及参会企业的商业信息，需书面征求第三方意见，并调取档案逐页核对",
    )  # fmt: skip
    services.record_event(
        actor=DEMO, application=late, kind="note", on=ago(1),
        note="第三方临沂某置业有限公司延至答复期限届满后才提交书面意见，反对公开其中的融资安排；"
        "经研究拟区分处理、部分公开，答复书正在会签，预计2个工作日内作出答复。",
    )  # fmt: skip
    return late


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
        else:
            # Carried over into this year (table 3's 结转) and answered in its first weeks, so the desk's
            # list shows this year's work, not a year-old backlog.
            services.record_event(
                actor=DEMO,
                application=application,
                kind="answered",
                on=max(received, min(dt.date(year + 1, 1, 8), timezone.localdate())),
                outcome=Outcome.GRANTED,
                reply_text="已按申请内容作出答复。",
            )


# Years of history for the annual reports 2019-2025 ------------------------------------------------------

FIRST_YEAR = 2019
# Units whose annual reports the demo publishes for every year (市发展改革委 has its own last year above).
HISTORY_UNITS = ["市政府", "兰山区", "市财政局", "市人力资源社会保障局", "市自然资源和规划局", "市卫生健康委",
                 "市发展改革委"]  # fmt: skip
HISTORY_REQUESTS = [
    "{y}年度{unit}部门预算和“三公”经费支出明细",
    "{unit}{y}年某小区规划许可证及附图",
    "{unit}{y}年度重点项目资金拨付情况",
    "{unit}关于某道路拓宽工程的会议纪要（{y}年）",
    "{unit}{y}年行政处罚决定书",
    "{unit}{y}年某地块土地出让合同",
    "{unit}{y}年政府购买服务合同清单",
    "{unit}{y}年度信访事项处理情况",
]
HISTORY_OUTCOMES = [
    Outcome.GRANTED, Outcome.PARTIAL, Outcome.GRANTED, Outcome.UNABLE_NOT_HELD, Outcome.GRANTED,
    Outcome.DENIED_PROCESS_INFO, Outcome.GRANTED, Outcome.NP_PETITION, Outcome.PARTIAL, Outcome.UNABLE_NEEDS_CREATION,
    Outcome.GRANTED, Outcome.DENIED_THIRD_PARTY, Outcome.NP_DUPLICATE, Outcome.GRANTED,
]  # fmt: skip
APPEAL_BODIES = {"review": "临沂市人民政府", "litigation_direct": "临沂市兰山区人民法院"}


def history_years(unit_short: str, today: dt.date) -> range:
    """The years of history a unit gets: 2019 to last year (市发展改革委's last year is seeded above)."""
    last = today.year - (2 if unit_short == "市发展改革委" else 1)
    return range(FIRST_YEAR, last + 1)


def _history() -> None:
    from .models import Appeal

    today = timezone.localdate()
    units = Organization.objects.filter(short_name__in=HISTORY_UNITS)
    for u, unit in enumerate(units.order_by("path")):
        years = history_years(unit.short_name, today)
        if Application.objects.filter(unit=unit, received_on__year=years.start).exists():
            continue
        short = unit.short_name
        for year in years:
            count = 4 + (u + year) % 3
            for n in range(count):
                received = dt.date(year, 1 + n * 11 // count, 4 + (n * 7 + u) % 22)
                late = n == count - 1 and year % 2 == 1  # carried over into the next year (表三 结转)
                if late:
                    received = dt.date(year, 12, 20 + u % 6)
                text = HISTORY_REQUESTS[(n + u + year) % len(HISTORY_REQUESTS)].format(y=year, unit=short)
                application = _apply(unit, n + u, received, "online" if n % 3 else "mail_signed", text)
                outcome = HISTORY_OUTCOMES[(n * 3 + u + year) % len(HISTORY_OUTCOMES)]
                answered = received + dt.timedelta(days=8 + (n * 5) % 12)
                services.record_event(
                    actor=DEMO, application=application, kind="answered", on=min(answered, today),
                    outcome=outcome, reply_text="已按申请内容作出答复。",
                    withheld_note="涉及第三方商业秘密的部分不予公开。" if outcome == Outcome.PARTIAL else "",
                )  # fmt: skip
                if n == 1 and (year + u) % 3 == 0:
                    kind = "review" if year % 2 else "litigation_direct"
                    filed = answered + dt.timedelta(days=20)
                    decided = filed + dt.timedelta(days=60)
                    services.save_appeal(
                        actor=DEMO,
                        appeal=Appeal(
                            application=application, kind=kind, filed_on=filed, body=APPEAL_BODIES[kind],
                            result=Appeal.Result.UPHELD if decided <= today else Appeal.Result.PENDING,
                            decided_on=decided if decided <= today else None,
                        ),
                    )  # fmt: skip
