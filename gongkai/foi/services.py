"""Every change to an application: intake, each event of the statutory procedure, and the answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import antiabuse, audit, claims, idcard, phones, records
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import PUBLIC, SystemActor, as_user, require
from gongkai.core.codes import unique_code
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability
from gongkai.core.tasks import send_mail

from . import access, clock, documents, rules, transitions
from .models import (
    APPLICATION_FIELDS,
    Appeal,
    ApplicantType,
    Application,
    Channel,
    DocumentPurpose,
    Event,
    EventKind,
    HelpNeed,
    IdType,
    Outcome,
    Status,
)

CHALLENGE_SCOPE = "foi"


def new_challenge() -> dict:
    return antiabuse.new_challenge(CHALLENGE_SCOPE)


def _tracking_code() -> str:
    return unique_code(
        f"YSQ{timezone.localdate():%Y%m%d}",
        lambda code: Application.objects.filter(tracking_code=code).exists(),
    )


SECRET_HEX_DIGITS = 16  # 64 bits: not to be guessed, even without the lookup limit


def _secret_for(submission_key: str | None) -> str:
    """A retried submission (same key and content) gets the same secret back, so an applicant who lost the
    first answer still learns it; without a key the secret is random. Shown in groups of four."""
    if not submission_key:
        raw = secrets.token_hex(SECRET_HEX_DIGITS // 2).upper()
    else:
        digest = hmac.new(settings.SECRET_KEY.encode(), submission_key.encode(), hashlib.sha256).hexdigest()
        raw = digest[:SECRET_HEX_DIGITS].upper()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize_secret(secret: str) -> str:
    """What the applicant typed, as it is hashed: letters and digits only, upper case."""
    return "".join(ch for ch in str(secret) if ch.isalnum()).upper()


def identity_problems(data: dict) -> dict[str, str]:
    """Field -> message for identity data that cannot be right (used by the form and the service)."""
    errors = {}
    if "phone" in data:
        problem = phones.problem(data.get("phone", ""))
        if problem:
            errors["phone"] = problem
    if data.get("id_type") == IdType.RESIDENT_ID:
        problem = idcard.problem(data.get("id_number", ""))
        if problem:
            errors["id_number"] = problem
    if (
        data.get("applicant_type") == ApplicantType.NATURAL_PERSON
        and data.get("id_type") == IdType.CREDIT_CODE
    ):
        errors["id_type"] = _("自然人请提供个人身份证件。")
    if (
        data.get("applicant_type") != ApplicantType.NATURAL_PERSON
        and data.get("id_type") == IdType.CREDIT_CODE
    ):
        from gongkai.core import uscc

        if uscc.problem(data.get("id_number", "")):
            errors["id_number"] = _("统一社会信用代码不正确，请核对。")
    return errors


def _validate_identity(data: dict) -> None:
    errors = identity_problems(data)
    if errors:
        raise ValidationError(errors)


# The help the applicant asks for (Art. 43, Art. 29): asked with the application, kept with it, shown to the
# handling unit only (personal data, as the identity is).
HELP_FIELDS: tuple[str, ...] = ("help_needs", "help_contact")
# What a registration takes: the application (Art. 29) and the help asked for.
INTAKE_FIELDS: tuple[str, ...] = APPLICATION_FIELDS + HELP_FIELDS
HELP_CONTACT_MAX = 200


def help_needs(value) -> list[str]:
    """The help needs as stored: known HelpNeed values, each once, in the order of HelpNeed."""
    if value in (None, ""):
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError({"help_needs": _("需要的帮助应为列表。")})
    chosen = {str(v) for v in value}
    unknown = chosen - set(HelpNeed.values)
    if unknown:
        raise ValidationError(
            {"help_needs": _("不认识的帮助类型：%(v)s。") % {"v": "、".join(sorted(unknown))}}
        )
    return [need for need in HelpNeed.values if need in chosen]


def _content(data: dict) -> dict:
    content = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in INTAKE_FIELDS}
    if "help_needs" in content:
        content["help_needs"] = help_needs(content["help_needs"])
    if len(content.get("help_contact") or "") > HELP_CONTACT_MAX:
        raise ValidationError({"help_contact": _("提供帮助的联系方式不能超过200个字。")})
    if content.get("help_contact") and not content.get("help_needs"):
        raise ValidationError({"help_needs": _("填写了提供帮助的联系方式的，请选择需要的帮助。")})
    return content


def _replay(submission_key: str | None, fingerprint: str) -> tuple[Application, str, bool] | None:
    """The application a retried submission (same key, same content) already registered, if any."""
    if not submission_key:
        return None
    existing = Application.objects.filter(submission_key=submission_key).first()
    if existing is None:
        return None
    antiabuse.check_replay(existing.submission_digest, fingerprint)
    return existing, _secret_for(submission_key), False


def submit_application(
    *,
    unit: Organization,
    data: dict,
    submission_key: str | None = None,
    proof: antiabuse.Proof | None = None,
    ip: str | None = None,
    identity: list[tuple[str, bytes]] = (),
    material: list[tuple[str, bytes]] = (),
) -> tuple[Application, str, bool]:
    """A citizen applies online (Art. 29); the submission is the receipt (Art. 31(3)). Returns (application,
    secret, created). The same ``submission_key`` with the same content (a double click, a retried request)
    returns the application already registered; with other content, SubmissionConflict and nothing about the
    first. The application brings its ``proof`` (the challenge, checked once) and counts against the limits
    per address and identity only once registered. The registration is a durable transaction: committed
    before the applicant is told the tracking code; the reservation of the limits wraps it, so a failed
    registration never counts. ``identity`` and ``material``: the applicant's files, (name, bytes) each,
    checked before anything is written and stored with the application."""
    identity, material = list(identity), list(material)
    content = _content(data)
    files = {"identity": [d for _n, d in identity], "material": [d for _n, d in material]}
    fingerprint = antiabuse.digest(
        {
            "unit": unit.pk,
            "channel": Channel.ONLINE,
            **content,
            **({"files": files} if identity or material else {}),
        }
    )
    replayed = _replay(submission_key, fingerprint)
    if replayed is not None:
        return replayed
    _validate_identity(data)
    checked = {
        DocumentPurpose.IDENTITY: documents.checked_files(
            identity, documents.IDENTITY_KINDS, field="identity_proof", limit=documents.IDENTITY_MAX
        ),
        DocumentPurpose.SUPPORTING: documents.checked_files(
            material, documents.MATERIAL_KINDS, field="material", limit=documents.MATERIAL_MAX
        ),
    }
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof, registered=antiabuse.registered(Application, submission_key))
    counters = []
    if ip:
        identity = str(content.get("id_number", "")).upper()
        phone = phones.digits(content.get("phone", ""))
        counters = [("foi.address", ip), ("foi.identity", identity), ("foi.identity", phone)]
    with antiabuse.reserve(*counters), transaction.atomic(durable=True):
        application, secret, created = _register(
            unit=unit, content=content, submission_key=submission_key, fingerprint=fingerprint,
            channel=Channel.ONLINE, received_on=None,
            actor=PUBLIC,  # a citizen: no account; the receipt needs no capability (transitions.py)
        )  # fmt: skip
        if created:
            for purpose, files in checked.items():
                documents.attach_applicant_files(application, purpose=purpose, files=files, actor=PUBLIC)
        return application, secret, created


@transaction.atomic
def register_application(
    *,
    actor: User | SystemActor,
    unit: Organization,
    data: dict,
    channel: str,
    received_on: dt.date | None,
    submission_key: str | None = None,
    oral_read_back: bool = False,
) -> tuple[Application, str, bool]:
    """Staff register an application that came by letter, fax, in person or orally (or a job loads one),
    with the day it was received (Art. 31). Returns (application, secret, created); a retried submission
    key returns the one already registered, as :func:`submit_application` does. An oral application
    (Art. 29) is written down by staff, read back to the applicant and confirmed: ``oral_read_back`` says
    so, and without it an oral application is refused; other channels ignore it."""
    require(can(actor, Capability.EDIT_CONTENT, unit))
    content = _content(data)
    oral_read_back = channel == Channel.ORAL and bool(oral_read_back)
    fingerprint = antiabuse.digest({"unit": unit.pk, "channel": channel, **content})
    replayed = _replay(submission_key, fingerprint)
    if replayed is not None:
        return replayed
    if channel != Channel.ONLINE and received_on is None:
        raise ValidationError(
            {
                "received_on": _(
                    "请填写收到申请的日期：当面提交为提交当日，邮寄为签收之日，平常信函和传真为确认之日。"
                )
            }
        )
    if received_on and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("收到申请日期不能晚于今天。")})
    if received_on and received_on < REGULATION_IN_FORCE:
        raise ValidationError(
            {"received_on": _("收到申请日期不能早于2008年5月1日（政府信息公开条例施行之日）。")}
        )
    if channel == Channel.ORAL and not oral_read_back:
        raise ValidationError({"oral_read_back": ORAL_READ_BACK_REQUIRED})
    _validate_identity(data)
    return _register(
        unit=unit, content=content, submission_key=submission_key, fingerprint=fingerprint,
        channel=channel, received_on=received_on, actor=actor, oral_read_back=oral_read_back,
    )  # fmt: skip


# No application is older than the first Regulation, in force from 1 May 2008 (rules.FIRST_YEAR).
REGULATION_IN_FORCE = dt.date(rules.FIRST_YEAR, 5, 1)

ORAL_READ_BACK_REQUIRED = gettext_lazy(
    "口头提出的申请，应当由工作人员代为填写，向申请人宣读记录内容并经申请人确认无误后登记（条例第二十九条）。"
)


def save_submission(record, *, submission_key: str | None, fingerprint: str):
    """Save a new submitted record (an application, a correction request): the resident ID number upper-cased,
    the model checked. Returns None once saved, or the record a parallel request with the same submission key
    saved first (the same content, else SubmissionConflict)."""
    if record.id_type == IdType.RESIDENT_ID:
        record.id_number = record.id_number.upper()
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # The same key raced in from a parallel request: the first one won; answer with it.
        if submission_key:
            existing = type(record).objects.get(submission_key=submission_key)
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing
        raise
    return None


def _register(
    *, unit, content, submission_key, fingerprint, channel, received_on, actor, oral_read_back=False
):
    secret = _secret_for(submission_key)
    application = Application(
        unit=unit,
        tracking_code=_tracking_code(),
        secret_hash=Application.hash_secret(normalize_secret(secret)),
        submission_key=submission_key or None,
        submission_digest=fingerprint,
        channel=channel,
        # Online applications are confirmed on submission: that is the receipt date (Art. 31(3)).
        received_on=received_on or timezone.localdate(),
        created_by=as_user(actor),
        oral_read_back=oral_read_back,
        **content,
    )
    existing = save_submission(application, submission_key=submission_key, fingerprint=fingerprint)
    if existing is not None:
        return existing, secret, False
    # The receipt is the first step of the table: it writes the status and the due date, and the audit.
    transitions.apply(
        actor=actor,
        application=application,
        kind=EventKind.RECEIVED,
        on=application.received_on,
        data={"channel": channel, **({"oral_read_back": True} if oral_read_back else {})},
    )
    application.refresh_from_db()
    return application, secret, True


def find_for_applicant(tracking_code: str, secret: str, *, ip: str | None = None) -> Application | None:
    """The application, if and only if both the code and the secret match. Failed lookups from one address
    are limited (``lookup.address``), so codes and secrets cannot be tried one after another."""
    antiabuse.ensure_allowed("lookup.address", ip)
    application = Application.objects.filter(tracking_code=tracking_code.strip().upper()[:20]).first()
    expected = Application.hash_secret(normalize_secret(secret))
    if application is None or not hmac.compare_digest(application.secret_hash, expected):
        antiabuse.count("lookup.address", ip)
        return None
    return application


def submit_correction(application: Application, *, text: str, files: list[tuple[str, bytes]] = ()) -> Event:
    """The applicant's correction (补正) through the tracking page, once ``find_for_applicant`` has found
    the application by its code and secret: recorded as 收到补正 on the day it arrives, which restarts the
    clock (Art. 30, ``clock.py``), with its files. Accepted while a correction is awaited and its deadline
    has not passed; nothing is written otherwise."""
    files = list(files)
    today = timezone.localdate()
    if application.status != Status.CORRECTION:
        raise ValidationError(_("本申请没有待补正的事项。"))
    if application.correction_due_on and today > application.correction_due_on:
        raise ValidationError(
            _("补正期限（%(d)s）已过，不能再在网上补正；如有正当理由，请与受理机关联系。")
            % {"d": f"{application.correction_due_on:%Y年%m月%d日}"}
        )
    text = (text or "").strip()
    if not text and not files:
        raise ValidationError({"text": _("请填写补正内容或上传补正材料。")})
    checked = documents.checked_files(
        files, documents.MATERIAL_KINDS, field="files", limit=documents.MATERIAL_MAX
    )
    with transaction.atomic(durable=True):
        event = transitions.apply(
            actor=PUBLIC, application=application, kind=EventKind.CORRECTION_RECEIVED, by_applicant=True,
            note=text, data={"through": "tracking_page", "files": len(checked)},
        )  # fmt: skip
        documents.attach_applicant_files(
            application, purpose=DocumentPurpose.CORRECTION, files=checked, actor=PUBLIC
        )
    return event


# Events ---------------------------------------------------------------------------------------------


@transaction.atomic
def record_event(
    *,
    actor: User | SystemActor,
    application: Application,
    kind: str,
    on: dt.date | None = None,
    note: str = "",
    **data,
) -> Event:
    """Record one step of the procedure (the table in ``transitions.py``); the due date and the status are
    recomputed from all events. The receipt is recorded by registration, never as a step."""
    if kind not in EventKind.values or kind == EventKind.RECEIVED:
        raise ValidationError({"kind": _("不认识的办理事项。")})
    return transitions.apply(actor=actor, application=application, kind=kind, on=on, note=note, data=data)


@transaction.atomic
def record_identity_view(*, actor: User, application: Application) -> None:
    """Who looked at an applicant's identity and contact details, and when (only those who reach it)."""
    require(access.applications_for(actor).filter(pk=application.pk).exists())
    audit.record(
        actor=actor,
        action="foi.application.identity_viewed",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
    )


# Closing lapsed applications (a scanner) --------------------------------------------------------------

LAPSE_NOTES = {
    Outcome.OTHER_OVERDUE_CORRECTION: "补正期限届满，申请人未补正，不再处理。",
    Outcome.OTHER_OVERDUE_FEE: "申请人逾期未缴纳信息处理费，不再处理。",
}


def _awaiting_correction(today: dt.date):
    return Application.objects.filter(status=Status.CORRECTION, correction_due_on__lt=today)


def _awaiting_payment():
    return Application.objects.filter(status=Status.FEE_PENDING)


def lapsed_applications(today: dt.date) -> list[tuple[Application, str]]:
    """Open applications whose correction period (Art. 30) or fee payment period (FEE_MEASURES_2020) ran
    out before ``today``, each with the outcome it closes with."""
    lapsed = [(application, Outcome.OTHER_OVERDUE_CORRECTION) for application in _awaiting_correction(today)]
    for application in _awaiting_payment():
        payment_due = transitions.recompute(application).fee_payment_due
        if payment_due and payment_due < today:
            lapsed.append((application, Outcome.OTHER_OVERDUE_FEE))
    return lapsed


@transaction.atomic
def close_lapsed(
    *, actor: User | SystemActor, application: Application, outcome: str, today: dt.date
) -> bool:
    """Close one lapsed application, if it is still waiting (the claim: a conditional update of its row, so
    of two runs at once only one closes it). True if this call closed it."""
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    still_waiting = (
        _awaiting_correction(today) if outcome == Outcome.OTHER_OVERDUE_CORRECTION else _awaiting_payment()
    )
    if not claims.claim(still_waiting, application.pk, version=F("version") + 1):
        return False
    record_event(
        actor=actor,
        application=application,
        kind=EventKind.CLOSED,
        on=today,
        outcome=outcome,
        note=LAPSE_NOTES[outcome],
    )
    return True


def resume_after_consultations(*, actor: User | SystemActor, today: dt.date | None = None) -> list[str]:
    """Applications still 征求意见中 whose consulted parties all let their deadlines pass (Arts. 32, 34):
    the clock runs again, so their status goes back to what the clock says (办理中, or 待缴费) and their due
    date is fixed; each change is audited. Returns their tracking codes. Idempotent (a claim per row)."""
    require(can(actor, Capability.EDIT_CONTENT))
    today = today or timezone.localdate()
    resumed = []
    for application in Application.objects.filter(status=Status.PAUSED).select_related("unit"):
        before = application.due_on  # recompute overwrites it
        state = transitions.recompute(application, today)
        status = transitions.derived_status(application.status, state)
        if status == Status.PAUSED or not can(actor, Capability.EDIT_CONTENT, application.unit):
            continue
        with transaction.atomic():
            if not claims.claim(
                Application.objects.filter(status=Status.PAUSED), application.pk,
                status=status, due_on=application.due_on, due_provisional=application.due_provisional,
                version=F("version") + 1,
            ):  # fmt: skip
                continue
            audit.record(
                actor=actor,
                action="foi.application.consultation_lapsed",
                obj=application,
                unit=application.unit,
                object_repr=application.tracking_code,
                changes={
                    "status": [Status.PAUSED, status],
                    "due_on": [
                        before.isoformat() if before else None,
                        application.due_on.isoformat() if application.due_on else None,
                    ],
                },
            )
        resumed.append(application.tracking_code)
    return resumed


def close_overdue(
    *, actor: User | SystemActor, today: dt.date | None = None, dry_run: bool = False
) -> list[str]:
    """Close every lapsed application; the tracking codes closed (with ``dry_run``: that would be closed,
    nothing written). Idempotent: a second run, or one running at the same time, closes nothing twice.
    The same daily run also puts back to work the applications whose consultations ran out
    (:func:`resume_after_consultations`; not in the codes returned: nothing is closed)."""
    require(can(actor, Capability.EDIT_CONTENT))
    today = today or timezone.localdate()
    lapsed = lapsed_applications(today)
    if dry_run:
        return [application.tracking_code for application, _outcome in lapsed]
    resume_after_consultations(actor=actor, today=today)
    return [
        application.tracking_code
        for application, outcome in lapsed
        if close_lapsed(actor=actor, application=application, outcome=outcome, today=today)
    ]


# Appeals and fees -------------------------------------------------------------------------------------


def save_appeal(*, actor: User | SystemActor, appeal: Appeal) -> Appeal:
    """Record or update a reconsideration or lawsuit about an application (table 4 of the annual report)."""
    if appeal.pk is not None:
        # Moving an appeal to another application needs the right over the one it leaves, too.
        current = Appeal.objects.select_related("application__unit").filter(pk=appeal.pk).first()
        if current is not None:
            require(can(actor, Capability.EDIT_CONTENT, current.application.unit))
    return records.save_record(
        actor=actor, obj=appeal, capability=Capability.EDIT_CONTENT, unit=appeal.application.unit
    )


@transaction.atomic
def charge_fee(
    *,
    actor: User | SystemActor,
    application: Application,
    basis: str,
    on: dt.date,
    quantity: int | None = None,
    received_on: dt.date | None = None,
    note: str = "",
) -> Event:
    """Issue a fee notice on one scale (never both). For ``per_piece`` the quantity is this application's
    place among the applicant's applications to this unit in the calendar month of its receipt."""
    from . import fees

    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if application.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists():
        raise ValidationError(_("每件申请只能选择一种收费方式、发出一次收费通知。"))
    if basis == fees.PER_PIECE:
        month = application.received_on.replace(day=1)
        quantity = Application.objects.filter(
            unit=application.unit,
            id_number=application.id_number,
            received_on__gte=month,
            received_on__lte=application.received_on,
        ).count()
        amount = fees.per_piece_rate(quantity)
    elif basis == fees.PER_PAGE:
        if not quantity or quantity < 1:
            raise ValidationError({"quantity": _("请填写页数。")})
        amount = fees.per_page_fee(quantity)
    else:
        raise ValidationError({"basis": _("收费方式应为按件或按量。")})
    if amount == 0:
        raise ValidationError(_("该数量在免费范围内，不应收费。"))
    return record_event(
        actor=actor,
        application=application,
        kind=EventKind.FEE_NOTICE_SENT,
        on=on,
        note=note,
        basis=basis,
        quantity=quantity,
        amount=str(amount),
        received_on=received_on or on,
    )


# Reminders (a scanner) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    application: Application
    threshold: int  # the REMINDER_DAYS threshold reached (5, 3 or 1)
    left: int  # working days left today


def due_reminders(today: dt.date) -> list[Reminder]:
    """The reminders due today: open applications that reached a threshold (5, 3, 1 working days before
    the due date) they were not yet reminded at."""
    due = []
    for application in Application.objects.open().filter(due_on__gte=today).select_related("unit"):
        left, _provisional = cal.working_days_between(today, application.due_on)
        threshold = min((t for t in rules.REMINDER_DAYS if left <= t), default=None)
        if threshold is None:
            continue
        if application.reminded_at_days is not None and application.reminded_at_days <= threshold:
            continue
        due.append(Reminder(application, threshold, left))
    return due


def _not_reminded_at(threshold: int):
    """Applications still to be reminded at ``threshold``: the claim's condition."""
    return Application.objects.open().filter(
        Q(reminded_at_days__isnull=True) | Q(reminded_at_days__gt=threshold)
    )


def send_reminder(*, actor: User | SystemActor, reminder: Reminder) -> bool:
    """Claim the reminder (a conditional update of ``reminded_at_days``) and e-mail the handling unit's
    staff; true if this call sent it. Of two runs at once only one claims it; the claim and its audit
    record commit with the queued mail (the worker sends it), so a crash neither loses nor doubles it."""
    application, threshold, left = reminder.application, reminder.threshold, reminder.left
    require(can(actor, Capability.EDIT_CONTENT, application.unit))
    recipients = application.unit.staff_emails()
    with transaction.atomic():
        if not claims.claim(_not_reminded_at(threshold), application.pk, reminded_at_days=threshold):
            return False
        audit.record(
            actor=actor,
            action="foi.application.reminded",
            obj=application,
            unit=application.unit,
            object_repr=application.tracking_code,
            changes={
                "reminded_at_days": [application.reminded_at_days, threshold],
                "days_left": [None, left],
            },
        )
        # Queued in the claim's transaction: the message leaves if and only if the claim commits.
        send_mail(
            subject=f"【依申请公开】{application.tracking_code} 距答复期限还有{left}个工作日",
            message=(
                f"申请 {application.tracking_code}（{application.description[:40]}）的答复期限为"
                f"{application.due_on:%Y年%m月%d日}，还有{left}个工作日。请及时办理。"
            ),
            recipient_list=recipients,
        )
    return True


def send_reminders(
    *, actor: User | SystemActor, today: dt.date | None = None, dry_run: bool = False
) -> list[tuple[str, int]]:
    """E-mail the handling unit's staff 5, 3 and 1 working days before a reply is due, once per threshold.
    Returns (tracking code, working days left) for each reminder sent (with ``dry_run``: due, nothing
    written or sent)."""
    require(can(actor, Capability.EDIT_CONTENT))
    today = today or timezone.localdate()
    due = due_reminders(today)
    if dry_run:
        return [(r.application.tracking_code, r.left) for r in due]
    return [(r.application.tracking_code, r.left) for r in due if send_reminder(actor=actor, reminder=r)]


def current_clock(application: Application) -> clock.Clock:
    """The clock as it stands today, with the days not counted and why (for the staff desk)."""
    return transitions.recompute(Application.objects.get(pk=application.pk))
