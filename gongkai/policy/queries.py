"""Public reads of the policy library."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from gongkai.publishing import queries as publishing_queries
from gongkai.publishing.models import InformationItem

from .models import Interpretation

POLICY_COLUMN = "policy"  # the catalog template's 政策文件 column, present in every unit's catalog


def public_policies() -> QuerySet[InformationItem]:
    """Published policy documents (in a 政策文件 column, or marked as policies), each with its public
    interpretations prefetched as ``public_interpretations``."""
    from django.db.models import Q

    return (
        publishing_queries.public_items()
        .filter(Q(columns__code=POLICY_COLUMN) | Q(policy_profile__isnull=False))
        .exclude(interprets__isnull=False)
        .distinct()
        .prefetch_related(
            Prefetch(
                "interpretations",
                queryset=Interpretation.objects.public().select_related("item"),
                to_attr="public_interpretations",
            )
        )
    )


def in_state(validity: str, prefix: str = ""):
    """A filter for documents whose validity today is ``validity``: one whose period ran out counts as
    expired even before the daily job records it."""
    from django.db.models import Q
    from django.utils import timezone

    today = timezone.localdate()
    ran_out = Q(**{f"{prefix}validity": "valid", f"{prefix}valid_until__lt": today})
    if validity == "valid":
        return Q(**{f"{prefix}validity": "valid"}) & ~ran_out
    if validity == "expired":
        return Q(**{f"{prefix}validity": "expired"}) | ran_out
    return Q(**{f"{prefix}validity": validity})
