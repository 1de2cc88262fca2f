"""Consultations: comments with the same safeguards as messages, review with masking, grouping and the
adoption report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import antiabuse, audit, masking, phones, records
from gongkai.core.access import can
from gongkai.core.actors import PUBLIC, require

from . import access
from .models import (
    AttendanceApplication,
    Clause,
    Comment,
    CommentGroup,
    Consultation,
    DecisionCatalog,
    DecisionMatter,
    Invitation,
    Meeting,
    State,
)

CHALLENGE_SCOPE = "participation"
BODY_LIMIT = 5000


def new_challenge() -> dict:
    return antiabuse.new_challenge(CHALLENGE_SCOPE)


def _may_handle(actor, obj: models.Model) -> bool:
    """Whether ``actor`` may handle ``obj`` (its unit's reviewer, an office above it, or the system)."""
    return can(actor, access.WRITE, access.unit_of(obj))


def submit_comment(
    *, consultation: Consultation, body: str, name: str = "", contact: str = "", submission_key: str | None = None,
    ip: str = "", now=None, proof: antiabuse.Proof | None = None, clause: Clause | None = None,
    invitation: Invitation | None = None,
) -> tuple[Comment, bool]:  # fmt: skip
    """Record a comment while the consultation is open, on the whole draft or on one ``clause`` of it. The same
    submission key with the same content returns the comment already recorded (a double click or a retried
    request never makes two; other content is a conflict); (comment, created). A public comment brings its
    ``proof`` (the challenge, checked once); an invited one comes through its ``invitation``'s personal link
    instead (marked responded)."""
    now = now or timezone.now()
    body, name, contact = body.strip(), name.strip()[:100], contact.strip()[:100]
    fingerprint = antiabuse.digest(
        {"consultation": consultation.pk, "body": body, "name": name, "contact": contact,
         "clause": clause.pk if clause else None, "invitation": invitation.pk if invitation else None}
    )  # fmt: skip
    if submission_key:
        existing = Comment.objects.filter(submission_key=submission_key).first()
        if existing:
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
    state = consultation.state(now)
    if not consultation.is_published or state != State.OPEN:
        message = (
            _("本次征集尚未开始。") if state == State.UPCOMING else _("本次征集已经结束，不再接收意见。")
        )
        raise ValidationError(message)
    if clause is not None and clause.consultation_id != consultation.pk:
        raise ValidationError({"clause": _("所选条文不属于本次征集的草案。")})
    if invitation is not None and invitation.consultation_id != consultation.pk:
        raise ValidationError(_("该邀请链接不属于本次征集。"))
    if not body:
        raise ValidationError({"body": _("请填写您的意见建议。")})
    if len(body) > BODY_LIMIT:
        raise ValidationError({"body": _("意见建议不超过%(n)d字。") % {"n": BODY_LIMIT}})
    identity = None
    if contact and "@" not in contact:
        problem = phones.problem(contact)
        if problem:
            raise ValidationError({"contact": _("联系方式请填写电话号码或电子邮箱。") + problem})
        identity = phones.digits(contact)
    elif contact:
        identity = contact.lower()
    if proof is not None:
        antiabuse.verify(CHALLENGE_SCOPE, proof, registered=antiabuse.registered(Comment, submission_key))
    counters = [] if not ip else [
        ("comment.address", ip), ("comment.address_draft", f"{ip}|{consultation.pk}" if ip else ""),
        ("comment.identity", identity),
    ]  # fmt: skip
    with antiabuse.reserve(*counters), transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                comment = Comment.objects.create(
                    consultation=consultation, body=body, name=name, contact=contact, clause=clause,
                    invitation=invitation, submission_key=submission_key or None, submission_digest=fingerprint,
                    submitted_at=now,
                )  # fmt: skip
        except IntegrityError:  # the same key, submitted twice at once
            existing = Comment.objects.get(submission_key=submission_key)
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
        if invitation is not None and invitation.responded_at is None:
            Invitation.objects.filter(pk=invitation.pk, responded_at__isnull=True).update(responded_at=now)
        audit.record(
            actor=PUBLIC, action="participation.comment_received", obj=comment, unit=consultation.unit
        )
    return comment, True


# Back-office records: consultations, decision catalogs, meetings (proposals: proposals.py) ------------------


def _stored(obj: models.Model):
    """The stored row ``obj`` is about to change, locked (``None`` while adding)."""
    if obj._state.adding or obj.pk is None:
        return None
    return type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()


def _save_publishable(*, actor, obj: models.Model, m2m: dict | None = None):
    """Add or change a record the public sees once ``is_published``: the actor must handle the unit it is
    in (and the unit it leaves); publishing and unpublishing are recorded as such."""
    before = _stored(obj)
    require(before is None or _may_handle(actor, before))
    action = None
    if before is not None and obj.is_published != before.is_published:
        action = records.action_name(obj, "published" if obj.is_published else "unpublished")
    return records.save_record(
        actor=actor, obj=obj, capability=access.WRITE, unit=access.unit_of(obj), m2m=m2m, action=action
    )


@transaction.atomic
def save_consultation(*, actor, consultation: Consultation, kinds=None) -> Consultation:
    """Add or change a consultation (its kinds, draft, dates, contact, report); ticking 已发布 opens it to the
    public and is recorded as ``participation.consultation.published``. A period shorter than its kinds'
    minimum is refused unless ``shortened_reason`` says why (:func:`periods.check`); the draft is split into its
    clauses (:func:`clauses.refresh`). ``kinds`` None keeps the kinds it has."""
    from . import clauses, periods

    chosen = list(kinds) if kinds is not None else (list(consultation.kinds.all()) if consultation.pk else [])
    periods.check(consultation, chosen)
    m2m = None if kinds is None else {"kinds": chosen}
    saved = _save_publishable(actor=actor, obj=consultation, m2m=m2m)
    clauses.refresh(saved)
    return saved


@transaction.atomic
def save_catalog(*, actor, catalog: DecisionCatalog) -> DecisionCatalog:
    """Add or change a year's major-decision catalog; publishing it is recorded as such."""
    return _save_publishable(actor=actor, obj=catalog)


@transaction.atomic
def save_meeting(*, actor, meeting: Meeting, materials=None) -> Meeting:
    """Add or change an open meeting (and the documents it publishes as materials)."""
    m2m = None if materials is None else {"materials": materials}
    return _save_publishable(actor=actor, obj=meeting, m2m=m2m)


@transaction.atomic
def group_comment(*, actor, comment: Comment, group: CommentGroup | None) -> Comment:
    """Put a comment not yet reviewed into a group of the adoption report (or take it out of one)."""
    require(_may_handle(actor, comment))
    if group is not None and group.consultation_id != comment.consultation_id:
        raise ValidationError({"group": _("归类须属于同一次征集。")})
    stored = Comment.objects.select_for_update().get(pk=comment.pk)
    before = stored.group_id
    stored.group = group
    stored.save(update_fields=["group"])
    if before != stored.group_id:
        audit.record(actor=actor, action="participation.comment_grouped", obj=stored,
                     unit=stored.consultation.unit, changes={"group": [before, stored.group_id]})  # fmt: skip
    return stored


def _check_reply(summary: str, decision: str, reason: str) -> dict:
    """The errors of a group's summary and adoption reply, by field (empty when it may be saved)."""
    errors = {}
    if not summary.strip():
        errors["summary"] = _("请填写意见概要。")
    elif len(summary.strip()) > 300:
        errors["summary"] = _("意见概要不超过300字。")
    if decision and decision not in CommentGroup.Decision.values:
        errors["decision"] = _("请选择采纳情况。")
    elif decision and decision != CommentGroup.Decision.ADOPTED and not reason.strip():
        errors["reason"] = _("未采纳或部分采纳的，须说明理由，理由将公开。")
    return errors


@transaction.atomic
def save_group(
    *, actor, group: CommentGroup, summary: str, decision: str = "", reason: str = ""
) -> CommentGroup:
    """Change a group's summary and its adoption reply (采纳、部分采纳 or 未采纳, with the reason for anything
    not fully adopted), until the adoption report is published."""
    stored = CommentGroup.objects.select_for_update().select_related("consultation__unit").get(pk=group.pk)
    require(_may_handle(actor, stored))
    if stored.consultation.report_published_at:
        raise ValidationError(_("采纳情况已经发布，不能再修改。"))
    errors = _check_reply(summary, decision, reason)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(stored, ["summary", "decision", "reason"])
    stored.summary, stored.decision, stored.reason = summary.strip(), decision, reason.strip()
    stored.save(update_fields=["summary", "decision", "reason"])
    audit.record(actor=actor, action="participation.group_saved", obj=stored, unit=stored.consultation.unit,
                 changes=audit.diff(before, audit.snapshot(stored, ["summary", "decision", "reason"])))  # fmt: skip
    return stored


@transaction.atomic
def group_comments(
    *, actor, consultation: Consultation, comments, group: CommentGroup | None = None, summary: str = "",
    decision: str | None = None, reason: str = "", clause: Clause | None = None,
) -> CommentGroup:  # fmt: skip
    """Put several comments of one consultation into one group: an existing ``group`` (whose reply is
    rewritten when a ``decision`` is given), or a new one with ``summary`` and the optional reply. All or
    nothing: one bad choice leaves every comment where it was."""
    require(_may_handle(actor, consultation))
    comments = list(comments)
    errors = {}
    if consultation.report_published_at:
        raise ValidationError(_("采纳情况已经发布，不能再归类。"))
    if not comments:
        errors["comments"] = _("请至少选择一条意见。")
    elif any(c.consultation_id != consultation.pk for c in comments):
        errors["comments"] = _("只能选择本次征集的意见。")
    if group is not None and group.consultation_id != consultation.pk:
        errors["group"] = _("归类须属于同一次征集。")
    if clause is not None and clause.consultation_id != consultation.pk:
        errors["clause"] = _("所选条文不属于本次征集的草案。")
    if group is None and clause is None and comments:
        # Grouping comments on one clause ties the group to that clause.
        on = {c.clause_id for c in comments}
        if len(on) == 1 and None not in on:
            clause = comments[0].clause
    if group is None or decision is not None:
        reply = _check_reply(summary if group is None else group.summary, decision or "", reason)
        errors.update(reply)
    if errors:
        raise ValidationError(errors)
    if group is None:
        order = (consultation.groups.aggregate(top=models.Max("order"))["top"] or 0) + 1
        group = CommentGroup.objects.create(
            consultation=consultation, summary=summary.strip(), decision=decision or "",
            reason=reason.strip(), order=order, clause=clause,
        )  # fmt: skip
        audit.record(actor=actor, action="participation.group_created", obj=group, unit=consultation.unit,
                     changes={"summary": [None, group.summary], "decision": [None, group.decision]})  # fmt: skip
    elif decision is not None:
        group = save_group(actor=actor, group=group, summary=group.summary, decision=decision, reason=reason)
    for comment in comments:
        group_comment(actor=actor, comment=comment, group=group)
    return group


@transaction.atomic
def review_comment(*, actor, comment: Comment, publish: bool, group: CommentGroup | None = None) -> Comment:
    """Publish a comment (names, phone and ID numbers, addresses masked) or keep it off the site; it counts
    either way."""
    require(_may_handle(actor, comment))
    if group is not None and group.consultation_id != comment.consultation_id:
        raise ValidationError({"group": _("归类须属于同一次征集。")})
    comment.status = Comment.Status.PUBLISHED if publish else Comment.Status.HIDDEN
    comment.public_body = (
        masking.text(comment.body, names=[comment.name] if comment.name else []) if publish else ""
    )
    fields = ["status", "public_body"]
    if group is not None:
        comment.group = group
        fields.append("group")
    comment.save(update_fields=fields)  # only these: a stale instance must not undo a grouping or a reply
    audit.record(actor=actor, action="participation.comment_reviewed", obj=comment, unit=comment.consultation.unit,
                 changes={"status": [None, comment.status]})  # fmt: skip
    return comment


@transaction.atomic
def close(*, actor, consultation: Consultation, reason: str = "", now=None) -> Consultation:
    """End an open consultation now (it otherwise ends at its stated time). Ending early shortens the period:
    below its kinds' minimum it needs a ``reason`` (or the one already given), published beside the dates, as
    when the period is set short (:func:`periods.check`)."""
    from . import periods

    require(_may_handle(actor, consultation))
    now = now or timezone.now()
    locked = (
        Consultation.objects.select_for_update().only("ends_at", "shortened_reason").get(pk=consultation.pk)
    )
    consultation.ends_at, consultation.shortened_reason = locked.ends_at, locked.shortened_reason
    if consultation.state(now) != State.OPEN:
        raise ValidationError(_("只有征集中的草案可以结束征集。"))
    before = consultation.ends_at
    consultation.ends_at = now
    if reason.strip():
        consultation.shortened_reason = reason.strip()
    periods.check(consultation, list(consultation.kinds.all()))
    consultation.save(update_fields=["ends_at", "shortened_reason"])
    audit.record(actor=actor, action="participation.closed", obj=consultation, unit=consultation.unit,
                 changes={"ends_at": [before.isoformat(), now.isoformat()]})  # fmt: skip
    return consultation


def counts(consultation: Consultation) -> dict:
    """What the adoption report states: comments received, published, and per decision."""
    comments = consultation.comments.all()
    by_decision = dict(
        comments.exclude(group__decision="").values_list("group__decision").annotate(n=Count("pk")).order_by()
    )
    return {
        "received": comments.count(),
        "published": comments.filter(status=Comment.Status.PUBLISHED).count(),
        "adopted": by_decision.get(CommentGroup.Decision.ADOPTED, 0),
        "partly": by_decision.get(CommentGroup.Decision.PARTLY, 0),
        "not_adopted": by_decision.get(CommentGroup.Decision.NOT_ADOPTED, 0),
        "groups": consultation.groups.count(),
    }


@transaction.atomic
def publish_report(*, actor, consultation: Consultation, text: str = "", now=None) -> Consultation:
    """Publish the adoption report once the consultation has ended: every comment grouped, every group
    decided, and a reason for each one not (fully) adopted."""
    require(_may_handle(actor, consultation))
    now = now or timezone.now()
    locked = Consultation.objects.select_for_update().only("report_published_at").get(pk=consultation.pk)
    consultation.report_published_at = locked.report_published_at  # a second publish at once stops below
    if consultation.state(now) == State.REPORTED:
        raise ValidationError(_("采纳情况已经发布。"))
    if consultation.state(now) != State.CLOSED:
        raise ValidationError(_("征集结束后才能发布采纳情况。"))
    problems = []
    if consultation.comments.filter(group__isnull=True).exists():
        problems.append(_("还有未归类的意见：请将每条意见归入一类。"))
    for group in consultation.groups.all():
        if not group.decision:
            problems.append(_("“%(s)s”尚未填写采纳情况。") % {"s": group.summary})
        elif group.decision != CommentGroup.Decision.ADOPTED and not group.reason.strip():
            problems.append(_("“%(s)s”未采纳或部分采纳，须说明理由。") % {"s": group.summary})
    if problems:
        raise ValidationError(problems)
    consultation.report = text.strip() or consultation.report
    consultation.report_published_at = now
    consultation.save(update_fields=["report", "report_published_at"])
    audit.record(actor=actor, action="participation.report_published", obj=consultation, unit=consultation.unit,
                 changes={"comments": [None, counts(consultation)["received"]]})  # fmt: skip
    notify_commenters(actor=actor, consultation=consultation, now=now)
    return consultation


# Replies and feedback to the commenter ---------------------------------------------------------------------


@transaction.atomic
def reply_comment(*, actor, comment: Comment, reply: str, now=None) -> Comment:
    """Answer one comment; the reply is public with the (published) comment. Empty ``reply`` withdraws it."""
    require(_may_handle(actor, comment))
    reply = (reply or "").strip()
    if len(reply) > 2000:
        raise ValidationError({"reply": _("回复不超过2000字。")})
    stored = Comment.objects.select_for_update().select_related("consultation__unit").get(pk=comment.pk)
    before = stored.reply
    stored.reply = reply
    stored.replied_at = (now or timezone.now()) if reply else None
    stored.save(update_fields=["reply", "replied_at"])
    if before != reply:
        audit.record(actor=actor, action="participation.comment_replied", obj=stored,
                     unit=stored.consultation.unit, changes={"reply": [before or None, reply or None]})  # fmt: skip
    return stored


def is_email(contact: str) -> bool:
    return "@" in (contact or "") and " " not in contact.strip()


def treatment(comment: Comment) -> str:
    """How a comment was treated, in one sentence (for the notice to its author)."""
    group = comment.group
    where = comment.clause.label if comment.clause_id else _("草案整体")
    if group is None or not group.decision:
        return _("您对%(where)s提出的意见已收到。") % {"where": where}
    text = _("您对%(where)s提出的意见归入“%(summary)s”，处理结果：%(decision)s。") % {
        "where": where, "summary": group.summary, "decision": group.get_decision_display(),
    }  # fmt: skip
    if group.reason:
        text += _("理由：%(reason)s") % {"reason": group.reason}
    return text


def comment_link(comment: Comment, *, request=None) -> str:
    """An absolute address of the public page at the comment's clause (or at the report)."""
    from gongkai.sites.links import absolute_url

    consultation = comment.consultation
    anchor = comment.clause.anchor if comment.clause_id else "report"
    return f"{absolute_url(consultation.unit, consultation.get_absolute_url(), request=request)}#{anchor}"


def notify_commenters(*, actor, consultation: Consultation, now=None) -> int:
    """Tell each commenter who left an e-mail how their comment (and its clause) was treated: a queued mail
    with a link to the clause on the public page. Phone contacts cannot be mailed (no SMS gateway): they stay
    on the workspace list 待电话告知 until staff mark them told (:func:`mark_told`). Returns mails queued.
    The contact never goes into the audit record."""
    from gongkai.core.claims import claim
    from gongkai.core.tasks import send_mail

    now = now or timezone.now()
    sent = 0
    pending = consultation.comments.filter(notified_at__isnull=True).exclude(contact="")
    for comment in pending.select_related("clause", "group", "consultation__unit"):
        if not is_email(comment.contact) or not claim(pending, comment.pk, notified_at=now):
            continue  # a phone, or told by a run at the same time
        send_mail(
            subject=_("【意见征集】%(title)s 意见采纳情况已公布") % {"title": consultation.title},
            message=_("您好：\n\n%(treatment)s\n\n查看该条的意见和采纳情况：%(link)s\n\n%(unit)s")
            % {
                "treatment": treatment(comment),
                "link": comment_link(comment),
                "unit": consultation.unit,
            },
            recipient_list=[comment.contact.strip()],
        )
        audit.record(actor=actor, action="participation.commenter_notified", obj=comment,
                     unit=consultation.unit, changes={"by": [None, "email"]})  # fmt: skip
        sent += 1
    return sent


def to_phone(consultation: Consultation):
    """Comments whose authors left a phone number and are yet to be told of the report (staff call them)."""
    if not consultation.report_published_at:
        return Comment.objects.none()
    found = consultation.comments.filter(notified_at__isnull=True).exclude(contact="")
    return [c for c in found.select_related("clause", "group").order_by("pk") if not is_email(c.contact)]


@transaction.atomic
def mark_told(*, actor, comment: Comment, now=None) -> Comment:
    """Record that staff told the commenter by phone how the comment was treated."""
    require(_may_handle(actor, comment))
    if not comment.consultation.report_published_at:
        raise ValidationError(_("采纳情况发布后才能告知。"))
    if comment.notified_at:
        return comment
    comment.notified_at = now or timezone.now()
    comment.save(update_fields=["notified_at"])
    audit.record(actor=actor, action="participation.commenter_notified", obj=comment,
                 unit=comment.consultation.unit, changes={"by": [None, "phone"]})  # fmt: skip
    return comment


# The major-decision catalog -------------------------------------------------------------------------------

# status -> the statuses it may move to; adjusting and withdrawing need a reason the public page shows
MATTER_TRANSITIONS = {
    DecisionMatter.Status.PLANNED: {DecisionMatter.Status.CONSULTING, DecisionMatter.Status.DECIDED,
                                    DecisionMatter.Status.ADJUSTED, DecisionMatter.Status.WITHDRAWN},
    DecisionMatter.Status.CONSULTING: {DecisionMatter.Status.DECIDED, DecisionMatter.Status.ADJUSTED,
                                       DecisionMatter.Status.WITHDRAWN},
    DecisionMatter.Status.ADJUSTED: {DecisionMatter.Status.CONSULTING, DecisionMatter.Status.DECIDED,
                                     DecisionMatter.Status.WITHDRAWN},
    DecisionMatter.Status.DECIDED: set(),
    DecisionMatter.Status.WITHDRAWN: set(),
}  # fmt: skip
NEEDS_REASON = {DecisionMatter.Status.ADJUSTED, DecisionMatter.Status.WITHDRAWN}


def check_matter_status(matter: DecisionMatter, status: str, note: str, decision=None) -> None:
    """Whether ``matter`` may move to ``status``: the transition exists, a reason is given where one is due,
    and a decided matter names its decision document."""
    if status not in MATTER_TRANSITIONS.get(matter.status, set()):
        raise ValidationError(
            _("“%(a)s”的事项不能改为“%(b)s”。")
            % {"a": DecisionMatter.Status(matter.status).label, "b": DecisionMatter.Status(status).label}
        )
    if status in NEEDS_REASON and not note.strip():
        raise ValidationError({"status_note": _("调整或撤回决策事项须说明理由，理由将公开。")})
    if status == DecisionMatter.Status.DECIDED and decision is None and matter.decision is None:
        raise ValidationError({"decision": _("请关联已公开的决策文件。")})


@transaction.atomic
def set_matter_status(
    *, actor, matter: DecisionMatter, status: str, note: str = "", consultation=None, decision=None
) -> DecisionMatter:
    """Move a catalog matter along (拟决策 → 征求意见中 → 已决策, or 已调整 / 已撤回 with the reason)."""
    require(_may_handle(actor, matter))
    check_matter_status(matter, status, note, decision)
    before = matter.status
    matter.status, matter.status_note = status, note.strip()
    matter.consultation = consultation or matter.consultation
    matter.decision = decision or matter.decision
    matter.save()
    audit.record(actor=actor, action="participation.matter_status", obj=matter, unit=matter.catalog.unit,
                 changes={"status": [before, status]})  # fmt: skip
    return matter


# Open meetings --------------------------------------------------------------------------------------------


def apply_to_attend(
    *, meeting: Meeting, category: str, name: str, contact: str, organization: str = "", reason: str = "",
    submission_key: str | None = None, ip: str = "", now=None, proof: antiabuse.Proof | None = None,
) -> tuple[AttendanceApplication, bool]:  # fmt: skip
    """Apply to attend while applications are open; the same submission key with the same content returns
    the first application (other content is a conflict). A public application brings its ``proof``."""
    now = now or timezone.now()
    name, contact = name.strip(), contact.strip()
    organization, reason = organization.strip(), reason.strip()
    fingerprint = antiabuse.digest(
        {"meeting": meeting.pk, "category": category, "name": name, "contact": contact,
         "organization": organization, "reason": reason}
    )  # fmt: skip
    if submission_key:
        existing = AttendanceApplication.objects.filter(submission_key=submission_key).first()
        if existing:
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
    if not meeting.accepts_applications(now):
        raise ValidationError(_("本次会议不接受列席报名，或报名已截止。"))
    errors = {}
    if category not in AttendanceApplication.Category.values:
        errors["category"] = _("请选择身份类别。")
    if not name:
        errors["name"] = _("请填写姓名。")
    if not contact:
        errors["contact"] = _("请填写联系电话，以便通知您是否安排列席。")
    elif phones.problem(contact):
        errors["contact"] = phones.problem(contact)
    if errors:
        raise ValidationError(errors)
    if proof is not None:
        antiabuse.verify(
            CHALLENGE_SCOPE, proof, registered=antiabuse.registered(AttendanceApplication, submission_key)
        )
    counters = (
        [("meeting.address", ip), ("meeting.identity", f"{phones.digits(contact)}|{meeting.pk}")]
        if ip
        else []
    )
    with antiabuse.reserve(*counters), transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                application = AttendanceApplication.objects.create(
                    meeting=meeting, category=category, name=name, contact=contact,
                    organization=organization, reason=reason, submission_key=submission_key or None,
                    submission_digest=fingerprint, created_at=now,
                )  # fmt: skip
        except IntegrityError:
            existing = AttendanceApplication.objects.get(submission_key=submission_key)
            antiabuse.check_replay(existing.submission_digest, fingerprint)
            return existing, False
        audit.record(
            actor=PUBLIC, action="participation.attendance_applied", obj=application, unit=meeting.unit
        )
    return application, True


@transaction.atomic
def decide_application(*, actor, application: AttendanceApplication, selected: bool) -> AttendanceApplication:
    """Select an applicant to attend (within the seats) or decline."""
    meeting = application.meeting
    require(_may_handle(actor, meeting))
    if selected:
        taken = (
            meeting.applications.filter(status__in=["selected", "attended"])
            .exclude(pk=application.pk)
            .count()
        )
        if taken >= meeting.seats:
            raise ValidationError(_("列席名额（%(n)d人）已满。") % {"n": meeting.seats})
    application.status = (
        AttendanceApplication.Status.SELECTED if selected else AttendanceApplication.Status.DECLINED
    )
    application.save(update_fields=["status"])
    audit.record(actor=actor, action="participation.attendance_decided", obj=application, unit=meeting.unit,
                 changes={"status": [None, application.status]})  # fmt: skip
    return application


@transaction.atomic
def publish_outcome(*, actor, meeting: Meeting, decisions: str, withheld: str = "", now=None) -> Meeting:
    """After the meeting: its decisions and materials, and what is withheld with the reason."""
    require(_may_handle(actor, meeting))
    now = now or timezone.now()
    if now < meeting.held_at:
        raise ValidationError(_("会议召开后才能公开会议决定和材料。"))
    if not decisions.strip():
        raise ValidationError({"decisions": _("请填写会议决定事项。")})
    meeting.decisions, meeting.withheld, meeting.outcome_published_at = (
        decisions.strip(),
        withheld.strip(),
        now,
    )
    meeting.save(update_fields=["decisions", "withheld", "outcome_published_at"])
    audit.record(actor=actor, action="participation.meeting_outcome", obj=meeting, unit=meeting.unit)
    return meeting
