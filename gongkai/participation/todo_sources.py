"""What consultations give staff to do: comments to group, groups to answer (采纳情况), and the adoption
feedback to publish once the consultation has ended, due :data:`feedback.FEEDBACK_WORKING_DAYS` working days
after it ends. What suggestions and proposals give: the lead unit's replies (due three months from
assignment, urgent within 15 days) and, for the openness office, the overdue ones."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import todo
from gongkai.core.access import can
from gongkai.core.roles import Capability

from . import access, feedback, proposals
from .models import Proposal


def _note(consultation, now) -> str:
    parts = []
    if consultation.ungrouped:
        parts.append(_("%(n)d条意见待归类") % {"n": consultation.ungrouped})
    if consultation.undecided:
        parts.append(_("%(n)d类意见待填写采纳情况") % {"n": consultation.undecided})
    if consultation.ends_at <= now:
        parts.append(_("征集已结束，采纳情况待发布"))
    else:
        parts.append(_("征集中"))
    return "；".join(parts)


def _feedback(user, today: dt.date) -> list[todo.Todo]:
    if not can(user, access.WRITE):
        return []
    now = timezone.now()
    rows = list(feedback.waiting(access.consultations_for(user), now)[:200])
    dues = feedback.due_dates(c.ends_at for c in rows)
    return [
        todo.Todo(
            kind="consultation.feedback",
            title=consultation.title,
            url=reverse("workspace:participation-comments", args=[consultation.pk]),
            due_on=dues[consultation.ends_at],
            unit=consultation.unit.name,
            note=_note(consultation, now),
            urgent=dues[consultation.ends_at] < today,
        )
        for consultation in rows
    ]


todo.register("consultation.feedback", gettext_lazy("待归类答复的公众意见"), _feedback, order=70)


# 建议提案 ---------------------------------------------------------------------------------------------------


def _proposal_row(proposal, today: dt.date, kind: str, note: str) -> todo.Todo:
    return todo.Todo(
        kind=kind,
        title=f"{proposal.get_kind_display()}{proposal.number} {proposal.title}",
        url=reverse("workspace:participation-proposal", args=[proposal.pk]),
        due_on=proposal.deadline,
        unit=proposal.lead_unit.name,
        note=note,
        urgent=(proposal.deadline - today).days <= proposals.URGENT_DAYS,
    )


def _proposals_to_reply(user, today: dt.date) -> list[todo.Todo]:
    """The lead unit's unreplied suggestions and proposals: due three months from assignment."""
    if not can(user, access.WRITE) or user.unit_id is None:
        return []
    waiting = (
        access.proposals_for(user)
        .filter(lead_unit=user.unit_id, status=Proposal.Status.ASSIGNED)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:200]
    )
    return [
        _proposal_row(p, today, "proposal.reply", _("已超过办理期限") if p.deadline < today else _("待答复"))
        for p in waiting
    ]


def _proposals_overdue(user, today: dt.date) -> list[todo.Todo]:
    """For the openness office: the units' suggestions and proposals past their deadline without a reply."""
    if not can(user, Capability.SUPERVISE):
        return []
    late = (
        access.proposals_for(user)
        .filter(status=Proposal.Status.ASSIGNED, deadline__lt=today)
        .exclude(lead_unit=user.unit_id)
        .select_related("lead_unit")
        .order_by("deadline", "pk")[:200]
    )
    return [_proposal_row(p, today, "proposal.overdue", _("主办单位逾期未答复，请督办")) for p in late]


todo.register("proposal.reply", gettext_lazy("建议提案待答复"), _proposals_to_reply, order=72)
todo.register("proposal.overdue", gettext_lazy("建议提案逾期未答复"), _proposals_overdue, order=73)
