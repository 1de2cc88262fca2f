"""Permission-checked fetches of messages, their attachments, channels and FAQ entries (on top of core
scoping): the handling unit and the openness offices above it reach a record; anything outside answers 404,
a right the role lacks 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access
from gongkai.core.roles import Capability

from .models import Channel, FaqEntry, Message, MessageAttachment, ReplyTemplate, Status


def messages_for(user) -> QuerySet[Message]:
    """Messages handled by the units ``user`` reaches (every unit for a system actor, none for ``None``)."""
    return Message.objects.filter(unit__in=core_access.units_for(user))


def get_message_for_user(user, pk: int, *, write: bool = False) -> Message:
    """The message ``pk``: 404 outside the user's reach; with ``write`` (a handling step), 403 unless the
    user may edit the unit's content (the step's own capability is checked by the service)."""
    found = messages_for(user).select_related("unit", "channel").filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not core_access.can(user, Capability.EDIT_CONTENT, found.unit):
        raise PermissionDenied
    return found


def answered_messages_for(user) -> QuerySet[Message]:
    """Answered messages in reach: the sources a FAQ entry may cite."""
    return messages_for(user).filter(status=Status.ANSWERED)


def supervised_messages_for(user) -> QuerySet[Message]:
    """For the office's dashboard: the messages of its subtree; 403 for anyone who does not supervise."""
    if not core_access.can(user, Capability.SUPERVISE):
        raise PermissionDenied
    return messages_for(user)


def get_attachment_for_user(user, message_id: int, attachment_id: int) -> MessageAttachment:
    """A writer's attachment, for the staff who handle its message; 404 for anyone else (existence is not
    revealed)."""
    found = (
        MessageAttachment.objects.select_related("message__unit")
        .filter(pk=attachment_id, message_id=message_id, message__in=messages_for(user))
        .first()
    )
    if found is None:
        raise Http404
    return found


def channels_for(user) -> QuerySet[Channel]:
    """Channels of the units ``user`` reaches."""
    return Channel.objects.filter(unit__in=core_access.units_for(user)).select_related("unit")


def get_channel_for_user(user, pk: int, *, write: bool = False) -> Channel:
    """The channel ``pk``: 404 outside reach; with ``write``, 403 unless the user supervises its unit."""
    found = channels_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not core_access.can(user, Capability.SUPERVISE, found.unit):
        raise PermissionDenied
    return found


def faqs_for(user) -> QuerySet[FaqEntry]:
    """FAQ entries answered by the units ``user`` reaches."""
    return FaqEntry.objects.filter(unit__in=core_access.units_for(user)).select_related("unit")


def get_faq_for_user(user, pk: int, *, write: bool = False) -> FaqEntry:
    """The FAQ entry ``pk``: 404 outside reach; with ``write``, 403 unless the user reviews its unit."""
    found = faqs_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not core_access.can(user, Capability.REVIEW_CONTENT, found.unit):
        raise PermissionDenied
    return found


def reply_templates_for(user) -> QuerySet[ReplyTemplate]:
    """常用回复 of the units ``user`` reaches (for the admin's list)."""
    return ReplyTemplate.objects.filter(unit__in=core_access.units_for(user)).select_related("unit")


def reply_templates_for_message(message: Message) -> QuerySet[ReplyTemplate]:
    """The active 常用回复 a reply to ``message`` may start from: its unit's and those of the units above."""
    ids = [int(part) for part in message.unit.path.strip("/").split("/") if part] or [message.unit_id]
    return ReplyTemplate.objects.filter(unit_id__in=ids, is_active=True).order_by("sort_order", "pk")


def handlers_for_message(message: Message):
    """The staff of the message's unit who may handle it (the choices of 分派)."""
    from gongkai.core.models import User
    from gongkai.core.roles import CAPABILITIES

    roles = [role for role, caps in CAPABILITIES.items() if Capability.EDIT_CONTENT in caps]
    return User.objects.filter(unit_id=message.unit_id, is_active=True, role__in=roles).order_by("username")


def message_units_for(user):
    """The units ``user`` may filter the message list by."""
    return core_access.units_for(user).filter(is_active=True).order_by("path")
