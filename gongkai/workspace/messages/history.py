"""A message's handling events told in words (the case page's 办理过程), never as field=value pairs."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.interaction.models import EventKind, MessageEvent, Rating


@dataclass(frozen=True)
class Line:
    on: object
    what: str
    detail: str
    who: str


def _detail(event: MessageEvent) -> str:
    data = event.data or {}
    kind = event.kind
    if kind == EventKind.TRANSFERRED and data.get("to_unit"):
        return _("由%(a)s转至%(b)s办理，答复期限不变。") % {
            "a": data.get("from_unit", ""),
            "b": data["to_unit"],
        }
    if kind == EventKind.ASSIGNED and data.get("handler"):
        return _("经办人：%(name)s。") % {"name": data["handler"]}
    if kind == EventKind.MERGED and data.get("into"):
        return _("与查询码为%(code)s的留言内容重复，已合并。") % {"code": data["into"]}
    if kind == EventKind.REPLY_RETURNED and data.get("reason"):
        return _("退回意见：%(reason)s") % {"reason": data["reason"]}
    if kind == EventKind.RATED and data.get("rating") in Rating.values:
        return _("留言人评价：%(r)s。") % {"r": Rating(data["rating"]).label}
    if kind == EventKind.RECEIVED:
        return _("留言人通过网站提交。")
    if kind == EventKind.REPLY_DRAFTED:
        return _("答复已拟写，提交审核。")
    if kind == EventKind.ANSWERED:
        return _("答复已审核通过并告知留言人。")
    if kind == EventKind.PUBLISHED:
        return _("已在网站公开，个人信息已隐去。")
    return ""


def describe(event: MessageEvent) -> Line:
    detail = _detail(event)
    if event.note:
        reason = (
            _("理由：%(note)s") % {"note": event.note} if event.kind == EventKind.TRANSFERRED else event.note
        )
        detail = f"{detail} {reason}".strip()
    if event.actor_id:
        who = event.actor.full_name or event.actor.username
    elif event.kind in (EventKind.RECEIVED, EventKind.RATED):
        who = _("留言人")
    else:
        who = _("系统")
    return Line(on=event.on, what=event.get_kind_display(), detail=detail, who=who)
