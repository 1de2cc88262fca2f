"""Attachments of information items: the file check, adding and removing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.actors import require

from .. import files
from ..models import Attachment, InformationItem, PublishingConfig
from .items import Actor, may_edit


def check_file(data: bytes, name: str) -> tuple[files.Kind, bytes]:
    """The kind of an uploaded file if it is an allowed attachment (PDF, OFD, Word, Excel, image, parsed by
    its own format's parser) within the office's size limit, and the bytes to store (images re-encoded
    without EXIF); raises otherwise. Published attachments and supervision evidence pass here."""
    from ..uploads import check_upload

    limit = PublishingConfig.current().max_attachment_mb * 1024 * 1024
    if len(data) > limit:
        raise ValidationError({"file": _("附件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}})
    return check_upload(
        name,
        data,
        files.KINDS,
        unsupported=_("“%(name)s”不是允许的附件类型（PDF、OFD、Word、Excel 或图片），或文件已损坏。")
        % {"name": name},
    )


@transaction.atomic
def add_attachment(*, actor: Actor, item: InformationItem, data: bytes, name: str) -> Attachment:
    require(may_edit(actor, item))
    kind, data = check_file(data, name)
    attachment = Attachment(
        item=item,
        name=name.strip()[:200] or f"附件.{kind.extension}",
        kind=kind.code,
        mime=kind.mime,
        size=len(data),
        sha256=Attachment.digest(data),
        text=files.extract_text(kind, data),
        sort_order=item.attachments.count() + 1,
    )
    attachment.file.save(f"{attachment.sha256[:16]}.{kind.extension}", ContentFile(data), save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="publishing.attachment.added",
        obj=item,
        unit=item.unit,
        changes={"attachment": [None, attachment.name]},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Actor, attachment: Attachment) -> None:
    item = attachment.item
    require(may_edit(actor, item))
    name = attachment.name
    attachment.delete()
    audit.record(
        actor=actor,
        action="publishing.attachment.removed",
        obj=item,
        unit=item.unit,
        changes={"attachment": [name, None]},
    )
