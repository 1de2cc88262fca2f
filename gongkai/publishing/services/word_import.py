"""A Word document (.docx, as Word and WPS save it) becomes a new draft: what the official-document layout
tells (see :mod:`gongkai.publishing.docx_import`) fills the fields, the pictures and the original file
become attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .. import docx_import, files
from ..models import Attachment, Genre, InformationItem, PublishingConfig
from .attachments import add_attachment
from .items import Actor, create_item, update_item

DOCX = "docx"


@dataclass
class ImportedDocument:
    """The new draft, what was read from the file, and what the editor should check."""

    item: InformationItem
    read: docx_import.ReadDocument
    warnings: list[str] = field(default_factory=list)

    @property
    def attachments(self) -> list[Attachment]:
        return list(self.item.attachments.all())


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, read no further than one byte past the size limit (so a huge upload
    is refused by :func:`check_docx` without being held in memory)."""
    limit = PublishingConfig.current().max_attachment_mb * 1024 * 1024
    return upload.read(limit + 1)


def check_docx(data: bytes, name: str) -> bytes:
    """The bytes of ``name`` if it is a Word document (.docx) that may be imported: not empty, within the
    attachment size limit, a real OOXML package without macros, ActiveX or embedded objects (the upload
    checks every attachment passes). Raises ``ValidationError({"file": …})`` otherwise."""
    from ..uploads import check_upload

    if not data:
        raise ValidationError({"file": _("文件“%(name)s”是空的，请重新选择。") % {"name": name}})
    limit = PublishingConfig.current().max_attachment_mb * 1024 * 1024
    if len(data) > limit:
        raise ValidationError({"file": _("文件不能超过 %(mb)s MB。") % {"mb": limit // (1024 * 1024)}})
    kind = files.sniff(data)
    if kind is not None and kind.code == "doc":
        raise ValidationError(
            {
                "file": _("“%(name)s”是旧版 Word 文档（.doc），请在 Word 或 WPS 中另存为 .docx 后再导入。")
                % {"name": name}
            }
        )
    _kind, data = check_upload(
        name,
        data,
        {DOCX},
        unsupported=_("“%(name)s”不是 Word 文档（.docx），或文件已损坏。只能导入 .docx 格式的文件。")
        % {"name": name},
    )
    return data


def _genre(title: str) -> str:
    """The 文种 is the last word of a 公文's title (《党政机关公文处理工作条例》 Art. 8)."""
    for genre in sorted(Genre.values, key=len, reverse=True):
        if genre != Genre.OTHER and title.endswith(genre.split("（")[0]):
            return genre
    return ""


def _unit_warning(unit: Organization, issuer: str) -> str | None:
    if not issuer:
        return None
    names = {unit.name, getattr(unit, "short_name", ""), getattr(unit, "display_name", "")}
    if any(name and name in issuer for name in names):
        return None
    return _("文件的发文机关为“%(issuer)s”，与所选单位“%(unit)s”不同，请核对。") % {
        "issuer": issuer,
        "unit": unit.name,
    }


@transaction.atomic
def import_docx(*, actor: Actor, unit: Organization, columns=(), data: bytes, name: str) -> ImportedDocument:
    """Create a draft of ``unit`` from the Word document ``data`` (file name ``name``). Nothing is created if
    the file is refused (``ValidationError`` with a Chinese message on ``file``)."""
    require(can(actor, Capability.EDIT_CONTENT, unit))
    name = PurePath((name or "").replace("\\", "/")).name.strip() or "导入的文件.docx"
    data = check_docx(data, name)
    try:
        read = docx_import.read_docx(data)
    except docx_import.Unreadable as exc:
        raise ValidationError({"file": f"“{name}”：{exc}"}) from None
    warnings = [w for w in read.warnings if w != "未识别到标题，请在编辑页填写。"]
    title = read.title
    if not title:
        title = PurePath(name).stem.strip() or _("导入的文件")
        warnings.insert(
            0, _("未识别到标题，已用文件名“%(title)s”作为标题，请在编辑页修改。") % {"title": title}
        )
    if len(title) > 300:
        title = title[:300]
        warnings.append(_("标题超过300字，已截断，请在编辑页核对。"))
    doc_number = read.doc_number
    if len(doc_number) > 60:
        warnings.append(_("识别到的文号“%(number)s”过长，未填入，请在编辑页填写。") % {"number": doc_number})
        doc_number = ""
    if note := _unit_warning(unit, read.issuer):
        warnings.append(note)
    item = create_item(
        actor=actor,
        unit=unit,
        columns=columns,
        title=title,
        doc_number=doc_number,
        issuer=read.issuer[:200],
        written_on=read.written_on,
        genre=_genre(title),
        body=read.body_html,
    )
    add_attachment(actor=actor, item=item, data=data, name=name)
    warnings.append(
        _("原文件“%(name)s”已作为附件保存；如不需要随信息公开，请在编辑页删除。") % {"name": name}
    )
    if read.images:
        urls: dict[int, str | None] = {}
        for image in read.images:
            try:
                attachment = add_attachment(actor=actor, item=item, data=image.data, name=image.name)
            except ValidationError:
                urls[image.number] = None
                warnings.append(
                    _(
                        "正文中的第%(number)s张图片（%(kind)s 格式）网站不能显示，未能导入；"
                        "请另存为 PNG 或 JPG 图片后作为附件上传。"
                    )
                    % {"number": image.number, "kind": image.extension.upper()}
                )
            else:
                urls[image.number] = attachment.get_absolute_url()
        item = update_item(
            actor=actor,
            item=item,
            expected_version=item.version,
            body=docx_import.place_images(read.body_html, urls),
        )
    audit.record(
        actor=actor,
        action="publishing.item.read_from_docx",
        obj=item,
        unit=unit,
        changes={"file": [None, name], "warnings": [None, len(warnings)]},
    )
    return ImportedDocument(item=item, read=read, warnings=warnings)
