"""Permission-checked fetches of messages and their attachments (on top of core scoping): the handling unit
and the openness offices above it reach a message; anything outside answers 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core import access as core_access

from .models import Message, MessageAttachment


def messages_for(user) -> QuerySet[Message]:
    return Message.objects.filter(unit__in=core_access.units_for(user))


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
