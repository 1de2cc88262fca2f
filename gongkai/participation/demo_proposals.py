"""Demo data for 建议提案办理: the demo's replied suggestions and proposals get their reply category and the
satisfaction the deputies and members returned, and two are still waiting for their reply: one due within
15 days (urgent in 市发展改革委's to-do list), one past its three-month deadline (in the office's list too)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.core.models import Organization

from .models import Proposal
from .proposals import default_deadline

REPLIED = {
    # number: (category, satisfaction)
    "第128号": (Proposal.Category.A, Proposal.Satisfaction.SATISFIED),
    "第56号": (Proposal.Category.B, Proposal.Satisfaction.BASICALLY),
    "第131号": (Proposal.Category.C, Proposal.Satisfaction.DISSATISFIED),
}


def load(report=None) -> None:
    """Idempotent: categories are set once, the two waiting ones made once."""
    today = timezone.localdate()
    for proposal in Proposal.objects.filter(number__in=REPLIED, status=Proposal.Status.REPLIED, category=""):
        proposal.category, proposal.satisfaction = REPLIED[proposal.number]
        proposal.satisfaction_on = min(proposal.replied_on + dt.timedelta(days=20), today)
        proposal.save(update_fields=["category", "satisfaction", "satisfaction_on"])
    units = {o.short_name: o for o in Organization.objects.all()}
    fgw, housing = units.get("市发展改革委"), units.get("市住建局")
    if fgw is None or housing is None:
        return
    for kind, number, title, authors, unit, days_ago in [
        ("npc", "第207号", "关于稳定中小企业用电价格的建议", "孙某某等3名代表", fgw, 80),
        ("cppcc", "第88号", "关于加快城区雨污分流改造的提案", "周某某委员", housing, 100),
    ]:
        assigned = today - dt.timedelta(days=days_ago)
        Proposal.objects.get_or_create(
            kind=kind, year=assigned.year, number=number,
            defaults={"title": title, "authors": authors, "lead_unit": unit, "assigned_on": assigned,
                      "deadline": default_deadline(assigned)},
        )  # fmt: skip
