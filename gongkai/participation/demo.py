"""Demo consultations: one open now with comments, one upcoming, one closed with its adoption report, and one
of 市发展改革委 ended a few days ago whose comments wait to be grouped and answered (on the to-do list of its
reviewer and of the city office)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core.models import Organization

from . import demo_clauses, demo_invitations, demo_proposals
from .models import (
    AttendanceApplication,
    Comment,
    CommentGroup,
    Consultation,
    ConsultationKind,
    DecisionCatalog,
    DecisionMatter,
    Meeting,
    Proposal,
)
from .proposals import default_deadline

DRAFT = (
    "第一条 为了加强城市公园管理，保护和改善城市生态环境，根据《城市绿化条例》等规定，结合本市实际，制定本办法。\n\n"
    "第二条 本市城市规划区内公园的规划、建设、保护和管理，适用本办法。\n\n"
    "第三条 公园应当免费向公众开放，开放时间由公园管理单位根据季节确定并公示。"
)


# What the public said about 发改委's draft; grouped and answered by its reviewer in the workspace.
TO_GROUP = [
    "建议对新建居民小区充电桩的建设费用给予补贴，减轻业主负担。",
    "充电桩补贴应覆盖老旧小区，老小区更缺充电设施。",
    "希望公布补贴申请的办理时限和材料清单，一次办好。",
    "补贴标准偏低，建议每个充电桩补贴提高到2000元。",
    "建议在乡镇增设公共充电站。",
]


def _to_group(fgw, now) -> None:
    if fgw is None:
        return
    consultation = Consultation.objects.create(
        title="临沂市新能源汽车充电基础设施建设补贴办法（征求意见稿）", unit=fgw,
        draft="第一条 为加快充电基础设施建设，促进新能源汽车推广应用，制定本办法。\n\n"
              "第二条 本办法所称充电基础设施，是指为新能源汽车提供充电服务的充电桩、充电站。",
        explanation="落实省新能源汽车产业发展规划，明确补贴对象、标准和申请程序。",
        basis="《山东省新能源汽车产业发展规划》", starts_at=now - dt.timedelta(days=35),
        ends_at=now - dt.timedelta(days=4), contact="电话：0539-8000001", is_published=True,
    )  # fmt: skip
    for days, body in enumerate(TO_GROUP, start=10):
        Comment.objects.create(consultation=consultation, body=body, public_body=body, status=Comment.Status.PUBLISHED,
                               submitted_at=now - dt.timedelta(days=days))  # fmt: skip


LANSHAN_TITLE = "兰山区老旧小区改造提升实施方案（征求意见稿）"


def _lanshan(now) -> None:
    """兰山区's own open consultation, with comments, for its portal."""
    lanshan = Organization.objects.filter(short_name="兰山区").first()
    if lanshan is None or Consultation.objects.filter(title=LANSHAN_TITLE).exists():
        return
    consultation = Consultation.objects.create(
        title=LANSHAN_TITLE, unit=lanshan,
        draft="一、改造范围\n\n2000年底前建成、基础设施老化的城镇老旧小区。\n\n二、改造内容\n\n"
              "基础类改造、完善类改造和提升类改造。\n\n三、资金筹措\n\n政府补助、居民出资和社会资本参与相结合。",
        explanation="为改善居民居住条件，推进城市更新，起草本方案，公开征求社会公众意见。",
        basis="《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》", starts_at=now - dt.timedelta(days=6),
        ends_at=now + dt.timedelta(days=24), contact="电话：0539-8211678", is_published=True,
    )  # fmt: skip
    for days, body in enumerate(
        ("建议优先改造没有物业管理的老旧小区。", "希望同步加装电梯和增设停车位。"), start=1
    ):
        Comment.objects.create(consultation=consultation, body=body, public_body=body, status=Comment.Status.PUBLISHED,
                               submitted_at=now - dt.timedelta(days=days))  # fmt: skip


@transaction.atomic
def load(report) -> None:
    _lanshan(timezone.now())
    if Consultation.objects.filter(title="临沂市城市公园管理办法（征求意见稿）").exists():
        return
    units = {o.short_name: o for o in Organization.objects.all()}
    city, housing = units.get("市政府"), units.get("市住建局") or units.get("市政府")
    if city is None or housing is None:
        return
    now = timezone.now()
    open_one = Consultation.objects.create(
        title="临沂市城市公园管理办法（征求意见稿）", unit=housing, draft=DRAFT,
        explanation="为解决公园开放时间不统一、设施维护责任不清等问题，起草了本办法。",
        basis="《城市绿化条例》《山东省城镇容貌和环境卫生管理办法》", starts_at=now - dt.timedelta(days=5),
        ends_at=now + dt.timedelta(days=25), contact="电子邮箱：gongyuan@linyi.example；电话：0539-8000000",
        is_published=True,
    )  # fmt: skip
    for body in ("建议夏季延长公园开放时间至晚上十点。", "希望增设无障碍通道和母婴室。"):
        Comment.objects.create(consultation=open_one, body=body, public_body=body, status=Comment.Status.PUBLISHED,
                               submitted_at=now - dt.timedelta(days=2))  # fmt: skip
    Consultation.objects.create(
        title="临沂市养犬管理规定（草案）", unit=city, draft="第一条 为了规范养犬行为……",
        explanation="规范养犬行为，保障公民健康和人身安全。", starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=40), is_published=True,
    )  # fmt: skip
    closed = Consultation.objects.create(
        title="临沂市城区停车收费标准调整方案（征求意见稿）", unit=city, draft="一、调整范围……\n\n二、收费标准……",
        explanation="依据《山东省定价目录》调整城区停车收费标准。", starts_at=now - dt.timedelta(days=60),
        ends_at=now - dt.timedelta(days=30), is_published=True,
        report="经认真研究，对公众意见采纳情况说明如下。",
    )  # fmt: skip
    night = CommentGroup.objects.create(
        consultation=closed, order=1, summary="夜间停车免费或减半", decision="adopted"
    )
    price = CommentGroup.objects.create(
        consultation=closed, order=2, summary="降低核心区收费标准", decision="not_adopted",
        reason="核心区泊位紧张，需以价格调节周转率；已增加周边公共停车场供给。",
    )  # fmt: skip
    for body, group in (
        ("建议晚上八点后免费。", night),
        ("夜间减半收费。", night),
        ("核心区收费太贵。", price),
    ):
        Comment.objects.create(consultation=closed, body=body, public_body=body, status=Comment.Status.PUBLISHED,
                               group=group, submitted_at=now - dt.timedelta(days=45))  # fmt: skip
    closed.report_published_at = now - dt.timedelta(days=20)
    closed.save(update_fields=["report_published_at"])
    _to_group(units.get("市发展改革委"), now)
    catalog = DecisionCatalog.objects.create(unit=city, year=now.year, is_published=True,
                                             published_on=dt.date(now.year, 2, 28))  # fmt: skip
    for order, (title, lead, planned, methods, status, note, consultation) in enumerate(
        [
            ("城区停车收费标准调整", city, f"{now.year}年第二季度", ["hearing", "online"], "decided", "", closed),
            ("城市公园管理办法制定", housing, f"{now.year}年第四季度", ["online", "symposium"], "consulting", "", open_one),
            ("养犬管理规定制定", city, f"{now.year + 1}年第一季度", ["online", "expert", "risk"], "planned", "", None),
            ("老旧小区改造三年行动计划", housing, f"{now.year}年第三季度", ["symposium", "survey"], "adjusted",
             "纳入省级改造计划后重新编制，计划完成时间顺延。", None),
        ],
        start=1,
    ):  # fmt: skip
        DecisionMatter.objects.create(catalog=catalog, order=order, title=title, lead_unit=lead, planned=planned,
                                      methods=methods, status=status, status_note=note, consultation=consultation)  # fmt: skip
    year = now.year
    assigned = dt.date(year, 2, 20)
    for kind, number, title, authors, reply, public, reason in [
        ("npc", "第128号", "关于增设城区公共停车场的建议", "王某某等5名代表", "已规划新建三处公共停车场，年内建成一处。", True, ""),
        ("cppcc", "第56号", "关于加快老旧小区加装电梯的提案", "李某某委员", "已出台加装电梯补贴办法，每部补贴10万元。", True, ""),
        ("npc", "第131号", "关于调整某单位内部机构设置的建议", "赵某某代表", "已研究办理。", False, "涉及内部机构设置，不宜公开。"),
    ]:  # fmt: skip
        proposal = Proposal.objects.create(kind=kind, year=year, number=number, title=title, authors=authors,
                                           lead_unit=housing if "电梯" in title or "停车" in title else city,
                                           assigned_on=assigned, deadline=default_deadline(assigned))  # fmt: skip
        proposal.reply, proposal.replied_on, proposal.status = (
            reply,
            assigned + dt.timedelta(days=80),
            "replied",
        )
        proposal.reply_public, proposal.not_public_reason = public, reason
        proposal.save()
    Meeting.objects.create(
        unit=city, kind="executive", title="市政府常务会议（城市公园管理办法）", held_at=now + dt.timedelta(days=35),
        place="市政府第一会议室", agenda="研究《临沂市城市公园管理办法》\n研究全市夏季防汛工作",
        apply_until=now + dt.timedelta(days=28), seats=5, is_published=True,
        livestream_url="https://live.linyi.example/cwh",
    )  # fmt: skip
    past = Meeting.objects.create(
        unit=city, kind="executive", title="市政府常务会议（城区停车收费）", held_at=now - dt.timedelta(days=25),
        place="市政府第一会议室", agenda="研究城区停车收费标准调整方案\n研究有关人事事项",
        apply_until=now - dt.timedelta(days=32), seats=3, is_published=True,
        decisions="会议原则通过城区停车收费标准调整方案，由市发展改革委按程序发布实施。",
        withheld="有关人事事项依法不予公开。", outcome_published_at=now - dt.timedelta(days=24),
    )  # fmt: skip
    AttendanceApplication.objects.create(
        meeting=past, category="public", name="市民代表", contact="0539-0000000", status="attended",
        opinion="建议夜间停车减半收费。", feedback="已采纳：方案增加夜间20时至次日8时减半收费。",
    )  # fmt: skip
    AttendanceApplication.objects.create(
        meeting=past, category="media", name="记者", contact="0539-0000001", status="attended",
        opinion="建议公布各区域泊位数量。", feedback="已在停车收费公示中一并公布泊位数量。",
    )  # fmt: skip
    demo_proposals.load(report)  # issue 26: reply categories, satisfaction, one due soon and one overdue
    _kinds(now)  # issue 26: each consultation's kinds of draft; one shortened with its reason
    demo_invitations.load(report)  # issue 26: the directory of enterprises and associations, invitations
    demo_clauses.load()  # issue 26: clauses of every demo consultation, replies, a clause-by-clause report


# Kinds of draft (issue 26): every demo consultation passes the period check of its kinds.
KINDS = {
    "临沂市新能源汽车充电基础设施建设补贴办法（征求意见稿）": ["enterprise", "normative"],
    LANSHAN_TITLE: ["normative"],
    "临沂市城市公园管理办法（征求意见稿）": ["rule"],
    "临沂市养犬管理规定（草案）": ["rule", "major_decision"],
    "临沂市城区停车收费标准调整方案（征求意见稿）": ["major_decision"],
}
SHORTENED_TITLE = "临沂市城区冬季清洁取暖补贴发放办法（征求意见稿）"
SHORTENED_REASON = (
    "今冬采暖季已于11月15日开始，为使群众尽早领取清洁取暖补贴，经市政府同意，征求意见期限缩短为4个工作日。"
)


def _kinds(now) -> None:
    from . import periods

    rows = {k.code: k for k in ConsultationKind.objects.all()}
    for title, codes in KINDS.items():
        for consultation in Consultation.objects.filter(title=title):
            consultation.kinds.set([rows[c] for c in codes if c in rows])
    city = Organization.objects.filter(short_name="市政府").first()
    if city is None or Consultation.objects.filter(title=SHORTENED_TITLE).exists():
        return
    shortened = Consultation.objects.create(
        title=SHORTENED_TITLE, unit=city, shortened_reason=SHORTENED_REASON, is_published=True,
        draft="第一条 为了做好城区冬季清洁取暖补贴发放工作，制定本办法。\n\n第二条 补贴对象为城区实施清洁取暖改造的居民家庭。\n\n"
        "第三条 补贴标准为每户每个采暖季800元，由所在街道办事处审核后发放。",
        explanation="采暖季已经开始，补贴须尽快发放，故缩短征求意见期限。", basis="《山东省冬季清洁取暖规划》",
        starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=4), contact="电话：0539-8000002",
    )  # fmt: skip
    shortened.kinds.set([rows[c] for c in ("normative",) if c in rows])
    periods.check(shortened, list(shortened.kinds.all()))
