"""The reconsideration organ (复议机关) of a unit's decisions, worked out from the organization tree (行政复议法
2023 第二十四条; spec §1.9): the nearest people's government above the unit, unless the unit names its own
(``Organization.reconsideration_organ``: vertically managed organs, Art. 27, and the top of the tree). Kept in
core because the organizations API shows it; the remedies a notice states are ``gongkai.foi.remedies``."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import Organization, OrgType

# Kinds of unit that are people's governments: the organs that decide reconsiderations since 2024.
GOVERNMENTS = frozenset({OrgType.GOVERNMENT, OrgType.COUNTY})


def _organ(own: str, above: Iterable[tuple[str, str]]) -> str:
    """The unit's own setting, else the first people's government among ``above`` ((kind, name) of the
    organizations above the unit, nearest first)."""
    if own.strip():
        return own.strip()
    return next((name for org_type, name in above if org_type in GOVERNMENTS), _("上一级人民政府"))


def organ_for(unit: Organization) -> str:
    """The reconsideration organ of ``unit``'s decisions: its own setting if it has one (vertically managed
    organs, the top of the tree), else the nearest people's government above it."""
    above = ((a.org_type, a.name) for a in reversed(list(unit.ancestors())))
    return _organ(unit.reconsideration_organ, above)


def organs_by_id() -> dict[int, str]:
    """Every organization's reconsideration organ, worked out from one read of the tree (for a list: the
    same answer as :func:`organ_for` without a query per row)."""
    rows = {
        pk: (parent_id, org_type, name, own)
        for pk, parent_id, org_type, name, own in Organization.objects.values_list(
            "pk", "parent_id", "org_type", "name", "reconsideration_organ"
        )
    }

    def above(parent_id):
        seen = set()
        while parent_id is not None and parent_id in rows and parent_id not in seen:
            seen.add(parent_id)
            parent_id, org_type, name, _own = rows[parent_id]
            yield org_type, name

    return {pk: _organ(own, above(parent_id)) for pk, (parent_id, _type, _name, own) in rows.items()}
