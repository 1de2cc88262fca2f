"""Reading a task table into a work plan: the issuing government, key areas guessed per row, the import's
report. The import itself is the service ``services.import_plan`` (permission, audit record)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.core.models import Organization, OrgType
from gongkai.publishing.models import KeyArea

from .models import WorkPlan


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _share(area: KeyArea, text: str) -> float:
    wanted = _bigrams(area.name)
    return len(wanted & _bigrams(text)) / len(wanted) if wanted else 0.0


def guess_key_areas(areas: list[KeyArea], section: str, subtask: str, requirement: str) -> list[KeyArea]:
    """The key areas a row is about: those of its section whose name the sub-task and requirement share at
    least half of (by character pairs); when several qualify, those the requirement itself shares at least
    half of ("推进教育和医疗健康领域信息公开" is about 教育 in one row, 医疗卫生 in the next), then the best
    sharing; when none qualifies, the best-sharing area of the section (a row naming no sub-task)."""
    candidates = [a for a in areas if a.group == section] or areas
    both = f"{subtask} {requirement}"
    chosen = [a for a in candidates if _share(a, both) >= 0.5]
    if len(chosen) > 1:
        chosen = [a for a in chosen if _share(a, requirement) >= 0.5] or chosen
        top = max(_share(a, both) for a in chosen)
        chosen = [a for a in chosen if _share(a, both) == top]
    if not chosen:
        best = max(candidates, key=lambda a: _share(a, both), default=None)
        chosen = [best] if best is not None and _share(best, both) > 0 else []
    return chosen


@dataclass
class ImportReport:
    plan: WorkPlan
    tasks: int = 0
    assignments: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (task order, name as written)
    open_ended: list[int] = field(default_factory=list)


def government_of(name: str) -> Organization | None:
    """The government a plan belongs to, from its issuer ("临沂市人民政府办公室" issues for the city)."""
    unit = (
        Organization.objects.filter(name=name).first() or Organization.objects.filter(short_name=name).first()
    )
    if unit is not None and unit.org_type == OrgType.GENERAL_OFFICE and unit.parent_id:
        return unit.parent
    return unit
