"""Serving a citizen's message attachment to the staff who handle the message. The files are never public:
nothing serves MEDIA_ROOT by URL, and the only way to a file is this response, after an access check, with
every download in the audit log."""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse

from gongkai.core import audit, files
from gongkai.core.actors import require
from gongkai.publishing.files import KINDS

from .models import MessageAttachment


@transaction.atomic
def record_view(*, actor, attachment: MessageAttachment) -> None:
    """Who downloaded a writer's attachment, and when (it may show people, plates or documents). Only the
    staff who reach the message (its unit, the offices above) may."""
    from .access import messages_for

    require(messages_for(actor).filter(pk=attachment.message_id).exists())
    audit.record(
        actor=actor,
        action="interaction.attachment.viewed",
        obj=attachment.message,
        unit=attachment.message.unit,
        object_repr=attachment.message.query_code,
        changes={"attachment": [None, attachment.name], "attachment_id": [None, attachment.pk]},
    )


def download(*, actor, attachment: MessageAttachment) -> FileResponse:
    """The file as a download (never shown inline, never sniffed), after recording the view."""
    kind = KINDS.get(attachment.kind)
    response = files.private_download(
        attachment.file,
        filename=attachment.name or f"attachment.{kind.extension if kind else 'bin'}",
        content_type=kind.mime if kind else "application/octet-stream",
    )
    record_view(actor=actor, attachment=attachment)
    return response
