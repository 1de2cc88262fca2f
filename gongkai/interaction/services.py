"""Messages: submission with anti-abuse safeguards, handling (the table in ``transitions.py``), rating,
channels and FAQ entries, statistics, deadline reminders."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, masking, phones, records, staging
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import PUBLIC, require
from gongkai.core.claims import claim
from gongkai.core.codes import unique_code
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from . import transitions
from .models import (
    Channel,
    EventKind,
    FaqEntry,
    Message,
    MessageAttachment,
    MessageEvent,
    Rating,
    ReminderStage,
    ReplyTemplate,
    Status,
)

ATTACHMENT_KINDS = {"png", "jpg", "gif", "pdf"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 3
CHALLENGE_SCOPE = "interaction"

# Who the audit log names for what a member of the public does without an account (writing, rating).


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


# The message form's attachments, kept while the form comes back with errors.
ATTACHMENTS = staging.Shelf(
    root="messages/pending",
    limit=ATTACHMENT_MAX_COUNT,
    check=lambda name, data: _check_attachments([(name, data)])[0][1],
    too_many=lambda name: _("最多上传3个附件，“%(n)s”未保留。") % {"n": name},
)


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
    # Durable: registering is never part of a larger transaction, so the acknowledgement means committed.
    with antiabuse.reserve(*counters), transaction.atomic(durable=True):
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
        actor=PUBLIC,
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

# One handling step (accept, reject, merge, transfer, draft, return, answer, publish): see transitions.py.
handle = transitions.apply


@transaction.atomic
def view_contact(*, actor, message: Message) -> dict:
    """The writer's name and mobile number, for the staff who handle the message; each look is recorded
    in the audit log (``interaction.message.contact_viewed``), as for an FOI applicant's details."""
    from .access import messages_for

    require(messages_for(actor).filter(pk=message.pk).exists())
    audit.record(
        actor=actor,
        action="interaction.message.contact_viewed",
        obj=message,
        unit=message.unit,
        object_repr=message.query_code,
    )
    return {"name": message.name, "phone": message.phone}


def handle_many(*, actor, message_ids, kind: str, **data) -> list[tuple[str, Message | None, str]]:
    """One handling step (bulk 转办 or 分派) on several messages, each in its own transaction: one refused
    message leaves the others done. Returns, per id in the order given, ``(outcome, message, text)`` where
    outcome is "done" or "refused" and text says why in Chinese. Messages outside ``actor``'s reach are
    refused as not found (their existence is not revealed)."""
    from django.core.exceptions import PermissionDenied

    from .access import messages_for

    ids = list(dict.fromkeys(int(pk) for pk in message_ids))
    found = {m.pk: m for m in messages_for(actor).select_related("unit").filter(pk__in=ids)}
    results = []
    for pk in ids:
        message = found.get(pk)
        if message is None:
            results.append(("refused", None, _("没有找到该留言。")))
            continue
        try:
            done = transitions.apply(actor=actor, message=message, kind=kind, **data)
        except PermissionDenied:
            results.append(("refused", message, _("您没有办理该留言的权限。")))
        except ValidationError as exc:
            results.append(("refused", message, " ".join(exc.messages)))
        else:
            results.append(("done", done, ""))
    return results


def rate(
    *, message: Message, rating: str, ip: str | None = None, proof: antiabuse.Proof | None = None
) -> Message:
    """The writer rates the answered reply, once (a conditional update: a second rating changes nothing).
    The proof is used up on its own, before the rating's transaction, as for a submission."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("请选择评价。")})
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof)
    with antiabuse.reserve(("rating.address", ip)), transaction.atomic(durable=True):
        updated = Message.objects.filter(pk=message.pk, status=Status.ANSWERED, rating="").update(
            rating=rating, rated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("该留言已评价，或尚未答复。"))
        rated = Message.objects.select_related("unit").get(pk=message.pk)
        MessageEvent.objects.create(
            message=rated, kind=EventKind.RATED, on=timezone.localdate(), data={"rating": rating}
        )
        audit.record(
            actor=PUBLIC,
            action="interaction.message.rated",
            obj=rated,
            unit=rated.unit,
            object_repr=rated.query_code,
            changes={"rating": ["", rating]},
        )
    return rated


# Configuration: channels and FAQ entries ---------------------------------------------------------------


def _require_over_stored_unit(actor, obj, capability: str) -> None:
    """A change that moves a record to another unit needs the right over the unit it leaves, too."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).select_related("unit").first() if obj.pk else None
    if stored is not None:
        require(can(actor, capability, stored.unit))


@transaction.atomic
def save_channel(*, actor, channel: Channel) -> Channel:
    """Add or change a channel (a mailbox and its reply limit): the openness office over the channel's unit."""
    _require_over_stored_unit(actor, channel, Capability.SUPERVISE)
    return records.save_record(actor=actor, obj=channel, capability=Capability.SUPERVISE, unit=channel.unit)


@transaction.atomic
def save_faq(*, actor, entry: FaqEntry) -> FaqEntry:
    """Add or change a FAQ entry: a reviewer of the answering unit (search reindexes it on commit)."""
    _require_over_stored_unit(actor, entry, Capability.REVIEW_CONTENT)
    return records.save_record(actor=actor, obj=entry, capability=Capability.REVIEW_CONTENT, unit=entry.unit)


@transaction.atomic
def save_reply_template(*, actor, template: ReplyTemplate) -> ReplyTemplate:
    """Add or change a 常用回复: a reviewer of the template's unit."""
    _require_over_stored_unit(actor, template, Capability.REVIEW_CONTENT)
    return records.save_record(
        actor=actor, obj=template, capability=Capability.REVIEW_CONTENT, unit=template.unit
    )


# Statistics --------------------------------------------------------------------------------------------


def statistics(
    *, start: dt.date, end: dt.date, unit: Organization | None = None, scope: Q | None = None
) -> list[dict]:
    """Per unit, for messages received in [start, end]: received, answered, on time, average working days to
    reply and satisfaction; aggregated in the database. ``scope``: a filter on the messages (a site's
    ``unit_q("unit")``)."""
    messages = Message.objects.filter(received_on__gte=start, received_on__lte=end).exclude(
        status__in=[Status.MERGED]
    )
    if scope is not None:
        messages = messages.filter(scope)
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


REMINDER_ORDER = [ReminderStage.NONE, ReminderStage.DUE_SOON, ReminderStage.OVERDUE]


def reminder_stage(message: Message, today: dt.date) -> str | None:
    """The reminder due for ``message`` today: the working day before the reply is due and the day itself
    ("due_soon"), from the day after ("overdue"); None before that or once that stage was sent."""
    left, _provisional = cal.working_days_between(today, message.due_on)
    stage = ReminderStage.DUE_SOON if 0 <= left <= 1 else ReminderStage.OVERDUE if left < 0 else None
    if stage is None or REMINDER_ORDER.index(stage) <= REMINDER_ORDER.index(message.reminded_stage):
        return None
    return stage


def due_reminders(*, today: dt.date) -> list[tuple[Message, str]]:
    """The open messages owed a reminder today, with the stage (reads only; see :func:`send_reminder`)."""
    # One working day ahead never lies more than two weeks of calendar days ahead (the longest holiday).
    candidates = (
        Message.objects.open()
        .filter(due_on__lte=today + dt.timedelta(days=14))
        .exclude(reminded_stage=ReminderStage.OVERDUE)
        .select_related("unit")
        .order_by("due_on", "pk")
    )
    due = []
    for message in candidates:
        stage = reminder_stage(message, today)
        if stage is not None:
            due.append((message, stage))
    return due


def send_reminder(*, actor, message: Message, stage: str) -> bool:
    """Claim ``stage`` for ``message`` (a conditional update: only a message still at an earlier stage is
    taken), record it and e-mail the handling unit's staff. False if another run took it first."""
    require(can(actor, Capability.SUPERVISE, message.unit))
    earlier = REMINDER_ORDER[: REMINDER_ORDER.index(stage)]
    with transaction.atomic():
        if not claim(
            Message.objects.open().filter(reminded_stage__in=earlier), message.pk, reminded_stage=stage
        ):
            return False
        audit.record(
            actor=actor,
            action="interaction.message.reminded",
            obj=message,
            unit=message.unit,
            object_repr=message.query_code,
            changes={"reminded_stage": [message.reminded_stage, stage]},
        )
    message.reminded_stage = stage
    recipients = message.unit.staff_emails()
    if recipients:
        from gongkai.core.tasks import send_mail  # queued for the worker

        send_mail(
            subject=f"【政民互动】留言 {message.query_code} "
            + ("即将到期" if stage == ReminderStage.DUE_SOON else "已超过答复期限"),
            message=f"留言“{message.subject}”的答复期限为{message.due_on:%Y年%m月%d日}，请及时办理。",
            from_email=None,
            recipient_list=recipients,
        )
    return True


def send_reminders(*, actor, today: dt.date | None = None, dry_run: bool = False) -> list[tuple[str, str]]:
    """E-mail the handling unit the working day before a message's reply is due (and on the day) and on the
    day it falls overdue, once each, even when two runs overlap. Returns (query code, stage) of each
    reminder sent, or with ``dry_run`` of each that would be sent (nothing is written)."""
    require(can(actor, Capability.SUPERVISE))
    sent = []
    for message, stage in due_reminders(today=today or timezone.localdate()):
        if dry_run or send_reminder(actor=actor, message=message, stage=stage):
            sent.append((message.query_code, stage))
    return sent
