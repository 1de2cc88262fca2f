"""What 政民互动 gives staff to do: messages of my unit waiting for their reply (due soonest first), replies
waiting for my review, answered messages to publish, and every message unanswered for more than three months
(the national inspection's veto indicator, marked urgent)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access
from .models import OPEN, Status, three_months_before

LIMIT = 200


def _row(kind: str, message, *, note: str = "", urgent: bool = False) -> todo.Todo:
    return todo.Todo(
        kind=kind,
        title=f"{message.subject}（{message.query_code}）",
        url=reverse("workspace:message-case", args=[message.pk]),
        due_on=message.due_on,
        unit=message.unit.name,
        note=note,
        urgent=urgent,
    )


def _due(user, today: dt.date) -> list[todo.Todo]:
    """My unit's open messages still to be answered (to review or to reply to), assigned to me or to nobody
    yet; those past three months are in the veto group instead."""
    if not can(user, Capability.EDIT_CONTENT) or not getattr(user, "unit_id", None):
        return []
    rows = (
        access.messages_for(user)
        .filter(unit_id=user.unit_id, status__in=[Status.RECEIVED, Status.ACCEPTED])
        .filter(Q(handler__isnull=True) | Q(handler=user))
        .filter(received_on__gte=three_months_before(today))
        .select_related("unit")
        .order_by("due_on", "pk")[:LIMIT]
    )
    notes = {Status.RECEIVED: _("待受理：请先决定是否受理。"), Status.ACCEPTED: _("办理中：请拟写答复。")}
    return [_row("message.due", m, note=notes[m.status]) for m in rows]


def _review(user, today: dt.date) -> list[todo.Todo]:
    """Draft replies waiting for a reviewer of the message's unit (an office reviews its subtree's)."""
    if not can(user, Capability.REVIEW_CONTENT):
        return []
    rows = (
        access.messages_for(user)
        .filter(status=Status.REPLY_REVIEW)
        .select_related("unit")
        .order_by("due_on", "pk")[:LIMIT]
    )
    return [_row("message.review", m, note=_("答复待审核：通过后答复留言人，或退回修改。")) for m in rows]


def _publish(user, today: dt.date) -> list[todo.Todo]:
    """Answered messages whose writer agreed to publication, not yet public: check the masked text."""
    if not can(user, Capability.REVIEW_CONTENT):
        return []
    rows = (
        access.messages_for(user)
        .filter(status=Status.ANSWERED, public_consent=True, is_public=False)
        .select_related("unit")
        .order_by("-replied_on", "pk")[:LIMIT]
    )
    return [
        todo.Todo(
            kind="message.publish",
            title=f"{m.subject}（{m.query_code}）",
            url=reverse("workspace:message-case", args=[m.pk]) + "#publish",
            unit=m.unit.name,
            note=_("留言人同意公开：请核对隐去个人信息后的公开内容。"),
        )
        for m in rows
    ]


def _veto(user, today: dt.date) -> list[todo.Todo]:
    """Open messages received more than three months ago: for an office across its subtree, for anyone
    else in their own unit. Spec §4.5: one such message fails the whole website inspection."""
    if not can(user, Capability.EDIT_CONTENT):
        return []
    rows = access.messages_for(user).filter(status__in=OPEN, received_on__lt=three_months_before(today))
    if not can(user, Capability.SUPERVISE):
        rows = rows.filter(unit_id=user.unit_id)
    note = _("超过三个月未答复：政府网站检查的单项否决指标，请立即办理。")
    return [
        _row("message.veto", m, note=note, urgent=True)
        for m in rows.select_related("unit").order_by("received_on", "pk")[:LIMIT]
    ]


todo.register("message.veto", gettext_lazy("超过三个月未答复的留言"), _veto, order=35)
todo.register("message.review", gettext_lazy("待我审核的留言答复"), _review, order=50)
todo.register("message.due", gettext_lazy("待办理的留言"), _due, order=55)
todo.register("message.publish", gettext_lazy("待公开的留言答复"), _publish, order=58)
