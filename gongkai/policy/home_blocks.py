"""Home-page block: 政策文件与解读, the newest policy documents of the site, each with its interpretations
(a 图解 with its picture when it has one)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.models import Attachment
from gongkai.sites import blocks

from . import queries
from .models import Form, Interpretation


def policies(request, block) -> dict | None:
    scope = request.site.unit_q
    interpretations = (
        Interpretation.objects.public()
        .filter(scope("item__unit"))
        .select_related("item")
        .prefetch_related(
            Prefetch(
                "item__attachments",
                queryset=Attachment.objects.filter(mime__startswith="image/").order_by("sort_order", "pk"),
                to_attr="images",
            )
        )
        .order_by("item__published_at", "pk")
    )
    found = list(
        queries.public_policies()
        .filter(scope("unit"))
        .prefetch_related(None)  # its own prefetch of every interpretation: these are the site's, with images
        .prefetch_related(
            Prefetch("interpretations", queryset=interpretations, to_attr="shown_interpretations")
        )[: block.count]
    )
    if not found:
        return None
    rows = []
    for policy in found:
        explained = []
        for interpretation in policy.shown_interpretations:
            images = interpretation.item.images if interpretation.form == Form.GRAPHIC else []
            explained.append({"interpretation": interpretation, "image": images[0] if images else None})
        rows.append({"policy": policy, "interpretations": explained})
    return {"template": "policy/blocks/policies.html", "rows": rows, "more_url": reverse("policy:index")}


blocks.register("policies", _("政策文件与解读"), policies, default_count=5)
