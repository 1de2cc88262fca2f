"""Replies to NPC deputies' suggestions and CPPCC proposals fill the unit's 建议提案办理 column."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.publishing import column_sources

from .models import Proposal


def proposal_replies(unit, request) -> column_sources.QueryRows:
    """Replied proposals the unit led or helped with; a reply kept private is listed, its text is not shown."""
    ids = Proposal.objects.filter(Q(lead_unit=unit) | Q(co_units=unit)).values("pk")
    found = Proposal.objects.filter(pk__in=ids, status=Proposal.Status.REPLIED).order_by(
        "-year", "-replied_on", "-pk"
    )

    def row(proposal: Proposal) -> column_sources.Row:
        role = _("主办") if proposal.lead_unit_id == unit.pk else _("协办")
        return column_sources.Row(
            title=str(proposal),
            url=proposal.get_absolute_url(),
            date=proposal.replied_on,
            note=f"{proposal.get_kind_display()} · {role}",
        )

    return column_sources.QueryRows(found, row)


column_sources.register(
    "ka-proposals",
    proposal_replies,
    label=gettext_lazy("建议提案办理答复"),
    more=lambda unit: reverse("participation:proposals"),
)
