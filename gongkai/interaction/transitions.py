"""Handling a message, as a table (style.md): action -> the statuses it may start from, the status it ends in,
the capability it needs and the validator that checks its input and sets the message's fields.

:func:`apply` is the one way a handling step happens and the only place a message's status is written: it
locks the message row, checks the permission and the table, runs the validator, writes the message, records
the event and the audit record, all in one transaction. A refused step leaves nothing behind.

A transfer keeps the clock running (the due date does not move); the answer records the replying unit and
how many working days it took; publication keeps the status (an answered message is shown or not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability
from gongkai.search.tasks import reindex_on_commit

from .models import OPEN, EventKind, Message, MessageEvent, Status
from .search_sources import MESSAGE_SOURCE

# A validator checks the step's input against the message, sets the message's fields (never its status)
# and returns the data the event keeps; it raises ValidationError with a Chinese message for bad input.
Validator = Callable[[Message, dict, dt.date], dict]


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    to: str | None  # None: the status stays as it is
    capability: str
    validate: Validator


class TransitionError(ValidationError):
    """The step is not allowed from the message's current status."""

    def __init__(self, action: str, status: str):
        label = Status(status).label if status in Status.values else status
        super().__init__(
            _("留言当前为“%(s)s”，不能执行此操作。") % {"s": label}, code="transition_not_allowed"
        )
        self.action, self.status = action, status


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def _nothing(message: Message, data: dict, today: dt.date) -> dict:
    return {}


def _reject(message: Message, data: dict, today: dt.date) -> dict:
    reason = _text(data, "reason")
    if not reason:
        raise ValidationError({"reason": _("不予受理时须写明理由，留言人可以看到。")})
    message.reject_reason = reason
    return {}


def _merge(message: Message, data: dict, today: dt.date) -> dict:
    code = _text(data, "into").upper()[:20]
    target = Message.objects.filter(query_code=code).first() if code else None
    if target is None or target.pk == message.pk:
        raise ValidationError({"into": _("请填写要合并到的留言的查询码。")})
    message.merged_into = target
    return {"into": target.query_code}


def _transfer(message: Message, data: dict, today: dt.date) -> dict:
    to_unit = data.get("to_unit")
    if not isinstance(to_unit, Organization) or to_unit.pk == message.unit_id:
        raise ValidationError({"to_unit": _("请选择转往的其他单位。")})
    moved = {"from_unit": message.unit.name, "to_unit": to_unit.name}
    message.unit = to_unit
    message.handler = None  # the new unit chooses its own handler
    return moved


def _assign(message: Message, data: dict, today: dt.date) -> dict:
    from gongkai.core.models import User

    handler = data.get("handler")
    if (
        not isinstance(handler, User)
        or not handler.is_active
        or handler.unit_id != message.unit_id
        or not can(handler, EDIT, message.unit)
    ):
        raise ValidationError({"handler": _("请选择本留言办理单位的工作人员作为经办人。")})
    message.handler = handler
    return {"handler": handler.full_name or handler.username}


def _draft_reply(message: Message, data: dict, today: dt.date) -> dict:
    reply_text = _text(data, "reply_text")
    if not reply_text:
        raise ValidationError({"reply_text": _("请填写答复内容。")})
    message.reply_text = reply_text
    return {}


def _return_reply(message: Message, data: dict, today: dt.date) -> dict:
    reason = _text(data, "reason")
    if not reason:
        raise ValidationError({"reason": _("退回修改时请写明意见。")})
    return {"reason": reason}


def _answer(message: Message, data: dict, today: dt.date) -> dict:
    message.reply_unit = message.unit
    message.replied_on = today
    message.reply_working_days, _provisional = cal.working_days_between(message.received_on, today)
    return {}


def _publish(message: Message, data: dict, today: dt.date) -> dict:
    if not message.public_consent:
        raise ValidationError(_("留言人不同意公开，不能公开展示。"))
    message.public_subject = _text(data, "public_subject") or message.public_subject
    message.public_body = _text(data, "public_body") or message.public_body
    leaks = personal_data_left(message)
    if leaks:
        raise ValidationError(
            {
                "public_body": _("公开内容中仍有留言人的%(what)s，请隐去后再公开。")
                % {"what": "、".join(leaks)}
            }
        )
    message.is_public = True
    return {}


def personal_data_left(message: Message) -> list[str]:
    """What of the writer's own contact the public text still shows (the corrected masking must not undo
    the masking of the writer's name and mobile number)."""
    shown = f"{message.public_subject}\n{message.public_body}"
    digits = "".join(ch for ch in shown if ch.isdigit())
    found = []
    if len(message.name.strip()) >= 2 and message.name.strip() in shown:
        found.append(_("姓名"))
    if message.phone and message.phone in digits:
        found.append(_("电话号码"))
    return found


EDIT, REVIEW = Capability.EDIT_CONTENT, Capability.REVIEW_CONTENT

TRANSITIONS: dict[str, Transition] = {
    EventKind.ACCEPTED: Transition(frozenset({Status.RECEIVED}), Status.ACCEPTED, EDIT, _nothing),
    EventKind.REJECTED: Transition(frozenset({Status.RECEIVED}), Status.REJECTED, REVIEW, _reject),
    EventKind.MERGED: Transition(frozenset({Status.RECEIVED, Status.ACCEPTED}), Status.MERGED, EDIT, _merge),
    EventKind.TRANSFERRED: Transition(OPEN, None, EDIT, _transfer),
    EventKind.ASSIGNED: Transition(OPEN, None, REVIEW, _assign),
    EventKind.REPLY_DRAFTED: Transition(frozenset({Status.ACCEPTED}), Status.REPLY_REVIEW, EDIT, _draft_reply),
    EventKind.REPLY_RETURNED: Transition(frozenset({Status.REPLY_REVIEW}), Status.ACCEPTED, REVIEW, _return_reply),
    EventKind.ANSWERED: Transition(frozenset({Status.REPLY_REVIEW}), Status.ANSWERED, REVIEW, _answer),
    EventKind.PUBLISHED: Transition(frozenset({Status.ANSWERED}), None, REVIEW, _publish),
}  # fmt: skip


def allowed(action: str, status: str) -> bool:
    return action in TRANSITIONS and status in TRANSITIONS[action].sources


def result(action: str, status: str) -> str:
    """The status ``action`` leads to from ``status`` (raises TransitionError where the table has no move)."""
    if not allowed(action, status):
        raise TransitionError(action, status)
    return TRANSITIONS[action].to or status


def _index_when_published(message: Message) -> None:
    reindex_on_commit(MESSAGE_SOURCE, message.pk)


@transaction.atomic
def apply(*, actor, message: Message, kind: str, note: str = "", **data) -> Message:
    """One handling step ``kind`` (an action of :data:`TRANSITIONS`) on ``message`` by ``actor``.

    ``data`` carries the step's input: ``reason`` (reject, return), ``into`` (the query code to merge into),
    ``to_unit`` (an Organization, transfer), ``handler`` (a User of the message's unit, assign), ``reply_text`` (draft), ``public_subject``/``public_body``
    (publish). Returns the message as saved."""
    rule = TRANSITIONS.get(kind)
    if rule is None:
        raise ValidationError({"kind": _("不认识的办理事项。")})
    message = Message.objects.select_for_update(of=("self",)).select_related("unit").get(pk=message.pk)
    require(can(actor, rule.capability, message.unit))
    before = message.status
    message.status = result(kind, before)
    today = timezone.localdate()
    event_data = rule.validate(message, data, today)
    message.save()
    MessageEvent.objects.create(
        message=message, kind=kind, on=today, actor=as_user(actor), note=note, data=event_data
    )
    if kind == EventKind.PUBLISHED:
        _index_when_published(message)
    audit.record(
        actor=actor,
        action=f"interaction.message.{kind}",
        obj=message,
        unit=message.unit,
        object_repr=message.query_code,
        changes={"status": [before, message.status]} if message.status != before else {},
    )
    return message
