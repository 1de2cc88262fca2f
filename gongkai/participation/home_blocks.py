"""Home-page block: 意见征集, the consultations of the site open now, the soonest to close first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.sites import blocks

from .models import Consultation


def consultations(request, block) -> dict | None:
    found = list(
        Consultation.objects.open_at(timezone.now())
        .filter(request.site.unit_q("unit"))
        .select_related("unit")
        .order_by("ends_at", "pk")[: block.count]
    )
    if not found:
        return None
    return {
        "template": "participation/blocks/consultations.html",
        "consultations": found,
        "more_url": reverse("participation:index"),
    }


blocks.register("consultations", _("意见征集"), consultations, default_count=5)
