"""Legislators' suggestions and proposals (建议提案办理): the office assigns them, the lead unit replies with
the reply's category, the office records the deputy's or member's satisfaction, and an unsatisfied reply is
handled again.

The rules followed, as the handling rules of the people's congresses and the CPPCC set them:

- **Three months from assignment**: 《全国人民代表大会代表建议、批评和意见处理办法》 (and the provincial and
  municipal 人民代表大会代表建议、批评和意见办理办法 modelled on it) and the CPPCC's 提案办理办法 ask the handling
  unit to reply within three months of the day the suggestion or proposal is assigned (交办). The deadline
  defaults to that (:data:`REPLY_MONTHS`, counted with :func:`gongkai.core.dates.add_months`: 30 November +
  3 months = 28 or 29 February); the office may still set an earlier or later one (a matter assigned with its
  own deadline, or an extension granted).
- **The reply's category** (答复类别), as replies customarily state it: A 所提问题已经解决或采纳, B 正在解决或列入
  计划解决, C 因条件限制或其他原因暂不能解决 (a C reply must say why: the reply text is that reason).
- **Satisfaction** (征询意见表): the deputy or member returns the form with 满意 / 基本满意 / 不满意; the office
  records it after the reply. An unsatisfied reply is handled again (重新办理) and answered again within one
  month (:data:`REOPEN_MONTHS`): :func:`reopen` sets the new deadline; the first reply stays in the audit trail.
- **Reminders**: the lead unit sees the unreplied ones in its to-do list (urgent within :data:`URGENT_DAYS`
  days of the deadline and once overdue), the office sees the overdue ones, and ``gongkai
  send_proposal_reminders`` (daily) e-mails the lead unit once per stage: due soon, overdue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import audit, records
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.dates import add_months
from gongkai.core.models import AuditEvent
from gongkai.core.roles import Capability

from . import access
from .models import Proposal
from .services import _may_handle, _stored

REPLY_MONTHS = 3  # 代表建议、政协提案办理办法: reply within three months of assignment
REOPEN_MONTHS = 1  # 不满意的重新办理，一个月内再次答复
URGENT_DAYS = 15  # the lead unit's to-do turns urgent this many days before the deadline
OVERDUE_FOR_DAYS = 92  # an overdue reminder is not sent for matters long past (an import of old years)
REMINDED = "participation.proposal_reminded"

STAGES = {"due_soon": gettext_lazy("即将到期"), "overdue": gettext_lazy("已超过办理期限")}


def default_deadline(assigned_on: dt.date) -> dt.date:
    """Three calendar months from the day of assignment (the handling rules)."""
    return add_months(assigned_on, REPLY_MONTHS)


def category_errors(category: str) -> dict:
    if category not in Proposal.Category.values:
        return {
            "category": _(
                "请选择答复类别：A类（已解决或采纳）、B类（正在解决或列入计划解决）或C类（暂不能解决）。"
            )
        }
    return {}


@transaction.atomic
def save_proposal(*, actor, proposal: Proposal, co_units=None) -> Proposal:
    """The office assigns a suggestion or proposal to its lead unit (the deadline, left empty, is three months
    from assignment); the lead unit keeps its details. A reply typed in (new, or changed) goes through
    :func:`reply_proposal`, which checks and publishes it."""
    before = _stored(proposal)
    if before is None:
        require(can(actor, Capability.SUPERVISE, proposal.lead_unit))
    else:
        require(_may_handle(actor, before))
    if proposal.deadline is None and proposal.assigned_on:
        proposal.deadline = default_deadline(proposal.assigned_on)
    replying = bool(proposal.reply.strip()) and (
        before is None
        or proposal.reply != before.reply
        or proposal.category != before.category
        or proposal.status != Proposal.Status.REPLIED
    )
    m2m = None if co_units is None else {"co_units": co_units}
    saved = records.save_record(
        actor=actor, obj=proposal, capability=access.WRITE, unit=proposal.lead_unit, m2m=m2m
    )
    if replying:
        saved = reply_proposal(
            actor=actor, proposal=saved, text=saved.reply, replied_on=saved.replied_on, category=saved.category,
            public=saved.reply_public, not_public_reason=saved.not_public_reason,
        )  # fmt: skip
    return saved


@transaction.atomic
def reply_proposal(
    *, actor, proposal: Proposal, text: str, replied_on, category: str = "", public: bool = True,
    not_public_reason: str = "",
) -> Proposal:  # fmt: skip
    """The lead unit's reply with its category (A, B or C): its full text is published when it concerns the
    public interest, or the reason it is not."""
    require(_may_handle(actor, proposal))  # the lead unit replies (or an office above it)
    errors = category_errors(category)
    if not text.strip():
        errors["reply"] = (
            _("C类答复须说明暂不能解决的原因，请填写答复全文。")
            if category == Proposal.Category.C
            else _("请填写答复全文。")
        )
    if not public and not not_public_reason.strip():
        errors["not_public_reason"] = _("不公开答复全文的，须说明理由，理由将公开。")
    elif not public:
        limit = Proposal._meta.get_field("not_public_reason").max_length
        if len(not_public_reason.strip()) > limit:
            errors["not_public_reason"] = _("不公开理由不能超过%(n)d字。") % {"n": limit}
    if replied_on is None or replied_on < proposal.assigned_on:
        errors["replied_on"] = _("答复日期不能早于交办日期。")
    elif replied_on > timezone.localdate():
        errors["replied_on"] = _("答复日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    before = {"status": proposal.status, "category": proposal.category}
    proposal.reply, proposal.replied_on, proposal.category = text.strip(), replied_on, category
    proposal.reply_public, proposal.not_public_reason = public, "" if public else not_public_reason.strip()
    proposal.status = Proposal.Status.REPLIED
    proposal.save()
    changes = {"status": [before["status"], Proposal.Status.REPLIED]}
    if before["category"] != category:
        changes["category"] = [before["category"], category]
    audit.record(
        actor=actor, action="participation.proposal_replied", obj=proposal, unit=proposal.lead_unit,
        changes=changes,
    )  # fmt: skip
    return proposal


@transaction.atomic(durable=True)
def record_satisfaction(*, actor, proposal: Proposal, satisfaction: str, returned_on: dt.date) -> Proposal:
    """The office records the satisfaction the deputy or member returned on the 征询意见表 (after the reply)."""
    stored = Proposal.objects.select_for_update().select_related("lead_unit").get(pk=proposal.pk)
    require(can(actor, Capability.SUPERVISE, stored.lead_unit))
    if stored.status != Proposal.Status.REPLIED:
        raise ValidationError(_("答复后才能登记代表委员的满意度。"))
    errors = {}
    if satisfaction not in Proposal.Satisfaction.values:
        errors["satisfaction"] = _("请选择满意、基本满意或不满意。")
    if returned_on is None or (stored.replied_on and returned_on < stored.replied_on):
        errors["satisfaction_on"] = _("意见反馈日期不能早于答复日期。")
    elif returned_on > timezone.localdate():
        errors["satisfaction_on"] = _("意见反馈日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    before = [stored.satisfaction, stored.satisfaction_on.isoformat() if stored.satisfaction_on else None]
    stored.satisfaction, stored.satisfaction_on = satisfaction, returned_on
    stored.save(update_fields=["satisfaction", "satisfaction_on"])
    audit.record(
        actor=actor, action="participation.proposal_satisfaction", obj=stored, unit=stored.lead_unit,
        changes={"satisfaction": [before[0], satisfaction], "satisfaction_on": [before[1], returned_on.isoformat()]},
    )  # fmt: skip
    return stored


@transaction.atomic(durable=True)
def reopen(*, actor, proposal: Proposal, today: dt.date | None = None) -> Proposal:
    """An unsatisfied reply is handled again (重新办理): back to the lead unit with a deadline one month away.
    The first reply, its category and the satisfaction are kept in the audit record (the public page shows
    the new reply once given)."""
    stored = Proposal.objects.select_for_update().select_related("lead_unit").get(pk=proposal.pk)
    require(can(actor, Capability.SUPERVISE, stored.lead_unit))
    if stored.status != Proposal.Status.REPLIED or stored.satisfaction != Proposal.Satisfaction.DISSATISFIED:
        raise ValidationError(_("只有代表委员不满意的答复才能重新办理。"))
    today = today or timezone.localdate()
    first = {
        "reply": stored.reply, "category": stored.category, "replied_on": stored.replied_on.isoformat(),
        "deadline": stored.deadline.isoformat(), "satisfaction": stored.satisfaction,
        "satisfaction_on": stored.satisfaction_on.isoformat() if stored.satisfaction_on else None,
    }  # fmt: skip
    stored.status, stored.deadline = Proposal.Status.ASSIGNED, add_months(today, REOPEN_MONTHS)
    stored.reply, stored.replied_on, stored.category = "", None, ""
    stored.satisfaction, stored.satisfaction_on = "", None
    stored.save()
    audit.record(
        actor=actor, action="participation.proposal_reopened", obj=stored, unit=stored.lead_unit,
        changes={"status": [Proposal.Status.REPLIED, Proposal.Status.ASSIGNED],
                 "deadline": [first["deadline"], stored.deadline.isoformat()], "first_reply": first},
    )  # fmt: skip
    return stored


# Statistics and the annual report --------------------------------------------------------------------------

COUNTS = (
    "npc", "cppcc", "total", "replied", "on_time", "late", "overdue", "pending", "A", "B", "C",
    "satisfied", "basically", "dissatisfied", "returned",
)  # fmt: skip


def _rate(row: dict) -> float | None:
    if not row["returned"]:
        return None
    return round(100 * (row["satisfied"] + row["basically"]) / row["returned"], 1)


def proposal_statistics(units, year: int, today: dt.date | None = None) -> list[dict]:
    """Per lead unit: NPC suggestions and CPPCC proposals handled, replied (on time, late), not replied
    (overdue, still in time), replies by category, satisfaction returned and the satisfaction rate (满意 and
    基本满意 of those returned, in %) — for the workspace and the annual report's account of 建议提案办理."""
    today = today or timezone.localdate()
    rows = {u.pk: {"unit": u, **dict.fromkeys(COUNTS, 0)} for u in units}
    found = Proposal.objects.filter(lead_unit__in=list(rows), year=year).only(
        "lead_unit", "kind", "status", "deadline", "replied_on", "category", "satisfaction"
    )
    for proposal in found:
        row = rows[proposal.lead_unit_id]
        row[proposal.kind] += 1
        row["total"] += 1
        if proposal.status == Proposal.Status.REPLIED:
            row["replied"] += 1
            row["on_time" if proposal.on_time else "late"] += 1
            if proposal.category:
                row[proposal.category] += 1
            if proposal.satisfaction:
                row[proposal.satisfaction] += 1
                row["returned"] += 1
        elif proposal.deadline < today:
            row["overdue"] += 1
        else:
            row["pending"] += 1
    listed = [r for r in rows.values() if r["total"]]
    for row in listed:
        row["rate"] = _rate(row)
    return listed


def totals(rows: Iterable[dict]) -> dict:
    """The rows summed (the 合计 line), with its satisfaction rate."""
    total = dict.fromkeys(COUNTS, 0)
    for row in rows:
        for key in COUNTS:
            total[key] += row[key]
    total["rate"] = _rate(total)
    return total


def report_figures(units, year: int, today: dt.date | None = None) -> dict:
    """The year's counts for the annual report (六、其他需要报告的事项) and the sentence that states them."""
    figures = totals(proposal_statistics(units, year, today))
    figures["text"] = report_text(figures)
    return figures


def report_text(f: dict) -> str:
    """「全年承办人大代表建议N件、政协提案M件，均按期办结；答复A类x件、B类y件、C类z件；代表委员满意或基本满意的k件，
    满意率p%。」 — or the empty string when the unit handled none."""
    if not f["total"]:
        return ""
    parts = [_("全年承办人大代表建议%(npc)d件、政协提案%(cppcc)d件") % f]
    if f["replied"] == f["total"] and not f["late"]:
        parts[0] += _("，均按期办结")
    else:
        done = _("已答复%(replied)d件，其中按期答复%(on_time)d件") % f
        if f["late"]:
            done += _("、逾期答复%(late)d件") % f
        if f["overdue"]:
            done += _("，逾期未答复%(overdue)d件") % f
        if f["pending"]:
            done += _("，正在办理%(pending)d件") % f
        parts.append(done)
    if f["replied"]:
        parts.append(_("答复A类%(A)d件、B类%(B)d件、C类%(C)d件") % f)
    if f["returned"]:
        k = f["satisfied"] + f["basically"]
        parts.append(
            _("收回征询意见表%(n)d份，代表委员满意或基本满意的%(k)d件，满意率%(p)s%%")
            % {"n": f["returned"], "k": k, "p": f"{f['rate']:g}"}
        )
    return "；".join(parts) + "。"


# Reminders ---------------------------------------------------------------------------------------------------


def stage(proposal: Proposal, today: dt.date) -> str | None:
    """Which reminder an unreplied proposal is at today: due soon (within :data:`URGENT_DAYS` days), overdue."""
    if proposal.status != Proposal.Status.ASSIGNED:
        return None
    if proposal.deadline < today:
        return "overdue" if (today - proposal.deadline).days <= OVERDUE_FOR_DAYS else None
    return "due_soon" if (proposal.deadline - today).days <= URGENT_DAYS else None


def _reminded(proposal: Proposal, stage_: str) -> bool:
    return AuditEvent.objects.filter(
        action=REMINDED, object_type=Proposal._meta.label_lower, object_id=str(proposal.pk),
        changes__stage=stage_, changes__deadline=proposal.deadline.isoformat(),
    ).exists()  # fmt: skip


def due_reminders(today: dt.date) -> list[tuple[Proposal, str]]:
    """Each (proposal, stage) to remind today and not yet reminded for this deadline."""
    waiting = Proposal.objects.filter(
        status=Proposal.Status.ASSIGNED,
        deadline__lte=today + dt.timedelta(days=URGENT_DAYS),
        deadline__gte=today - dt.timedelta(days=OVERDUE_FOR_DAYS),
    ).select_related("lead_unit")
    due = [(p, stage(p, today)) for p in waiting.order_by("deadline", "pk")]
    sent = {
        (e["object_id"], e["changes"].get("stage"), e["changes"].get("deadline"))
        for e in AuditEvent.objects.filter(
            action=REMINDED,
            object_type=Proposal._meta.label_lower,
            object_id__in=[str(p.pk) for p, _s in due],
        ).values("object_id", "changes")
    }
    return [(p, s) for p, s in due if s and (str(p.pk), s, p.deadline.isoformat()) not in sent]


def send_reminder(*, actor, proposal: Proposal, stage_: str) -> bool:
    """Record the ``stage_`` reminder of ``proposal`` once and e-mail the lead unit's staff; False if it was
    sent already (by another run at the same time) or the proposal was replied meanwhile.

    There is no reminder column on a proposal: the audit record is the mark. The row is first taken with a
    conditional ``UPDATE`` (a no-op write that locks it on PostgreSQL and takes SQLite's write lock), so a
    second run waits here and then sees the first run's record."""
    require(can(actor, Capability.SUPERVISE, proposal.lead_unit))
    with transaction.atomic():
        still = Proposal.objects.filter(
            pk=proposal.pk, status=Proposal.Status.ASSIGNED, deadline=proposal.deadline
        ).update(deadline=F("deadline"))
        if not still or _reminded(proposal, stage_):
            return False
        recipients = proposal.lead_unit.staff_emails()
        audit.record(
            actor=actor, action=REMINDED, obj=proposal, unit=proposal.lead_unit,
            changes={"stage": stage_, "deadline": proposal.deadline.isoformat(), "recipients": len(recipients)},
        )  # fmt: skip
    if recipients:
        from gongkai.core.tasks import send_mail  # queued for the worker

        send_mail(
            subject=_("【建议提案】%(p)s %(s)s")
            % {"p": f"{proposal.get_kind_display()}{proposal.number}", "s": STAGES[stage_]},
            message=_("“%(t)s”的办理期限为%(d)s，请及时答复，并在后台“建议提案”填写答复全文和答复类别。")
            % {"t": proposal.title, "d": f"{proposal.deadline:%Y年%m月%d日}"},
            from_email=None,
            recipient_list=recipients,
        )
    return True


def send_reminders(*, actor, today: dt.date | None = None, dry_run: bool = False) -> list[tuple[str, str]]:
    """E-mail the lead unit within :data:`URGENT_DAYS` days of the deadline and once it has passed, once each
    per deadline. Returns (number, stage) of each reminder sent, or with ``dry_run`` each due (nothing is
    written). A scanner runs as ``system("send_proposal_reminders")``."""
    require(can(actor, Capability.SUPERVISE))
    sent = []
    for proposal, stage_ in due_reminders(today or timezone.localdate()):
        if dry_run or send_reminder(actor=actor, proposal=proposal, stage_=stage_):
            sent.append((f"{proposal.get_kind_display()}{proposal.number}", stage_))
    return sent
