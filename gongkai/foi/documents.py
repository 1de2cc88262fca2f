"""The files of an application (``ApplicationDocument``): what the applicant gives (identity proof and other
material with the application, the correction through the tracking page), what staff attach (the released
information, the notices, scans of a paper application), their redaction (``redaction.py`` does the work),
the applicant's download links (on the tracking page or by e-mail), the conversion of released information
to proactive disclosure (Art. 44), and the deletion of the applicant's files after the retention period.

Every file is parsed by its format's parser before it is stored (``publishing.uploads.check_upload``:
images re-encoded, scripts and embedded files refused). None is public: MEDIA_ROOT is served by no URL; staff
of the handling unit (and the offices above it) download through an access check that is audited each time;
the applicant downloads the released files and notices through links signed for the application, which
expire (``GONGKAI_FOI_LINK_HOURS``). The audit log names a file by its id and kind, never by its name (an
applicant's file may be named after them). The applicant's first download of an answered application is recorded
as its service (送达, event 送达 "网上获取"): the evidence the Regulation's procedure needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, files, staging
from gongkai.core.access import can
from gongkai.core.actors import PUBLIC, SystemActor, as_user, require
from gongkai.core.models import User
from gongkai.core.roles import Capability

from . import access, transitions
from .models import (
    FINISHED_STATUSES,
    Appeal,
    Application,
    ApplicationDocument,
    DocumentKind,
    DocumentPurpose,
    EventKind,
    Status,
)

MAX_BYTES = 20 * 1024 * 1024
IDENTITY_KINDS = frozenset({"pdf", "png", "jpg"})  # a photo or a scan
MATERIAL_KINDS = frozenset({"pdf", "png", "jpg", "gif", "docx", "doc", "xlsx", "xls", "ofd"})
IDENTITY_MAX = 2  # the two sides of a card
MATERIAL_MAX = 5
LINK_SALT = "foi.document.link"


def check(name: str, data: bytes, kinds=MATERIAL_KINDS, *, field: str = "file") -> tuple[str, bytes]:
    """The checked kind of a file and the bytes to store, or ValidationError with the Chinese reason."""
    from gongkai.publishing.files import KINDS
    from gongkai.publishing.uploads import check_upload

    if not data:
        raise ValidationError({field: [_("“%(n)s”是空文件。") % {"n": name}]})
    if len(data) > MAX_BYTES:
        raise ValidationError({field: [_("“%(n)s”超过20MB。") % {"n": name}]})
    labels = "、".join(dict.fromkeys(KINDS[code].label for code in sorted(kinds) if code in KINDS))
    kind, stored = check_upload(
        name, data, kinds, field=field,
        unsupported=_("“%(n)s”不是可以接受的文件（%(k)s），或文件已损坏。") % {"n": name, "k": labels},
    )  # fmt: skip
    return kind.code, stored


# The application form's files, kept while the form comes back with errors.
IDENTITY = staging.Shelf(
    root="foi/pending/identity",
    limit=IDENTITY_MAX,
    check=lambda name, data: check(name, data, IDENTITY_KINDS, field="identity_proof")[1],
    too_many=lambda name: _("身份证明最多上传2个文件，“%(n)s”未保留。") % {"n": name},
)
MATERIAL = staging.Shelf(
    root="foi/pending/material",
    limit=MATERIAL_MAX,
    check=lambda name, data: check(name, data, MATERIAL_KINDS, field="material")[1],
    too_many=lambda name: _("其他材料最多上传5个文件，“%(n)s”未保留。") % {"n": name},
)


def _save(
    application: Application, *, kind: str, purpose: str, name: str, data: bytes, file_kind: str, actor
) -> ApplicationDocument:
    document = ApplicationDocument(
        application=application,
        kind=kind,
        purpose=purpose,
        name=(name or "").strip()[:200] or f"file.{file_kind}",
        file_kind=file_kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=as_user(actor),
    )
    # Written before the row: a transaction rolled back after this leaves a file nothing names, never a row
    # without its file.
    document.file.save("upload", ContentFile(data), save=False)
    document.save()
    return document


def checked_files(
    files: list[tuple[str, bytes]], kinds, *, field: str, limit: int
) -> list[tuple[str, bytes, str]]:
    """(name, bytes to store, kind) of each of ``files``, or ValidationError on ``field``."""
    if len(files) > limit:
        raise ValidationError({field: [_("最多上传%(n)s个文件。") % {"n": limit}]})
    checked = []
    for name, data in files:
        file_kind, stored = check(name, data, kinds, field=field)
        checked.append((name, stored, file_kind))
    return checked


def attach_applicant_files(
    application: Application, *, purpose: str, files: list[tuple[str, bytes, str]], actor
) -> list[ApplicationDocument]:
    """Store the applicant's checked ``files`` (``checked_files``) with the application (in its
    registration's or correction's transaction)."""
    return [
        _save(
            application,
            kind=DocumentKind.APPLICANT,
            purpose=purpose,
            name=name,
            data=data,
            file_kind=file_kind,
            actor=actor,
        )
        for name, data, file_kind in files
    ]


# Staff ------------------------------------------------------------------------------------------------


@transaction.atomic
def add_document(
    *,
    actor: User | SystemActor,
    application: Application,
    kind: str,
    name: str,
    data: bytes,
    purpose: str = "",
) -> ApplicationDocument:
    """Staff attach a file: the released information or a notice for the answer, or an applicant's paper
    material scanned. Refused once the application is closed; audited."""
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("文件类别应为申请人材料、公开的政府信息或告知书之一。")})
    if purpose and (kind != DocumentKind.APPLICANT or purpose not in DocumentPurpose.values):
        raise ValidationError({"purpose": _("只有申请人材料需要注明用途。")})
    if application.status == Status.CLOSED:
        raise ValidationError(_("本申请已办结，不能再添加文件。"))
    file_kind, stored = check(name, data, MATERIAL_KINDS)
    document = _save(
        application, kind=kind, purpose=purpose or (DocumentPurpose.SUPPORTING if kind == DocumentKind.APPLICANT else ""),
        name=name, data=stored, file_kind=file_kind, actor=actor,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="foi.document.added",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={"kind": [None, kind], "document_id": [None, document.pk]},
    )
    return document


def attach_notice(*, actor: User | SystemActor, application: Application, kind: str) -> ApplicationDocument:
    """The notice (告知书) of ``kind``, generated as PDF and attached for the applicant to download; raises
    ``notices.NoticeUnavailable`` when it cannot be made yet."""
    from . import notices

    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    notice = notices.build(application, kind)
    return add_document(
        actor=actor,
        application=application,
        kind=DocumentKind.NOTICE,
        name=notices.filename(notice, "pdf"),
        data=notices.to_pdf(notice),
    )


@transaction.atomic
def remove_document(*, actor: User | SystemActor, document: ApplicationDocument) -> None:
    """Staff take back a released file or notice before the answer is given (afterwards it is part of what
    the applicant was sent). An applicant's file is never removed by hand (retention removes it)."""
    application = document.application
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if document.kind == DocumentKind.APPLICANT:
        raise ValidationError(_("申请人提交的材料不能删除。"))
    if application.status in FINISHED_STATUSES:
        raise ValidationError(_("已作出答复，答复所附文件不能再删除。"))
    if document.redacted_versions.exists():
        raise ValidationError(_("请先删除由该文件遮盖处理得到的文件。"))
    audit.record(
        actor=actor,
        action="foi.document.removed",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={"kind": [document.kind, None], "document_id": [document.pk, None]},
    )
    source = document.derived_from
    document.file.delete(save=False)
    document.delete()
    if source is not None and not source.redacted_versions.exists():
        source.withheld = False  # the redaction undone: the file it was made from is offered again
        source.save(update_fields=["withheld"])


@transaction.atomic
def redact_document(
    *,
    actor: User | SystemActor,
    document: ApplicationDocument,
    areas: list[dict] = (),
    terms: list[dict] = (),
) -> ApplicationDocument:
    """A redacted version of a released file (部分公开, Art. 37; ``redaction.redact``): the marked content
    removed, each box labelled with its basis. The new file is offered to the applicant in place of the one
    it was made from, which is kept for the file, withheld. Undone by removing the new file, until the
    answer is given. The audit log records how many marks on which bases, never the words searched for."""
    from . import redaction

    application = document.application
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if document.kind != DocumentKind.RELEASED:
        raise ValidationError(_("只有随答复提供的政府信息需要遮盖处理。"))
    if application.status in FINISHED_STATUSES:
        raise ValidationError(_("已作出答复，不能再作遮盖处理。"))
    if document.purged_on or not document.file:
        raise ValidationError(_("文件已不存在。"))
    result, marks = redaction.redact(read(document), document.file_kind, areas=areas, terms=terms)
    stem, dot, extension = document.name.rpartition(".")
    name = f"{stem}（遮盖处理）.{extension}" if dot else f"{document.name}（遮盖处理）"
    redacted = _save(
        application, kind=DocumentKind.RELEASED, purpose="", name=name, data=result,
        file_kind=document.file_kind, actor=actor,
    )  # fmt: skip
    redacted.derived_from = document
    redacted.redactions = [mark.as_dict() for mark in marks]
    redacted.save(update_fields=["derived_from", "redactions"])
    document.withheld = True
    document.save(update_fields=["withheld"])
    audit.record(
        actor=actor,
        action="foi.document.redacted",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={
            "document_id": [document.pk, redacted.pk],
            "marks": [None, len(marks)],
            "bases": [None, sorted({mark.basis for mark in marks})],
        },
    )
    return redacted


def documents_for(user):
    return ApplicationDocument.objects.filter(application__in=access.applications_for(user)).select_related(
        "application__unit"
    )


def get_document_for_user(user, pk: int) -> ApplicationDocument:
    document = documents_for(user).filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def _response(document: ApplicationDocument) -> FileResponse:
    from gongkai.publishing.files import KINDS

    if document.purged_on or not document.file:
        raise Http404
    kind = KINDS.get(document.file_kind)
    return files.private_download(
        document.file, filename=document.name, content_type=kind.mime if kind else "application/octet-stream"
    )


@transaction.atomic
def record_view(*, actor: User, document: ApplicationDocument) -> None:
    """Who looked at a file (downloaded it, or opened it to mark redactions), and when; only the staff who
    reach the application may."""
    require(access.applications_for(actor).filter(pk=document.application_id).exists())
    audit.record(
        actor=actor,
        action="foi.document.viewed",
        obj=document.application,
        unit=document.application.unit,
        object_repr=document.application.tracking_code,
        changes={"kind": [None, document.kind], "document_id": [None, document.pk]},
    )


def staff_download(*, actor: User, document: ApplicationDocument) -> FileResponse:
    """The file for the staff who reach the application, each download in the audit log."""
    response = _response(document)
    record_view(actor=actor, document=document)
    return response


def read(document: ApplicationDocument) -> bytes:
    if document.purged_on or not document.file:
        raise Http404
    with document.file.open("rb") as handle:
        return handle.read()


# The applicant ----------------------------------------------------------------------------------------


def for_applicant(application: Application) -> list[ApplicationDocument]:
    """What the applicant may download: the released files and notices, once the answer is given."""
    if application.status not in FINISHED_STATUSES:
        return []
    return list(
        application.documents.filter(
            kind__in=[DocumentKind.RELEASED, DocumentKind.NOTICE], purged_on=None, withheld=False
        )
    )


def link(document: ApplicationDocument) -> str:
    """A download link for the applicant, valid for ``GONGKAI_FOI_LINK_HOURS``."""
    token = signing.TimestampSigner(salt=LINK_SALT).sign(f"{document.application_id}.{document.pk}")
    return reverse("foi:document", args=[token])


def expires_at() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.GONGKAI_FOI_LINK_HOURS)


def open_link(token: str) -> ApplicationDocument | None:
    """The document a link names, or None when it is forged or expired (or no longer offered)."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign(
            token, max_age=dt.timedelta(hours=settings.GONGKAI_FOI_LINK_HOURS)
        )
        application_id, document_id = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        return None
    document = (
        ApplicationDocument.objects.filter(pk=document_id, application_id=application_id)
        .select_related("application__unit")
        .first()
    )
    if document is None or document not in for_applicant(document.application):
        return None
    return document


def applicant_download(document: ApplicationDocument) -> FileResponse:
    """The file for the applicant; the first download of an answered application records its service."""
    response = _response(document)
    with transaction.atomic():
        locked = ApplicationDocument.objects.select_for_update().get(pk=document.pk)
        if locked.first_downloaded_at is None:
            locked.first_downloaded_at = timezone.now()
            locked.save(update_fields=["first_downloaded_at"])
            application = locked.application
            if application.status == Status.ANSWERED:
                transitions.apply(
                    actor=PUBLIC, application=application, kind=EventKind.DELIVERED, by_applicant=True,
                    note=_("申请人在网上下载了“%(n)s”。") % {"n": locked.name},
                    data={"method": _("网上获取（申请人首次下载）"), "document_id": locked.pk},
                )  # fmt: skip
    return response


def email_links(*, actor: User | SystemActor, application: Application, base_url: str) -> int:
    """E-mail the applicant who gave an address the download links of the answer's files (valid for
    ``GONGKAI_FOI_LINK_HOURS``); ``base_url``: the site's address the links start with. The mail names the
    files and the tracking code, nothing else of the application. Returns the number of files offered;
    the first download still records the service."""
    from gongkai.core.tasks import send_mail  # queued for the worker

    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if not application.email:
        raise ValidationError(_("申请人没有留下电子邮箱。"))
    offered = for_applicant(application)
    if not offered:
        raise ValidationError(_("作出答复并上传答复文件后，才能发送下载链接。"))
    until = timezone.localtime(expires_at())
    lines = [f"{d.name}：{base_url.rstrip('/')}{link(d)}" for d in offered]
    send_mail(
        subject=_("【政府信息公开】申请%(code)s的答复文件") % {"code": application.tracking_code},
        message=_("您的政府信息公开申请（查询码%(code)s）已作出答复。答复文件可在%(until)s前下载：\n\n%(lines)s\n\n"
                  "链接过期后，请用查询码和查询密码在“申请查询”页面重新获取。首次下载即视为已送达。")
        % {"code": application.tracking_code, "until": f"{until:%Y年%m月%d日 %H:%M}", "lines": "\n".join(lines)},
        recipient_list=[application.email],
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="foi.document.emailed",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={"files": [None, len(offered)]},
    )
    return len(offered)


# Retention --------------------------------------------------------------------------------------------


def purge_applicant_files(*, actor: SystemActor, today: dt.date | None = None) -> int:
    """Delete the applicant's files of applications closed more than ``GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS``
    ago with no reconsideration or suit pending; each row stays with the day its file went, and the audit
    log says so. Returns the number of files deleted."""
    require(can(actor, Capability.SUPERVISE))
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=settings.GONGKAI_FOI_APPLICANT_FILES_KEEP_DAYS)
    pending = Appeal.objects.filter(result=Appeal.Result.PENDING).values("application_id")
    due = ApplicationDocument.objects.filter(
        kind=DocumentKind.APPLICANT,
        purged_on=None,
        application__status=Status.CLOSED,
        application__closed_on__lt=cutoff,
    ).exclude(application_id__in=pending)
    gone = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Claimed under a lock: a second run at the same moment skips it.
            document = (
                ApplicationDocument.objects.select_for_update(of=("self",))
                .select_related("application__unit")
                .filter(pk=pk, purged_on=None)
                .first()
            )
            if document is None:
                continue
            document.file.delete(save=False)
            document.purged_on = today
            document.save(update_fields=["file", "purged_on"])
            audit.record(
                actor=actor,
                action="foi.document.purged",
                obj=document.application,
                unit=document.application.unit,
                object_repr=document.application.tracking_code,
                changes={"document_id": [document.pk, None], "purged_on": [None, today.isoformat()]},
            )
        gone += 1
    return gone


# Conversion to proactive disclosure (Art. 44) ---------------------------------------------------------

CONVERTIBLE = frozenset({"granted", "partial"})


@transaction.atomic
def propose_for_publication(*, actor: User | SystemActor, application: Application, title: str, columns=()):
    """Art. 44: information that was released on application and that others may well ask for becomes a
    draft item of the unit's catalog, with the files the applicant was given (a redacted version in place of
    its original), to be reviewed and published like any item. The item carries nothing of the application
    (no name, no code); the application keeps the link. Refused before the answer, for an answer that
    released nothing, without files, or a second time."""
    from gongkai.publishing import services as publishing

    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in FINISHED_STATUSES or application.outcome not in CONVERTIBLE:
        raise ValidationError(_("只有予以公开或部分公开的答复，才能转为主动公开（条例第四十四条）。"))
    if application.published_as_id is not None:
        raise ValidationError(_("本申请的答复已转为主动公开。"))
    released = [d for d in for_applicant(application) if d.kind == DocumentKind.RELEASED]
    if not released:
        raise ValidationError(_("没有随答复提供的政府信息文件，无法转为主动公开。"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写公开信息的标题。")})
    item = publishing.create_item(
        actor=actor,
        unit=application.unit,
        columns=columns,
        title=title[:300],
        body=_(
            "<p>本信息曾依申请公开，因可能有更多公众需要，现转为主动公开（《中华人民共和国政府信息公开条例》"
            "第四十四条）。</p>"
        ),
    )
    for document in released:
        publishing.add_attachment(actor=actor, item=item, data=read(document), name=document.name)
    application.published_as = item
    application.save(update_fields=["published_as"])
    audit.record(
        actor=actor,
        action="foi.application.proposed_for_publication",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={"item_id": [None, item.pk], "files": [None, len(released)]},
    )
    return item
