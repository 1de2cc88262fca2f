"""Legislators' suggestions and proposals (建议提案办理): the office assigns them, the lead unit replies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, records
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.roles import Capability

from . import access
from .models import Proposal
from .services import _may_handle, _stored


@transaction.atomic
def save_proposal(*, actor, proposal: Proposal, co_units=None) -> Proposal:
    """The office assigns a suggestion or proposal to its lead unit; the lead unit keeps its details. A reply
    typed in (new, or changed) goes through :func:`reply_proposal`, which checks and publishes it."""
    before = _stored(proposal)
    if before is None:
        require(can(actor, Capability.SUPERVISE, proposal.lead_unit))
    else:
        require(_may_handle(actor, before))
    replying = bool(proposal.reply.strip()) and (
        before is None or proposal.reply != before.reply or proposal.status != Proposal.Status.REPLIED
    )
    m2m = None if co_units is None else {"co_units": co_units}
    saved = records.save_record(
        actor=actor, obj=proposal, capability=access.WRITE, unit=proposal.lead_unit, m2m=m2m
    )
    if replying:
        saved = reply_proposal(
            actor=actor, proposal=saved, text=saved.reply, replied_on=saved.replied_on,
            public=saved.reply_public, not_public_reason=saved.not_public_reason,
        )  # fmt: skip
    return saved


@transaction.atomic
def reply_proposal(
    *, actor, proposal: Proposal, text: str, replied_on, public: bool = True, not_public_reason: str = ""
) -> Proposal:
    """The lead unit's reply: its full text is published when it concerns the public interest, or the reason
    it is not."""
    require(_may_handle(actor, proposal))  # the lead unit replies (or an office above it)
    errors = {}
    if not text.strip():
        errors["reply"] = _("请填写答复全文。")
    if not public and not not_public_reason.strip():
        errors["not_public_reason"] = _("不公开答复全文的，须说明理由，理由将公开。")
    if replied_on is None or replied_on < proposal.assigned_on:
        errors["replied_on"] = _("答复日期不能早于交办日期。")
    if errors:
        raise ValidationError(errors)
    proposal.reply, proposal.replied_on = text.strip(), replied_on
    proposal.reply_public, proposal.not_public_reason = public, "" if public else not_public_reason.strip()
    proposal.status = Proposal.Status.REPLIED
    proposal.save()
    audit.record(actor=actor, action="participation.proposal_replied", obj=proposal, unit=proposal.lead_unit,
                 changes={"status": [Proposal.Status.ASSIGNED, Proposal.Status.REPLIED]})  # fmt: skip
    return proposal


def proposal_statistics(units, year: int, today=None) -> list[dict]:
    """Per lead unit: NPC suggestions and CPPCC proposals handled, replied, on time, overdue (for the annual
    report's account of 建议提案办理)."""
    today = today or timezone.localdate()
    rows = {u.pk: {"unit": u, "npc": 0, "cppcc": 0, "replied": 0, "on_time": 0, "overdue": 0} for u in units}
    for proposal in Proposal.objects.filter(lead_unit__in=rows, year=year):
        row = rows[proposal.lead_unit_id]
        row[proposal.kind] += 1
        if proposal.status == Proposal.Status.REPLIED:
            row["replied"] += 1
            row["on_time"] += bool(proposal.on_time)
        elif proposal.deadline < today:
            row["overdue"] += 1
    return [r for r in rows.values() if r["npc"] or r["cppcc"]]
