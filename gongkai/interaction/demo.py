"""Demo channels and messages in every stage, some published with their replies."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import Channel, EventKind, FaqEntry, Message, MessageEvent, ReplyTemplate

MESSAGES = [
    (
        "mayor",
        "北城新区某小区门口道路破损",
        "我是王建国，电话13805391111。小区门口道路坑洼严重，雨天积水，请尽快维修。",
        "已安排市政养护单位于本月内完成修复，感谢您的监督。",
    ),
    (
        "consult",
        "灵活就业人员如何缴纳养老保险？",
        "请问灵活就业人员在临沂如何参加企业职工基本养老保险？",
        "可携带身份证到户籍所在地社保经办机构或通过“爱山东”办理参保登记。",
    ),
    (
        "suggestion",
        "建议增加公交线路覆盖高铁站",
        "建议开通从兰山区到临沂北站的直达公交，方便市民出行。",
        "已将您的建议转交市交通运输局，纳入明年线网优化方案研究。",
    ),
    (
        "consult",
        "新生儿医保如何办理？",
        "孩子刚出生，想咨询医保参保的流程和时限。",
        "新生儿可在出生后通过“爱山东”或医保服务窗口办理参保，出生当年参保可享受待遇。",
    ),
    ("complaint", "夜间施工噪音扰民", "家住兰山区沂蒙路188号附近，工地每晚施工到凌晨，严重影响休息。", None),
    ("mayor", "老旧小区加装电梯补贴政策", "请问我市老旧小区加装电梯有哪些补贴？", None),
]


# The workspace's daily work (工作台): open messages of 市发展改革委 and 市政府 at every step, so the to-do
# list and the message list have rows: (channel, subject, body, writer, days ago received, step reached,
# draft reply). Step: received (待受理), accepted (办理中), review (答复待审核), answered (已答复, not yet public).
WORK = [
    ("consult", "企业投资项目备案需要哪些材料？",
     "我叫陈志刚，电话13905396001。公司准备新建一条生产线，想咨询企业投资项目备案需要准备哪些材料，在哪里办理。",
     "陈志刚", 3, "accepted", ""),
    ("consult", "新能源汽车充电桩建设有无补贴？",
     "小区想建设公共充电桩，请问有没有建设补贴，向哪个部门申请？", "周敏", 0, "received", ""),
    ("consult", "光伏项目并网审批进度咨询",
     "家住兰山区金雀山路8号楼2单元301室，屋顶光伏项目申请并网已一个月，想了解审批进度。",
     "吴海燕", 6, "review",
     "您好，您反映的屋顶光伏并网申请已由供电公司受理，目前处于现场勘查阶段，预计10个工作日内完成。"),
    ("consult", "电价补贴政策何时兑现？",
     "去年申报的峰谷分时电价补贴至今没有到账，请问什么时候兑现？我的电话13905396004。",
     "郑涛", 100, "accepted", ""),
    ("consult", "价格举报受理范围",
     "我是冯丽，请问商品明码标价方面的问题可以向哪个部门举报？", "冯丽", 12, "answered",
     "您好，商品和服务价格违法行为可拨打12315或通过全国12315平台举报，由市场监管部门依法处理。"),
    ("mayor", "小区冬季供暖温度不达标",
     "我家住河东区滨河东路66号3栋1单元502，室内温度只有14度，多次反映无果，请协调解决。",
     "何建华", 5, "review",
     "您好，经协调，供热公司已于本周上门检修管网，室内温度已恢复到18度以上。"),
    ("complaint", "农村道路路灯损坏无人维修",
     "兰山街道西关村村口的路灯坏了两个多月，晚上出行很不安全。", "高峰", 2, "accepted", ""),
    ("mayor", "老城区停车难问题",
     "老城区停车位严重不足，建议规划建设立体停车场。本人马晓东，电话13905396008。",
     "马晓东", 120, "accepted", ""),
]  # fmt: skip

REPLY_TEMPLATES = [
    ("市政府", "已转交相关部门", "您好，您反映的问题已转交相关部门办理，办理结果将及时答复您。感谢您对政府工作的关心和支持。"),
    ("市政府", "感谢建议", "您好，感谢您提出的宝贵建议，我们已将建议转交有关部门研究，在今后的工作中认真参考。"),
    ("市发展改革委", "政策咨询答复",
     "您好，您咨询的政策可在临沂市发展和改革委员会网站“政策文件”栏目查阅，如有疑问可拨打0539-8721234咨询。"),
    ("市发展改革委", "项目备案办理指引",
     "您好，企业投资项目备案可通过山东省投资项目在线审批监管平台网上办理，需提供项目单位基本情况、项目名称、建设地点、建设规模和内容、项目总投资额等信息。"),
]  # fmt: skip

CHANNELS = [
    ("mayor", "市长信箱", "mailbox", "市政府", 10),
    ("consult", "咨询", "consultation", "市发展改革委", 5),
    ("suggestion", "建议", "suggestion", "市政府", 10),
    ("complaint", "投诉", "complaint", "市政府", 10),
]


def load(report) -> None:
    """Channels, then messages (each submitted through the public service, which commits on its own, so
    this loader is not one transaction), then a FAQ entry; each part only if it is not there yet."""
    units = {
        short: Organization.objects.filter(short_name=short).first() for short in ("市政府", "市发展改革委")
    }
    if None in units.values():
        return
    actor = system("load_demo")
    channels = {}
    for order, (code, name, kind, unit, days) in enumerate(CHANNELS, start=1):
        channels[code] = Channel.objects.filter(code=code).first() or services.save_channel(
            actor=actor,
            channel=Channel(
                code=code, name=name, kind=kind, unit=units[unit], reply_days=days, sort_order=order
            ),
        )
    if not Message.objects.exists():
        _load_messages(actor, channels)
    if not Message.objects.filter(subject=WORK[0][1]).exists():
        _load_work(actor, channels)
    if not ReplyTemplate.objects.exists():
        for unit, title, body in REPLY_TEMPLATES:
            services.save_reply_template(
                actor=actor, template=ReplyTemplate(title=title, body=body, unit=units[unit])
            )
    if not FaqEntry.objects.exists():
        services.save_faq(
            actor=actor,
            entry=FaqEntry(
                question="灵活就业人员如何缴纳养老保险？",
                answer="可携带身份证到户籍所在地社保经办机构或通过“爱山东”办理参保登记，按月或按年缴费。",
                unit=units["市发展改革委"],
                source=Message.objects.filter(subject__startswith="灵活就业").first(),
            ),
        )
    _load_lanshan(actor)
    report.messages_created = Message.objects.count()


# 兰山区's own 区长信箱 with answered, published messages, so its portal's 政民互动 has content.
LANSHAN_MESSAGES = [
    ("小区门前道路积水问题", "兰山区某小区门前道路每逢下雨就严重积水，居民出行困难，希望尽快改造排水设施。",
     "您好，区住房城乡建设局已对该路段排水管网进行勘察，计划本月内完成雨水管道疏通和改造。感谢您的反映。"),
    ("咨询学区划分政策", "请问兰山区今年小学招生的学区划分在哪里可以查询？",
     "您好，兰山区义务教育学校招生范围已在兰山区人民政府门户网站“通知公告”栏目和区教育和体育局网站公布，"
     "也可拨打区教体局咨询电话查询。"),
    ("建议增设社区养老服务站", "建议在银雀山街道增设社区养老服务站，为老年人提供助餐、日间照料服务。",
     "您好，感谢您的建议。银雀山街道已将社区养老服务站建设纳入明年民生实事项目，目前正在选址。"),
    ("公园健身器材损坏", "柳青河公园部分健身器材损坏，存在安全隐患。",
     "您好，区城市管理部门已安排人员对损坏器材进行了更换，并加强了日常巡查。"),
]  # fmt: skip


def _load_lanshan(actor) -> None:
    lanshan = Organization.objects.filter(short_name="兰山区").first()
    if lanshan is None:
        return
    channel = Channel.objects.filter(code="lanshan-mayor").first() or services.save_channel(
        actor=actor,
        channel=Channel(code="lanshan-mayor", name="区长信箱", kind="mailbox", unit=lanshan, reply_days=10,
                        sort_order=20),
    )  # fmt: skip
    if Message.objects.filter(channel=channel).exists():
        return
    today = timezone.localdate()
    for n, (subject, body, reply) in enumerate(LANSHAN_MESSAGES):
        message, _created = services.submit_message(
            channel=channel, subject=subject, body=body, name=["陈某", "刘某", "孙某", "王某"][n],
            phone=f"1390539{2000 + n:04d}", public_consent=True,
        )  # fmt: skip
        with transaction.atomic():
            received = today - dt.timedelta(days=30 - 7 * n)
            due = cal.add_working_days(received, channel.reply_days).due
            Message.objects.filter(pk=message.pk).update(received_on=received, due_on=due)
            MessageEvent.objects.filter(message=message).update(on=received)
            message.refresh_from_db()
            services.handle(actor=actor, message=message, kind=EventKind.ACCEPTED)
            services.handle(actor=actor, message=message, kind=EventKind.REPLY_DRAFTED, reply_text=reply)
            message = services.handle(actor=actor, message=message, kind=EventKind.ANSWERED)
            replied = received + dt.timedelta(days=4)
            days, _provisional = cal.working_days_between(received, replied)
            Message.objects.filter(pk=message.pk).update(replied_on=replied, reply_working_days=days)
            services.handle(actor=actor, message=message, kind=EventKind.PUBLISHED)


def _load_messages(actor, channels: dict[str, Channel]) -> None:
    today = timezone.localdate()
    for n, (channel, subject, body, reply) in enumerate(MESSAGES):
        message, _created = services.submit_message(
            channel=channels[channel],
            subject=subject,
            body=body,
            name=["王建国", "刘秀英", "张伟", "李娜", "赵强", "孙丽"][n],
            phone=f"1380539{1000 + n:04d}",
            public_consent=True,
        )
        with transaction.atomic():
            # Backdate the demo so the listing shows a spread of dates (demo data only).
            received = today - dt.timedelta(days=40 - 6 * n)
            due = cal.add_working_days(received, channels[channel].reply_days).due
            Message.objects.filter(pk=message.pk).update(received_on=received, due_on=due)
            MessageEvent.objects.filter(message=message).update(on=received)
            message.refresh_from_db()
            if reply:
                services.handle(actor=actor, message=message, kind=EventKind.ACCEPTED)
                services.handle(actor=actor, message=message, kind=EventKind.REPLY_DRAFTED, reply_text=reply)
                message = services.handle(actor=actor, message=message, kind=EventKind.ANSWERED)
                replied = received + dt.timedelta(days=5)
                days, _provisional = cal.working_days_between(received, replied)
                Message.objects.filter(pk=message.pk).update(replied_on=replied, reply_working_days=days)
                services.handle(actor=actor, message=message, kind=EventKind.PUBLISHED)


def _demo_picture() -> bytes:
    """A small photo-like PNG for the message attachment shown in the workspace."""
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (240, 160), (205, 220, 232))
    ImageDraw.Draw(picture).rectangle((40, 60, 200, 140), fill=(120, 130, 140))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _load_work(actor, channels: dict[str, Channel]) -> None:
    """Open messages for the workspace: due soon, over three months unanswered, replies awaiting review,
    one answered and not yet published (the masked text to check), for 市发展改革委 and 市政府."""
    from gongkai.core.models import User

    today = timezone.localdate()
    for n, (channel, subject, body, name, days_ago, step, reply) in enumerate(WORK):
        message, _created = services.submit_message(
            channel=channels[channel],
            subject=subject,
            body=body,
            name=name,
            phone=f"139053960{n:02d}",
            public_consent=True,
            attachments=[("现场照片.png", _demo_picture())] if n == 0 else (),
        )
        with transaction.atomic():
            # Backdate (demo data only): the due date follows from the received date as for a real message.
            received = today - dt.timedelta(days=days_ago)
            due = cal.add_working_days(received, channels[channel].reply_days).due
            Message.objects.filter(pk=message.pk).update(received_on=received, due_on=due)
            MessageEvent.objects.filter(message=message).update(on=received)
            message.refresh_from_db()
            if step == "received":
                continue
            message = services.handle(actor=actor, message=message, kind=EventKind.ACCEPTED)
            if step in ("review", "answered"):
                message = services.handle(
                    actor=actor, message=message, kind=EventKind.REPLY_DRAFTED, reply_text=reply
                )
            if step == "answered":
                services.handle(actor=actor, message=message, kind=EventKind.ANSWERED)
    editor = User.objects.filter(username="fgw_editor").first()
    first = Message.objects.filter(subject=WORK[0][1]).first()
    if editor is not None and first is not None:
        services.handle(actor=actor, message=first, kind=EventKind.ASSIGNED, handler=editor)
