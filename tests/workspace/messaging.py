"""Helpers for the workspace's 政民互动 tests: channels of the persona tree and messages at a given step."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongkai.core.actors import system
from gongkai.interaction import services
from gongkai.interaction.models import Channel, EventKind, Message

ACTOR = system("tests")
BODY = "我叫张三丰，电话13805391234，家住兰山区沂蒙路188号3栋1单元502。小区门口道路破损严重，请尽快维修。"


@pytest.fixture(name="channels")
def channels_fixture(tree):
    return {
        "mailbox": Channel.objects.create(code="mayor", name="市长信箱", kind="mailbox", unit=tree.city),
        "consult": Channel.objects.create(
            code="consult", name="咨询", kind="consultation", unit=tree.dept_a, reply_days=5
        ),
        "edu": Channel.objects.create(code="edu", name="教育咨询", kind="consultation", unit=tree.dept_b),
    }


_serial = [0]


def make_message(
    channel, *, on: dt.date, subject: str = "道路破损", step: str = "received", **overrides
) -> Message:
    """A message received on ``on`` and taken to ``step`` (received, accepted, review, answered, published)."""
    _serial[0] += 1
    with time_machine.travel(dt.datetime.combine(on, dt.time(2, 0), tzinfo=dt.UTC), tick=False):
        message, _created = services.submit_message(
            channel=channel,
            subject=subject,
            body=overrides.pop("body", BODY),
            name=overrides.pop("name", "张三丰"),
            phone=overrides.pop("phone", f"139{_serial[0]:08d}"),
            public_consent=overrides.pop("public_consent", True),
            **overrides,
        )
        if step == "received":
            return message
        message = services.handle(actor=ACTOR, message=message, kind=EventKind.ACCEPTED)
        if step == "accepted":
            return message
        message = services.handle(
            actor=ACTOR, message=message, kind=EventKind.REPLY_DRAFTED, reply_text="已安排维修。"
        )
        if step == "review":
            return message
        message = services.handle(actor=ACTOR, message=message, kind=EventKind.ANSWERED)
        if step == "answered":
            return message
        return services.handle(actor=ACTOR, message=message, kind=EventKind.PUBLISHED)
