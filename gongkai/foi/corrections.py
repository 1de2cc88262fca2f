"""Correction of records (更正政府信息记录, 条例第四十一条, spec §1.10): an applicant who shows that
government-information records about them are inaccurate asks the organ to correct them. Its own kind of case
beside applications, with the same safeguards and privacy:

* the public submits through the form or the API with the applications' challenge and limits
  (``services.CHALLENGE_SCOPE``, counters ``foi.address`` and ``foi.identity``); a retried submission (same
  key, same content) registers once and gets the same secret back; staff register a letter, a visit or an
  oral request (:func:`register`);
* the limit is ``ProcedureSettings.record_correction_days`` working days (default 20) from the day after
  receipt on the holiday calendar, as the office sets it (the Regulation gives none);
* the decision (:func:`decide`) is one of 予以更正, 转送有权更正的机关, 告知向有权机关提出, 不予更正, with what
  was done or why; only staff with EDIT_CONTENT over the unit; audited;
* the notice (更正申请处理告知书, DOCX and PDF, :func:`build_notice`) ends with the remedies of
  ``remedies.for_decision(unit, None)`` for every outcome (a correction done may differ from the one asked);
* the applicant's identity and contacts reach the handling unit only, every look audited; the tracking page
  shows the masked name only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, files, phones, workdays
from gongkai.core import calendar as cal
from gongkai.core.access import can, units_for
from gongkai.core.actors import PUBLIC, SystemActor, as_user, require
from gongkai.core.codes import unique_code
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability

from . import documents, notices, remedies, rules, services
from .models import (
    CORRECTION_FIELDS,
    Channel,
    CorrectionDocument,
    CorrectionOutcome,
    CorrectionStatus,
    ProcedureSettings,
    RecordCorrection,
)

CHALLENGE_SCOPE = services.CHALLENGE_SCOPE  # the applications' challenge and limits
EVIDENCE_MAX = documents.MATERIAL_MAX
NOTICE_TITLE = "更正申请处理告知书"
NOTICE_SALT = "foi.correction.notice"
BASIS = "《中华人民共和国政府信息公开条例》第四十一条"
FIRST_DAY = dt.date(rules.FIRST_YEAR, 5, 1)  # the first Regulation took effect: no request is older


def _tracking_code() -> str:
    return unique_code(
        f"GZ{timezone.localdate():%Y%m%d}",
        lambda code: RecordCorrection.objects.filter(tracking_code=code).exists(),
    )


def _content(data: dict) -> dict:
    """The request's fields, trimmed; the help needs checked and stored as an application's
    (``services.help_needs``: a list of known needs, each once, in HelpNeed's order)."""
    content = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in CORRECTION_FIELDS}
    content["help_needs"] = services.help_needs(content.get("help_needs"))
    return content


def _validate(content: dict) -> None:
    errors = services.identity_problems(content)
    if content.get("help_contact") and not content.get("help_needs"):  # the applications' rule
        errors["help_needs"] = _("填写了提供帮助的联系方式的，请选择需要的帮助。")
    current, requested = content.get("current_text", ""), content.get("requested_text", "")
    if current and requested and current == requested:
        errors["requested_text"] = _("应更正为的内容与现记载内容相同，请写明需要如何更正。")
    if errors:
        raise ValidationError(errors)


def _replay(submission_key: str | None, fingerprint: str):
    if not submission_key:
        return None
    existing = RecordCorrection.objects.filter(submission_key=submission_key).first()
    if existing is None:
        return None
    antiabuse.check_replay(existing.submission_digest, fingerprint)
    return existing, services._secret_for(submission_key), False


def due_for(received_on: dt.date) -> workdays.Result:
    """The last day of the office's limit (``record_correction_days`` working days after receipt)."""
    return cal.add_working_days(received_on, ProcedureSettings.current().record_correction_days)


def submit(
    *,
    unit: Organization,
    data: dict,
    submission_key: str | None = None,
    proof: antiabuse.Proof | None = None,
    ip: str | None = None,
    evidence: list[tuple[str, bytes]] = (),
) -> tuple[RecordCorrection, str, bool]:
    """A request from the public (web form or API). Returns (case, secret, created); the same key with the
    same content returns the case already registered, with other content SubmissionConflict. As
    ``services.submit_application``: the challenge is checked once, the limits count a registered case only,
    the registration commits before the applicant is told the code."""
    evidence = list(evidence)
    content = _content(data)
    fingerprint = antiabuse.digest(
        {
            "kind": "record_correction",
            "unit": unit.pk,
            "channel": Channel.ONLINE,
            **content,
            **({"files": [d for _n, d in evidence]} if evidence else {}),
        }
    )
    replayed = _replay(submission_key, fingerprint)
    if replayed is not None:
        return replayed
    _validate(content)
    checked = documents.checked_files(
        evidence, documents.MATERIAL_KINDS, field="evidence", limit=EVIDENCE_MAX
    )
    if proof is not None:
        antiabuse.verify(
            CHALLENGE_SCOPE, proof, registered=antiabuse.registered(RecordCorrection, submission_key)
        )
    counters = []
    if ip:
        counters = [
            ("foi.address", ip),
            ("foi.identity", str(content.get("id_number", "")).upper()),
            ("foi.identity", phones.digits(content.get("phone", ""))),
        ]
    with antiabuse.reserve(*counters), transaction.atomic(durable=True):
        case, secret, created = _register(
            unit=unit, content=content, submission_key=submission_key, fingerprint=fingerprint,
            channel=Channel.ONLINE, received_on=None, actor=PUBLIC,
        )  # fmt: skip
        if created:
            _attach(case, checked, actor=PUBLIC)
        return case, secret, created


@transaction.atomic
def register(
    *,
    actor: User | SystemActor,
    unit: Organization,
    data: dict,
    channel: str,
    received_on: dt.date | None,
    submission_key: str | None = None,
    evidence: list[tuple[str, bytes]] = (),
) -> tuple[RecordCorrection, str, bool]:
    """Staff register a request that came by letter, fax, in person or orally, with the day it was
    received. Returns (case, secret, created); a retried key returns the case already registered."""
    require(can(actor, Capability.EDIT_CONTENT, unit))
    evidence = list(evidence)
    content = _content(data)
    fingerprint = antiabuse.digest(
        {"kind": "record_correction", "unit": unit.pk, "channel": channel, **content}
    )
    replayed = _replay(submission_key, fingerprint)
    if replayed is not None:
        return replayed
    if channel not in Channel.values:
        raise ValidationError({"channel": _("请选择提交方式。")})
    if channel != Channel.ONLINE and received_on is None:
        raise ValidationError({"received_on": _("请填写收到更正申请的日期。")})
    if received_on and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("收到申请日期不能晚于今天。")})
    if received_on and received_on < FIRST_DAY:
        raise ValidationError(
            {"received_on": _("收到申请日期不能早于2008年5月1日（政府信息公开条例施行之日）。")}
        )
    _validate(content)
    checked = documents.checked_files(
        evidence, documents.MATERIAL_KINDS, field="evidence", limit=EVIDENCE_MAX
    )
    case, secret, created = _register(
        unit=unit, content=content, submission_key=submission_key, fingerprint=fingerprint,
        channel=channel, received_on=received_on, actor=actor,
    )  # fmt: skip
    if created:
        _attach(case, checked, actor=actor)
    return case, secret, created


def _register(*, unit, content, submission_key, fingerprint, channel, received_on, actor):
    secret = services._secret_for(submission_key)
    received = received_on or timezone.localdate()
    due = due_for(received)
    case = RecordCorrection(
        unit=unit,
        tracking_code=_tracking_code(),
        secret_hash=_hash(secret),
        submission_key=submission_key or None,
        submission_digest=fingerprint,
        channel=channel,
        received_on=received,
        due_on=due.due,
        due_provisional=due.provisional,
        created_by=as_user(actor),
        **content,
    )
    existing = services.save_submission(case, submission_key=submission_key, fingerprint=fingerprint)
    if existing is not None:
        return existing, secret, False
    audit.record(
        actor=actor,
        action="foi.correction.received",
        obj=case,
        unit=unit,
        object_repr=case.tracking_code,
        changes={"channel": [None, channel], "received_on": [None, case.received_on.isoformat()]},
    )
    return case, secret, True


def _hash(secret: str) -> str:
    return hashlib.sha256(services.normalize_secret(secret).encode()).hexdigest()


def _attach(case: RecordCorrection, checked, *, actor) -> list[CorrectionDocument]:
    out = []
    for name, data, file_kind in checked:
        document = CorrectionDocument(
            correction=case,
            name=(name or "").strip()[:200] or f"file.{file_kind}",
            file_kind=file_kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=as_user(actor),
        )
        document.file.save("upload", ContentFile(data), save=False)  # the file before its row
        document.save()
        out.append(document)
    return out


def find_for_applicant(tracking_code: str, secret: str, *, ip: str | None = None) -> RecordCorrection | None:
    """The case, if and only if both the code and the secret match; failed lookups are limited per address
    (``lookup.address``, shared with applications)."""
    antiabuse.ensure_allowed("lookup.address", ip)
    case = (
        RecordCorrection.objects.select_related("unit")
        .filter(tracking_code=str(tracking_code).strip().upper()[:20])
        .first()
    )
    if case is None or not hmac.compare_digest(case.secret_hash, _hash(secret)):
        antiabuse.count("lookup.address", ip)
        return None
    return case


# Staff: reach, the procedure, the decision ---------------------------------------------------------------


def corrections_for(user) -> QuerySet[RecordCorrection]:
    """The cases ``user`` reaches: the handling unit's and those of units it supervises."""
    return RecordCorrection.objects.filter(unit__in=units_for(user)).select_related("unit")


def get_for_user(user, pk: int, *, write: bool = False) -> RecordCorrection:
    """404 out of reach (existence not revealed); 403 within reach without the right to act."""
    case = corrections_for(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    if write and not can(user, Capability.EDIT_CONTENT, case.unit):
        raise PermissionDenied
    return case


@transaction.atomic
def record_identity_view(*, actor: User, case: RecordCorrection) -> None:
    """Who looked at the applicant's identity and contact details, and when."""
    require(corrections_for(actor).filter(pk=case.pk).exists())
    audit.record(
        actor=actor,
        action="foi.correction.identity_viewed",
        obj=case,
        unit=case.unit,
        object_repr=case.tracking_code,
    )


@transaction.atomic
def take_up(*, actor: User | SystemActor, case: RecordCorrection) -> RecordCorrection:
    """开始办理: the unit starts checking the record (status 办理中)."""
    require(can(actor, Capability.EDIT_CONTENT, case.unit))
    if case.status != CorrectionStatus.RECEIVED:
        raise ValidationError(_("只有已登记的更正申请可以开始办理。"))
    case.status = CorrectionStatus.IN_PROGRESS
    case.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="foi.correction.taken_up",
        obj=case,
        unit=case.unit,
        object_repr=case.tracking_code,
        changes={"status": [CorrectionStatus.RECEIVED, CorrectionStatus.IN_PROGRESS]},
    )
    return case


@transaction.atomic
def decide(
    *,
    actor: User | SystemActor,
    case: RecordCorrection,
    outcome: str,
    text: str = "",
    other_organ: str = "",
    on: dt.date | None = None,
) -> RecordCorrection:
    """Conclude the case with one of the four outcomes:

    * 予以更正 (``corrected``): ``text`` says what was corrected and how;
    * 转送 (``transferred``): ``other_organ`` names the organ that may correct, to which the request went;
    * 告知 (``referred``): ``other_organ`` names the organ the applicant should ask;
    * 不予更正 (``refused``): ``text`` gives the reasons (the evidence does not show the record is wrong).

    Nothing is changed on bad input (ValidationError in Chinese on the field)."""
    require(can(actor, Capability.EDIT_CONTENT, case.unit))
    case = RecordCorrection.objects.select_for_update().select_related("unit").get(pk=case.pk)
    today = timezone.localdate()
    on = on or today
    text, other_organ = (text or "").strip(), (other_organ or "").strip()
    errors = {}
    if case.status == CorrectionStatus.CLOSED:
        raise ValidationError(_("该更正申请已办结，不能再作出决定。"))
    if outcome not in CorrectionOutcome.values:
        raise ValidationError({"outcome": _("请选择办理结果：予以更正、转送、告知或不予更正。")})
    if outcome == CorrectionOutcome.CORRECTED and not text:
        errors["text"] = _("予以更正的，请写明更正了哪些内容、如何更正。")
    if outcome == CorrectionOutcome.REFUSED and not text:
        errors["text"] = _("不予更正的，请写明理由：申请人提供的材料为何不能证明记载不准确。")
    if outcome in (CorrectionOutcome.TRANSFERRED, CorrectionOutcome.REFERRED):
        if not other_organ:
            errors["other_organ"] = _("请写明有权更正该政府信息的行政机关名称。")
        elif other_organ in (case.unit.name, case.unit.short_name):
            errors["other_organ"] = _("有权更正的机关是本机关的，请选择“予以更正”或“不予更正”。")
    if len(other_organ) > 100:
        errors["other_organ"] = _("机关名称不超过100字。")
    if on > today:
        errors["on"] = _("办结日期不能晚于今天。")
    elif on < case.received_on:
        errors["on"] = _("办结日期不能早于收到申请的日期。")
    if errors:
        raise ValidationError(errors)
    before = {"status": case.status, "outcome": case.outcome}
    # the unit's row is locked while the notice is numbered: two decisions at once get two numbers
    Organization.objects.select_for_update().get(pk=case.unit_id)
    sequence = RecordCorrection.objects.filter(unit=case.unit, decided_on__year=on.year).count() + 1
    case.status = CorrectionStatus.CLOSED
    case.outcome = outcome
    case.outcome_text = text
    case.other_organ = (
        other_organ if outcome in (CorrectionOutcome.TRANSFERRED, CorrectionOutcome.REFERRED) else ""
    )
    case.decided_on = on
    case.decided_by = as_user(actor)
    case.notice_number = f"{case.unit.short_name or case.unit.name}更正〔{on.year}〕{sequence}号"
    case.save()
    audit.record(
        actor=actor,
        action="foi.correction.decided",
        obj=case,
        unit=case.unit,
        object_repr=case.tracking_code,
        changes={
            "status": [before["status"], case.status],
            "outcome": [before["outcome"], outcome],
            "decided_on": [None, on.isoformat()],
        },
    )
    return case


# The notice ---------------------------------------------------------------------------------------------


def build_notice(case: RecordCorrection) -> notices.Notice:
    """更正申请处理告知书 of a decided case; ``notices.NoticeUnavailable`` before the decision."""
    if case.status != CorrectionStatus.CLOSED or not case.outcome or case.decided_on is None:
        raise notices.NoticeUnavailable("该更正申请尚未办结，没有告知书。")
    received = notices.chinese_date(case.received_on)
    paragraphs = [
        f"本机关于{received}收到您提出的更正政府信息记录的申请，要求将“{case.record_name}”中记载的"
        f"“{case.current_text}”更正为“{case.requested_text}”。"
    ]
    if case.outcome == CorrectionOutcome.CORRECTED:
        paragraphs.append(
            f"经核实，您提供的材料能够证明该政府信息记录不准确。根据{BASIS}的规定，本机关已予以更正：{case.outcome_text}"
        )
    elif case.outcome == CorrectionOutcome.TRANSFERRED:
        paragraphs.append(
            f"经审查，本机关无权更正该政府信息记录。根据{BASIS}的规定，本机关已将您的申请转送有权更正的"
            f"{case.other_organ}处理，请您与该机关联系。"
        )
    elif case.outcome == CorrectionOutcome.REFERRED:
        paragraphs.append(
            f"经审查，本机关无权更正该政府信息记录。根据{BASIS}的规定，请您向有权更正的{case.other_organ}提出。"
        )
    else:
        paragraphs.append(
            f"经审查，您提供的材料不能证明该政府信息记录不准确，根据{BASIS}的规定，本机关决定不予更正。"
            f"理由如下：{case.outcome_text}"
        )
    if case.outcome in (CorrectionOutcome.TRANSFERRED, CorrectionOutcome.REFERRED) and case.outcome_text:
        paragraphs.append(case.outcome_text)
    paragraphs.append(remedies.for_decision(case.unit, None).paragraph)
    return notices.Notice(
        kind="record_correction",
        title=NOTICE_TITLE,
        number=case.notice_number,
        addressee=case.applicant_name,
        paragraphs=[p for p in paragraphs if p],
        issuer=case.unit.name,
        dated=case.decided_on,
    )


def notice_response(case: RecordCorrection, fmt: str) -> HttpResponse:
    """The notice as a download (``notices.FORMATS``: DOCX, PDF or large-print PDF); raises NoticeUnavailable
    when it cannot be made."""
    notice = build_notice(case)
    body = notices.render(notice, fmt)
    response = HttpResponse(body, content_type=notices.FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(notices.filename(notice, fmt))}"
    return response


def notice_link(case: RecordCorrection, fmt: str) -> str:
    """The applicant's link to the notice, signed for the case, valid for ``GONGKAI_FOI_LINK_HOURS``."""
    token = signing.TimestampSigner(salt=NOTICE_SALT).sign(str(case.pk))
    return reverse("foi:correction-notice", args=[token, fmt])


def open_notice_link(token: str) -> RecordCorrection | None:
    try:
        value = signing.TimestampSigner(salt=NOTICE_SALT).unsign(
            token, max_age=dt.timedelta(hours=settings.GONGKAI_FOI_LINK_HOURS)
        )
        pk = int(value)
    except (signing.BadSignature, ValueError):
        return None
    return RecordCorrection.objects.select_related("unit").filter(pk=pk).first()


# Evidence files (staff) -----------------------------------------------------------------------------------


def evidence_download(*, actor: User, case: RecordCorrection, document_id: int) -> FileResponse:
    """One evidence file for the staff who reach the case; each download audited (by id, never by name)."""
    from gongkai.publishing.files import KINDS

    require(corrections_for(actor).filter(pk=case.pk).exists())
    document = case.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    kind = KINDS.get(document.file_kind)
    response = files.private_download(
        document.file, filename=document.name, content_type=kind.mime if kind else "application/octet-stream"
    )
    audit.record(
        actor=actor,
        action="foi.correction.document_viewed",
        obj=case,
        unit=case.unit,
        object_repr=case.tracking_code,
        changes={"document_id": [None, document.pk]},
    )
    return response
