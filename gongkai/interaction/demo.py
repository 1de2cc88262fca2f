"""Demo channels and messages in every stage, some published with their replies."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.core import calendar as cal
from gongkai.core.actors import system
from gongkai.core.models import Organization

from . import services
from .models import Channel, EventKind, FaqEntry, Message, MessageEvent

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
    report.messages_created = Message.objects.count()


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
