"""Every change to an application: intake, each event of the statutory procedure, and the answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, idcard, phones
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.codes import unique_code
from gongkai.core.models import Organization, User
from gongkai.core.roles import Capability

from . import clock, rules
from .models import (
    OUTCOME_BASIS,
    ApplicantType,
    Application,
    Channel,
    Event,
    EventKind,
    IdType,
    Outcome,
    Status,
)

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "doc_number_hint",
    "purpose",
    "form",
    "delivery",
)

CHALLENGE_SCOPE = "foi"


def new_challenge() -> dict:
    return antiabuse.new_challenge(CHALLENGE_SCOPE)


# Outcomes that end an application without a reply on the merits.
CLOSING_OUTCOMES = {Outcome.OTHER_OVERDUE_CORRECTION, Outcome.OTHER_OVERDUE_FEE, Outcome.OTHER_MISC}


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


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


def _recompute(application: Application, today: dt.date | None = None) -> clock.Clock:
    events = [clock.Event(e.kind, e.on, _typed(e.data)) for e in application.events.order_by("on", "pk")]
    today = today or timezone.localdate()
    first = min([application.received_on, *[e.on for e in events]])
    calendar = cal.load(first, max(today, first) + dt.timedelta(days=400))
    state = clock.compute(application.received_on, events, calendar, today)
    application.due_on, application.due_provisional = state.due, state.provisional
    application.correction_due_on = state.correction_due
    if application.status not in (Status.ANSWERED, Status.CLOSED):
        application.status = {
            "correction": Status.CORRECTION,
            "paused": Status.FEE_PENDING if state.fee_payment_due else Status.PAUSED,
        }.get(state.state, Status.IN_PROGRESS)
    return state


def _typed(data: dict) -> dict:
    """Dates are stored in events' JSON as ISO strings; the clock wants dates."""
    out = dict(data)
    for key in ("deadline", "new_due", "received_on", "party_received_on"):
        if isinstance(out.get(key), str):
            out[key] = dt.date.fromisoformat(out[key])
    return out


def _jsonable(data: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if v not in (None, "")
    }


def submit_application(
    *,
    unit: Organization,
    data: dict,
    submission_key: str | None = None,
    channel: str = Channel.ONLINE,
    received_on: dt.date | None = None,
    actor: User | None = None,
    proof: antiabuse.Proof | None = None,
    ip: str | None = None,
) -> tuple[Application, str, bool]:
    """Register an application. Returns (application, secret, created). The same ``submission_key`` with the
    same content (a double click, a retried request) returns the application already registered; with other
    content, SubmissionConflict and nothing about the first. A public application brings its ``proof`` (the
    challenge, checked once) and counts against the limits per address and identity only once registered."""
    content = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in APPLICANT_FIELDS}
    fingerprint = antiabuse.digest({"unit": unit.pk, "channel": channel, **content})
    if submission_key:
        existing = Application.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, _secret_for(submission_key), False
    if actor is not None:
        _require(can(actor, Capability.EDIT_CONTENT, unit))
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
    _validate_identity(data)
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof, registered=antiabuse.registered(Application, submission_key))
    counters = []
    if actor is None and ip:  # a request from the public; letters and walk-ins registered by staff are not
        identity = str(content.get("id_number", "")).upper()
        phone = phones.digits(content.get("phone", ""))
        counters = [("foi.address", ip), ("foi.identity", identity), ("foi.identity", phone)]
    with antiabuse.reserve(*counters), transaction.atomic():
        return _register(
            unit=unit, content=content, submission_key=submission_key, fingerprint=fingerprint,
            channel=channel, received_on=received_on, actor=actor,
        )  # fmt: skip


def _register(*, unit, content, submission_key, fingerprint, channel, received_on, actor):
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
        created_by=actor,
        **content,
    )
    if application.id_type == IdType.RESIDENT_ID:
        application.id_number = application.id_number.upper()
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # The same key raced in from a parallel request: the first one won; answer with it.
        if submission_key:
            existing = Application.objects.get(submission_key=submission_key)
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, secret, False
        raise
    Event.objects.create(
        application=application, kind=EventKind.RECEIVED, on=application.received_on, actor=actor,
        data={"channel": channel},
    )  # fmt: skip
    _recompute(application)
    application.save()
    Event.objects.filter(application=application).update(due_on_after=application.due_on)
    audit.record(
        actor=actor,
        action="foi.application.received",
        obj=application,
        unit=unit,
        object_repr=application.tracking_code,
        changes={"channel": [None, channel], "received_on": [None, application.received_on.isoformat()]},
    )
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


# Events ---------------------------------------------------------------------------------------------


def _check_event(application: Application, kind: str, on: dt.date, data: dict, calendar) -> None:
    open_states = {Status.RECEIVED, Status.IN_PROGRESS, Status.PAUSED, Status.FEE_PENDING}
    events = list(application.events.all())
    kinds = [e.kind for e in events]
    if on < application.received_on:
        raise ValidationError({"on": _("日期不能早于收到申请的日期。")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("不能登记今天以后才发生的事项。")})
    if kind == EventKind.CORRECTION_REQUESTED:
        if EventKind.CORRECTION_REQUESTED in kinds:
            raise ValidationError(_("补正应一次性告知（条例第三十条），本申请已要求过补正。"))
        if application.status not in open_states:
            raise ValidationError(_("当前状态不能要求补正。"))
        last = clock.correction_request_deadline(application.received_on, calendar)
        if on > last:
            raise ValidationError(
                {
                    "on": _("应在收到申请之日起7个工作日内（%(last)s前）一次性告知补正（条例第三十条）。")
                    % {"last": last}
                }
            )
    elif kind == EventKind.CORRECTION_RECEIVED:
        if application.status != Status.CORRECTION:
            raise ValidationError(_("本申请没有待补正的事项。"))
        requested = max(e.on for e in events if e.kind == EventKind.CORRECTION_REQUESTED)
        if on < requested:
            raise ValidationError({"on": _("收到补正的日期不能早于要求补正的日期。")})
    elif kind == EventKind.CONSULTATION_STARTED:
        if application.status not in open_states:
            raise ValidationError(_("当前状态不能征求意见。"))
        if not data.get("party"):
            raise ValidationError({"party": _("请填写被征求意见的第三方或机关。")})
    elif kind == EventKind.CONSULTATION_ENDED:
        started = [e.data.get("party") for e in events if e.kind == EventKind.CONSULTATION_STARTED]
        ended = [e.data.get("party") for e in events if e.kind == EventKind.CONSULTATION_ENDED]
        if data.get("party") not in started or started.count(data.get("party")) <= ended.count(
            data.get("party")
        ):
            raise ValidationError(
                {"party": _("没有正在征求“%(p)s”意见的记录。") % {"p": data.get("party", "")}}
            )
    elif kind == EventKind.EXTENDED:
        if application.status not in open_states:
            raise ValidationError(_("当前状态不能延长答复期限。"))
        if EventKind.EXTENDED in kinds:
            raise ValidationError(_("答复期限只能延长一次，最长20个工作日（条例第三十三条）。"))
        days = int(data.get("days") or 0)
        if not 1 <= days <= rules.T_EXTENSION_MAX:
            raise ValidationError({"days": _("延长期限应为1至20个工作日。")})
        if not data.get("approver") or not data.get("reason"):
            raise ValidationError(
                {"approver": _("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人和理由。")}
            )
        if application.due_on and on > application.due_on:
            raise ValidationError({"on": _("答复期限已过，不能再延长。")})
    elif kind == EventKind.DELAYED_EXCESSIVE:
        new_due = data.get("new_due")
        if not new_due or not data.get("reason"):
            raise ValidationError({"new_due": _("请填写确定的答复期限和理由（条例第三十五条）。")})
        if application.due_on and new_due <= application.due_on:
            raise ValidationError({"new_due": _("延迟答复的期限应晚于原答复期限。")})
    elif kind == EventKind.FEE_NOTICE_SENT:
        if not data.get("amount"):
            raise ValidationError({"amount": _("请填写收费金额。")})
    elif kind == EventKind.FEE_PAID:
        if application.status != Status.FEE_PENDING:
            raise ValidationError(_("本申请没有待缴的费用。"))
    elif kind == EventKind.TRANSFERRED:
        if application.status not in open_states | {Status.CORRECTION}:
            raise ValidationError(_("已答复的申请不能转办。"))
    elif kind == EventKind.ANSWERED:
        if application.status not in open_states:
            raise ValidationError(_("当前状态不能作出答复。"))
        if data.get("outcome") not in Outcome.values or data.get("outcome") in CLOSING_OUTCOMES:
            raise ValidationError({"outcome": _("请选择办理结果。")})
        if not data.get("reply_text", "").strip():
            raise ValidationError({"reply_text": _("请填写答复内容。")})
        if data["outcome"] == Outcome.PARTIAL and not data.get("withheld_note", "").strip():
            raise ValidationError(
                {"withheld_note": _("部分公开的，应写明不予公开的部分及理由（条例第三十七条）。")}
            )
    elif kind == EventKind.DELIVERED:
        if application.status != Status.ANSWERED:
            raise ValidationError(_("作出答复后才能登记送达。"))
        if not data.get("method"):
            raise ValidationError({"method": _("请填写送达方式。")})
    elif kind == EventKind.CLOSED:
        if application.status == Status.CLOSED:
            raise ValidationError(_("本申请已办结。"))
        if application.status != Status.ANSWERED and data.get("outcome") not in CLOSING_OUTCOMES:
            raise ValidationError({"outcome": _("未作出答复而办结的，请选择“其他处理”中的一项。")})
        if data.get("outcome") == Outcome.OTHER_OVERDUE_CORRECTION and (
            application.status != Status.CORRECTION
            or not application.correction_due_on
            or on <= application.correction_due_on
        ):
            raise ValidationError({"outcome": _("补正期限届满后，才能按逾期不补正处理。")})
        if data.get("outcome") == Outcome.OTHER_OVERDUE_FEE:
            payment_due = _fee_payment_due(application) if application.status == Status.FEE_PENDING else None
            if payment_due is None or on <= payment_due:
                raise ValidationError({"outcome": _("缴费期限届满后，才能按逾期未缴费处理。")})


@transaction.atomic
def record_event(
    *,
    actor: User | None,
    application: Application,
    kind: str,
    on: dt.date | None = None,
    note: str = "",
    **data,
) -> Event:
    """Record one step; the due date and status are recomputed from all events."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if actor is not None:
        _require(can(actor, Capability.EDIT_CONTENT, application.unit))
    if kind not in EventKind.values or kind == EventKind.RECEIVED:
        raise ValidationError({"kind": _("不认识的办理事项。")})
    on = on or timezone.localdate()
    calendar = cal.load(application.received_on, max(on, timezone.localdate()) + dt.timedelta(days=400))
    _recompute(application)
    _check_event(application, kind, on, data, calendar)

    if kind == EventKind.CORRECTION_REQUESTED and not data.get("deadline"):
        data["deadline"] = cal.add_working_days(on, rules.T_CORRECTION_DEFAULT).due
    if kind == EventKind.CONSULTATION_STARTED and data.get("party_received_on"):
        data["answer_due"] = clock.consultation_deadline(data["party_received_on"], calendar)
    if kind == EventKind.TRANSFERRED:
        target = data.pop("to_unit")
        data.update(from_unit=application.unit.name, to_unit=target.name, to_unit_id=target.pk)
        application.unit = target
    if kind == EventKind.ANSWERED:
        application.outcome = data["outcome"]
        application.legal_basis = data.get("legal_basis") or OUTCOME_BASIS.get(data["outcome"], "")
        application.reply_text = data["reply_text"].strip()
        application.withheld_note = data.get("withheld_note", "").strip()
        application.answered_on = on
        application.status = Status.ANSWERED
    if kind == EventKind.DELIVERED or kind == EventKind.CLOSED:
        if data.get("outcome") and not application.outcome:
            application.outcome = data["outcome"]
            application.legal_basis = data.get("legal_basis") or OUTCOME_BASIS.get(data["outcome"], "")
            application.answered_on = application.answered_on or on
        application.status = Status.CLOSED
        application.closed_on = on

    event = Event.objects.create(
        application=application, kind=kind, on=on, note=note, data=_jsonable(data), actor=actor
    )
    _recompute(application)
    application.version += 1
    application.save()
    event.due_on_after = application.due_on
    event.save(update_fields=["due_on_after"])
    audit.record(
        actor=actor,
        action=f"foi.application.{kind}",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
        changes={
            "on": [None, on.isoformat()],
            "due_on": [None, application.due_on.isoformat() if application.due_on else None],
        },
    )
    return event


def record_identity_view(*, actor: User, application: Application) -> None:
    """Who looked at an applicant's identity and contact details, and when."""
    audit.record(
        actor=actor,
        action="foi.application.identity_viewed",
        obj=application,
        unit=application.unit,
        object_repr=application.tracking_code,
    )


def _fee_payment_due(application: Application) -> dt.date | None:
    return _recompute(application).fee_payment_due


def close_overdue(*, today: dt.date | None = None, dry_run: bool = False) -> list[str]:
    """Close applications whose correction period (Art. 30) or fee payment period (FEE_MEASURES_2020) has
    run out. Idempotent: a second run finds nothing left to close."""
    today = today or timezone.localdate()
    lapsed = [
        (application, Outcome.OTHER_OVERDUE_CORRECTION, "补正期限届满，申请人未补正，不再处理。")
        for application in Application.objects.filter(status=Status.CORRECTION, correction_due_on__lt=today)
    ]
    for application in Application.objects.filter(status=Status.FEE_PENDING):
        payment_due = _fee_payment_due(application)
        if payment_due and payment_due < today:
            lapsed.append((application, Outcome.OTHER_OVERDUE_FEE, "申请人逾期未缴纳信息处理费，不再处理。"))
    codes = [application.tracking_code for application, _outcome, _note in lapsed]
    if dry_run:
        return codes
    for application, outcome, note in lapsed:
        try:
            record_event(
                actor=None,
                application=application,
                kind=EventKind.CLOSED,
                on=today,
                outcome=outcome,
                note=note,
            )
        except ValidationError:
            continue  # another run got there first
    return codes


@transaction.atomic
def save_appeal(*, actor: User | None, appeal) -> None:
    """Record or update a reconsideration or lawsuit about an application."""
    if actor is not None:
        _require(can(actor, Capability.EDIT_CONTENT, appeal.application.unit))
    created = appeal.pk is None
    appeal.full_clean()
    appeal.save()
    audit.record(
        actor=actor,
        action="foi.appeal.created" if created else "foi.appeal.changed",
        obj=appeal,
        unit=appeal.application.unit,
        changes={"kind": [None, appeal.kind], "result": [None, appeal.result]},
    )


@transaction.atomic
def charge_fee(
    *,
    actor: User | None,
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


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> list[tuple[str, int]]:
    """E-mail the handling unit's staff 5, 3 and 1 working days before a reply is due, once per threshold;
    a conditional update claims each reminder, so parallel runs never send it twice."""
    from gongkai.core.models import User as Staff
    from gongkai.core.tasks import send_mail  # queued for the worker

    today = today or timezone.localdate()
    sent = []
    candidates = Application.objects.open().filter(due_on__gte=today).select_related("unit")
    for application in candidates:
        left, _provisional = cal.working_days_between(today, application.due_on)
        threshold = min((t for t in rules.REMINDER_DAYS if left <= t), default=None)
        if threshold is None or (
            application.reminded_at_days is not None and application.reminded_at_days <= threshold
        ):
            continue
        if dry_run:
            sent.append((application.tracking_code, left))
            continue
        claimed = Application.objects.filter(
            pk=application.pk, reminded_at_days=application.reminded_at_days
        ).update(reminded_at_days=threshold)
        if not claimed:
            continue
        recipients = list(
            Staff.objects.filter(unit=application.unit, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if recipients:
            send_mail(
                subject=f"【依申请公开】{application.tracking_code} 距答复期限还有{left}个工作日",
                message=(
                    f"申请 {application.tracking_code}（{application.description[:40]}）的答复期限为"
                    f"{application.due_on:%Y年%m月%d日}，还有{left}个工作日。请及时办理。"
                ),
                from_email=None,
                recipient_list=recipients,
            )
        sent.append((application.tracking_code, left))
    return sent


def current_clock(application: Application) -> clock.Clock:
    """The clock as it stands today, with the days not counted and why (for the staff desk)."""
    return _recompute(Application.objects.get(pk=application.pk))
