"""Public reads of the policy library."""

from __future__ import annotations

from django.db.models import Exists, Prefetch, Q, QuerySet

from gongkai.publishing import queries as publishing_queries
from gongkai.publishing.models import DisclosureMode, InformationItem, Status

from .models import Interpretation

POLICY_COLUMN = "policy"  # the catalog template's 政策文件 column, present in every unit's catalog


def _sources():
    """The keys of every item that is a policy by one of its two sources: the links of the 政策文件 columns
    and the policy profiles (a few thousand rows in a large archive)."""
    from .models import PolicyProfile

    links = InformationItem.columns.through.objects.filter(column__code=POLICY_COLUMN)
    return links.values("informationitem_id").union(PolicyProfile.objects.values("item_id"))


class PolicyQuerySet(type(InformationItem.objects.all())):
    """Policies listed newest first by testing each item from the top of the published-date index (a page
    stops after a few hundred), and counted from the sources' keys (a count would otherwise test every item
    of the archive)."""

    def count(self) -> int:
        if self._result_cache is not None or self.query.is_sliced:
            return super().count()
        counted = self.filter(pk__in=_sources())
        # The sources' keys are exactly the items the two EXISTS tests admit: testing them again per item
        # tripled the plan's cost (PostgreSQL then also compiled it with JIT: 120 ms at 100k, 21 without).
        counted.query.where.children = [
            node for node in counted.query.where.children if not _is_source_test(node)
        ]
        return super(PolicyQuerySet, counted).count()


class _PolicySource(Exists):
    """An EXISTS test of one of the two sources (marked so that ``PolicyQuerySet.count`` can drop it)."""


def _is_source_test(node) -> bool:
    children = getattr(node, "children", None)
    # filter() wraps each test in an ``Exact(test, True)`` lookup
    return bool(children) and all(isinstance(getattr(c, "lhs", c), _PolicySource) for c in children)


def public_policies() -> QuerySet[InformationItem]:
    """Published policy documents (in a 政策文件 column, or marked as policies), each with its public
    interpretations prefetched as ``public_interpretations``. Membership is tested with EXISTS (no DISTINCT
    over joins fanned out across columns), the count read from the sources (``PolicyQuerySet``); bodies are
    not read."""
    from django.db.models import Exists, OuterRef

    from .models import PolicyProfile

    in_policy_column = InformationItem.columns.through.objects.filter(
        informationitem_id=OuterRef("pk"), column__code=POLICY_COLUMN
    )
    profiled = PolicyProfile.objects.filter(item_id=OuterRef("pk"))
    interprets = Interpretation.objects.filter(item_id=OuterRef("pk"))
    found = (
        publishing_queries.listed_items()
        .filter(_PolicySource(in_policy_column) | _PolicySource(profiled))
        .exclude(Exists(interprets))
    )
    return PolicyQuerySet(model=InformationItem, query=found.query, using=found._db).prefetch_related(
        Prefetch(
            "interpretations",
            queryset=Interpretation.objects.public().select_related("item"),
            to_attr="public_interpretations",
        )
    )


def policy_units(organizations: QuerySet) -> QuerySet:
    """Those of ``organizations`` with a published policy document. PostgreSQL tests each unit for a first
    policy in either source (a semi-join over indexes); SQLite would walk every item of a unit without
    policies that way, so there the units are read from the policies themselves (a few thousand keys)."""
    from django.db import connection
    from django.db.models import Exists, OuterRef

    from .models import PolicyProfile

    if connection.vendor != "postgresql":
        units = (
            public_policies()
            .filter(pk__in=_sources())
            .order_by()
            .prefetch_related(None)
            .values_list("unit_id", flat=True)
        )
        return organizations.filter(pk__in=set(units.distinct()))
    public = {"status": Status.PUBLISHED, "disclosure_mode": DisclosureMode.PROACTIVE, "interprets": None}
    # A unit's policy links are those of its own 政策文件 column (an item is filed only under its unit's
    # columns: publishing.services._check_columns), tested against the few items that are not public and the
    # interpretations as hashed lists: joining each link to its item made PostgreSQL hash all 7,000 policy
    # links' units first (45 → 15 ms at 100k).
    hidden = InformationItem.objects.order_by().filter(~Q(**publishing_queries.PUBLIC)).values("pk")
    linked = (
        InformationItem.columns.through.objects.filter(
            column__code=POLICY_COLUMN, column__unit_id=OuterRef("pk")
        )
        .exclude(informationitem_id__in=hidden)
        .exclude(informationitem_id__in=Interpretation.objects.values("item_id"))
    )
    profiled = PolicyProfile.objects.filter(
        item__unit_id=OuterRef("pk"), **{f"item__{k}": v for k, v in public.items()}
    )
    return organizations.filter(Exists(linked) | Exists(profiled))


def interpreted(policies: QuerySet[InformationItem]) -> QuerySet[InformationItem]:
    """Those of ``policies`` with a published interpretation: read from the interpretations (few), not by
    testing every policy."""
    return policies.filter(pk__in=Interpretation.objects.filter(item__status="published").values("policy_id"))


def in_state(validity: str, prefix: str = ""):
    """A filter for documents whose validity today is ``validity``: one whose period ran out counts as
    expired even before the daily job records it (the publishing models' rule)."""
    from gongkai.publishing.models import in_validity

    return in_validity(validity, prefix=prefix)


def years_with(policies: QuerySet[InformationItem]) -> list[int]:
    """The years (newest first) from the first policy published to the last, in one query that reads the
    published-date index from each end until it meets a policy (a DISTINCT over the years of every policy
    would read them all). A year between the two in which none was published is listed too: choosing it
    shows an empty list."""
    from django.db.models import Subquery
    from django.utils import timezone

    dated = policies.order_by().prefetch_related(None).filter(published_at__isnull=False)
    ends = (
        InformationItem.objects.order_by()
        .annotate(
            first=Subquery(dated.order_by("published_at", "pk").values("published_at")[:1]),
            last=Subquery(dated.order_by("-published_at", "-pk").values("published_at")[:1]),
        )
        .values("first", "last")[:1]
    )
    found = next(iter(ends), None)
    if not found or found["first"] is None:
        return []
    first, last = (timezone.localtime(found[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))
