"""Messages: submission with anti-abuse safeguards, review, transfer, reply and its review, publication."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, masking, phones
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.codes import unique_code
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability
from gongkai.search.tasks import reindex_on_commit

from .models import Channel, EventKind, Message, MessageAttachment, MessageEvent, Rating, Status
from .search_sources import MESSAGE_SOURCE

ATTACHMENT_KINDS = {"png", "jpg", "gif", "pdf"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 3
CHALLENGE_SCOPE = "interaction"


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


# Anti-abuse --------------------------------------------------------------------------------------------


def new_challenge() -> dict:
    return antiabuse.new_challenge(CHALLENGE_SCOPE)


def _check_attachments(attachments) -> list[tuple[str, bytes, str]]:
    from gongkai.publishing.uploads import check_upload

    if len(attachments) > ATTACHMENT_MAX_COUNT:
        raise ValidationError({"attachments": _("最多上传3个附件。")})
    checked = []
    for name, data in attachments:
        if len(data) > ATTACHMENT_MAX_BYTES:
            raise ValidationError({"attachments": _("“%(n)s”超过10MB。") % {"n": name}})
        kind, data = check_upload(name, data, ATTACHMENT_KINDS, field="attachments",
                                  unsupported=_("“%(n)s”不是图片或PDF文件。") % {"n": name})  # fmt: skip
        checked.append((name, data, kind.code))
    return checked


def _flagged_terms(*texts: str) -> list[str]:
    from gongkai.publishing.models import LexiconEntry

    joined = "\n".join(texts)
    return [term for term in LexiconEntry.objects.values_list("term", flat=True) if term and term in joined]


# Submission --------------------------------------------------------------------------------------------


def submit_message(
    *,
    channel: Channel,
    subject: str,
    body: str,
    name: str,
    phone: str,
    public_consent: bool,
    submission_key: str | None = None,
    ip: str | None = None,
    attachments: list[tuple[str, bytes]] = (),
    proof: antiabuse.Proof | None = None,
) -> tuple[Message, bool]:
    """Register a message. The same ``submission_key`` with the same content returns the message already
    registered (other content: SubmissionConflict); a public submission brings its ``proof`` (the challenge),
    which is checked once; the rate limits count only messages actually registered. Nothing a writer submits
    is dropped, even if it is flagged or later not published."""
    attachments = list(attachments)
    fingerprint = antiabuse.digest(
        {"channel": channel.pk, "subject": subject.strip(), "body": body.strip(), "name": name.strip(),
         "phone": phones.digits(phone), "public_consent": bool(public_consent),
         "attachments": [data for _name, data in attachments]}
    )  # fmt: skip
    if submission_key:
        existing = Message.objects.filter(submission_key=submission_key).first()
        if existing:
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
    if not channel.is_active:
        raise ValidationError({"channel": _("该渠道已停用。")})
    checked_files = _check_attachments(attachments)
    problem = phones.problem(phone, mobile_only=True)
    if problem:
        raise ValidationError({"phone": problem})
    phone_digits = phones.digits(phone)
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof, registered=antiabuse.registered(Message, submission_key))
    # Limits apply to requests from the public, which bring the client's address (the demo and importers don't).
    counters = [("message.address", ip), ("message.identity", phone_digits)] if ip else []
    with antiabuse.reserve(*counters), transaction.atomic():
        return _register_message(
            channel=channel, subject=subject, body=body, name=name, phone_digits=phone_digits,
            public_consent=public_consent, submission_key=submission_key, fingerprint=fingerprint, ip=ip,
            checked_files=checked_files,
        )  # fmt: skip


def _register_message(
    *, channel, subject, body, name, phone_digits, public_consent, submission_key, fingerprint, ip,
    checked_files,
) -> tuple[Message, bool]:  # fmt: skip
    today = timezone.localdate()
    due = cal.add_working_days(today, channel.reply_days)
    message = Message(
        query_code=_query_code(today),
        submission_key=submission_key or None,
        submission_digest=fingerprint,
        channel=channel,
        unit=channel.unit,
        subject=subject.strip(),
        body=body.strip(),
        name=name.strip(),
        phone=phone_digits,
        public_consent=public_consent,
        ip=ip,
        received_on=today,
        due_on=due.due,
        due_provisional=due.provisional,
        public_subject=masking.text(subject.strip(), names=[name]),
        public_body=masking.text(body.strip(), names=[name]),
        flagged_terms=_flagged_terms(subject, body),
    )
    message.full_clean()
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # The same key raced in from a parallel request: the first one won.
        if submission_key:
            existing = Message.objects.get(submission_key=submission_key)
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
        raise
    for file_name, data, kind in checked_files:
        from django.core.files.base import ContentFile

        attachment = MessageAttachment(message=message, name=file_name[:200], kind=kind, size=len(data))
        attachment.file.save(f"{secrets.token_hex(8)}.{kind}", ContentFile(data), save=False)
        attachment.save()
    MessageEvent.objects.create(message=message, kind=EventKind.RECEIVED, on=today)
    audit.record(
        actor=None,
        action="interaction.message.received",
        obj=message,
        unit=message.unit,
        object_repr=message.query_code,
    )
    return message, True


def _query_code(today: dt.date) -> str:
    return unique_code(f"LY{today:%y%m%d}", lambda code: Message.objects.filter(query_code=code).exists())


def find_by_code(code: str, *, ip: str | None = None) -> Message | None:
    """The message with this query code. Failed lookups from one address are limited (``lookup.address``),
    so query codes cannot be tried one after another."""
    antiabuse.ensure_allowed("lookup.address", ip)
    found = (
        Message.objects.filter(query_code=code.strip().upper()[:20])
        .select_related("unit", "reply_unit")
        .first()
    )
    if found is None:
        antiabuse.count("lookup.address", ip)
    return found


# Handling ----------------------------------------------------------------------------------------------

OPEN = {Status.RECEIVED, Status.ACCEPTED, Status.REPLY_REVIEW}
ALLOWED = {
    EventKind.ACCEPTED: {Status.RECEIVED},
    EventKind.REJECTED: {Status.RECEIVED},
    EventKind.MERGED: {Status.RECEIVED, Status.ACCEPTED},
    EventKind.TRANSFERRED: OPEN,
    EventKind.REPLY_DRAFTED: {Status.ACCEPTED},
    EventKind.REPLY_RETURNED: {Status.REPLY_REVIEW},
    EventKind.ANSWERED: {Status.REPLY_REVIEW},
    EventKind.PUBLISHED: {Status.ANSWERED},
}
NEXT_STATUS = {
    EventKind.ACCEPTED: Status.ACCEPTED,
    EventKind.REJECTED: Status.REJECTED,
    EventKind.MERGED: Status.MERGED,
    EventKind.REPLY_DRAFTED: Status.REPLY_REVIEW,
    EventKind.REPLY_RETURNED: Status.ACCEPTED,
    EventKind.ANSWERED: Status.ANSWERED,
}
NEEDS_REVIEW_RIGHT = {EventKind.ANSWERED, EventKind.REPLY_RETURNED, EventKind.PUBLISHED, EventKind.REJECTED}


@transaction.atomic
def handle(*, actor: User | None, message: Message, kind: str, note: str = "", **data) -> Message:
    """One handling step. Transfers keep the clock running; the answer records the replying unit and how
    many working days it took."""
    message = Message.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if kind not in ALLOWED:
        raise ValidationError({"kind": _("不认识的办理事项。")})
    if actor is not None:
        capability = Capability.REVIEW_CONTENT if kind in NEEDS_REVIEW_RIGHT else Capability.EDIT_CONTENT
        _require(can(actor, capability, message.unit))
    if message.status not in ALLOWED[kind]:
        raise ValidationError(_("留言当前为“%(s)s”，不能执行此操作。") % {"s": message.get_status_display()})
    today = timezone.localdate()
    event_data: dict = {}
    if kind == EventKind.REJECTED:
        if not data.get("reason", "").strip():
            raise ValidationError({"reason": _("不予受理时须写明理由，留言人可以看到。")})
        message.reject_reason = data["reason"].strip()
    elif kind == EventKind.MERGED:
        target = find_by_code(data.get("into", "")) if data.get("into") else None
        if target is None or target.pk == message.pk:
            raise ValidationError({"into": _("请填写要合并到的留言的查询码。")})
        message.merged_into = target
        event_data["into"] = target.query_code
    elif kind == EventKind.TRANSFERRED:
        to_unit = data.get("to_unit")
        if not isinstance(to_unit, Organization) or to_unit.pk == message.unit_id:
            raise ValidationError({"to_unit": _("请选择转往的其他单位。")})
        event_data = {"from_unit": message.unit.name, "to_unit": to_unit.name}
        message.unit = to_unit
    elif kind == EventKind.REPLY_DRAFTED:
        if not data.get("reply_text", "").strip():
            raise ValidationError({"reply_text": _("请填写答复内容。")})
        message.reply_text = data["reply_text"].strip()
    elif kind == EventKind.REPLY_RETURNED:
        if not data.get("reason", "").strip():
            raise ValidationError({"reason": _("退回修改时请写明意见。")})
        event_data["reason"] = data["reason"].strip()
    elif kind == EventKind.ANSWERED:
        message.reply_unit = message.unit
        message.replied_on = today
        message.reply_working_days, _provisional = cal.working_days_between(message.received_on, today)
    elif kind == EventKind.PUBLISHED:
        if not message.public_consent:
            raise ValidationError(_("留言人不同意公开，不能公开展示。"))
        message.public_subject = (
            data.get("public_subject", message.public_subject).strip() or message.public_subject
        )
        message.public_body = data.get("public_body", message.public_body).strip() or message.public_body
        message.is_public = True
    if kind in NEXT_STATUS:
        message.status = NEXT_STATUS[kind]
    message.save()
    MessageEvent.objects.create(message=message, kind=kind, on=today, actor=actor, note=note, data=event_data)
    if kind == EventKind.PUBLISHED:
        reindex_on_commit(MESSAGE_SOURCE, message.pk)
    audit.record(
        actor=actor,
        action=f"interaction.message.{kind}",
        obj=message,
        unit=message.unit,
        object_repr=message.query_code,
    )
    return message


@transaction.atomic
def rate(
    *, message: Message, rating: str, ip: str | None = None, proof: antiabuse.Proof | None = None
) -> Message:
    """The writer rates the published reply, once."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择评价。")})
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof)
    with antiabuse.reserve(("rating.address", ip)), transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, status=Status.ANSWERED, rating="").update(
            rating=rating, rated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("该留言已评价，或尚未答复。"))
        MessageEvent.objects.create(
            message=message, kind=EventKind.RATED, on=timezone.localdate(), data={"rating": rating}
        )
    return Message.objects.get(pk=message.pk)


# Statistics --------------------------------------------------------------------------------------------


def statistics(*, start: dt.date, end: dt.date, unit: Organization | None = None) -> list[dict]:
    """Per unit, for messages received in [start, end]: received, answered, on time, average working days to
    reply and satisfaction; aggregated in the database."""
    messages = Message.objects.filter(received_on__gte=start, received_on__lte=end).exclude(
        status__in=[Status.MERGED]
    )
    if unit is not None:
        messages = messages.filter(unit=unit)
    rows = (
        messages.values("unit", "unit__name")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(status=Status.ANSWERED)),
            on_time=Count("pk", filter=Q(status=Status.ANSWERED, replied_on__lte=F("due_on"))),
            avg_days=Avg("reply_working_days", filter=Q(status=Status.ANSWERED)),
            rated=Count("pk", filter=~Q(rating="")),
            satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)),
            basic=Count("pk", filter=Q(rating=Rating.BASIC)),
        )
        .order_by("unit__name")
    )
    out = []
    for row in rows:
        rated = row["rated"]
        out.append(
            {
                "unit_id": row["unit"],
                "unit": row["unit__name"],
                "received": row["received"],
                "answered": row["answered"],
                "on_time": row["on_time"],
                "avg_working_days": round(row["avg_days"], 1) if row["avg_days"] is not None else None,
                "satisfaction": round((row["satisfied"] + row["basic"]) / rated * 100, 1) if rated else None,
            }
        )
    return out


def send_reminders(*, today: dt.date | None = None) -> list[str]:
    """E-mail the handling unit the day before a message's reply is due and on the day it falls overdue,
    once each (the message's events record what was sent)."""
    from gongkai.core.tasks import send_mail  # queued for the worker

    today = today or timezone.localdate()
    sent = []
    for message in Message.objects.open().select_related("unit"):
        left, _provisional = cal.working_days_between(today, message.due_on)
        stage = "due_soon" if 0 <= left <= 1 else "overdue" if left < 0 else None
        event = message.events.filter(kind=EventKind.RECEIVED).first()
        reminded = (event.data.get("reminded") or []) if event else []
        if stage is None or event is None or stage in reminded:
            continue
        event.data = {**event.data, "reminded": [*reminded, stage]}
        event.save(update_fields=["data"])
        recipients = list(
            message.unit.staff.filter(is_active=True).exclude(email="").values_list("email", flat=True)
        )
        if recipients:
            send_mail(
                subject=f"【政民互动】留言 {message.query_code} "
                + ("即将到期" if stage == "due_soon" else "已超过答复期限"),
                message=f"留言“{message.subject}”的答复期限为{message.due_on:%Y年%m月%d日}，请及时办理。",
                from_email=None,
                recipient_list=recipients,
            )
        sent.append(message.query_code)
    return sent
