"""Reading the 责任单位 cell of a task table into lead and co-operating units of the organization tree.

The cell is written for people: "各县区政府、开发区管委会和市发展改革委、市市场监管局等有关部门" names two
groups (every county or district government, every development-zone committee), two departments, and
leaves the list open ("等有关部门"). A plan from another city may write "市财政局牵头，市审计局配合" or
"牵头单位：…；配合单位：…". Names are matched on an organization's full name, short name and aliases
(and "市…" as the government's own "临沂市…", "区…" as "兰山区…"); a name that matches nothing is returned for a person to
resolve, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.core.models import Organization, OrgType

# Phrases naming every unit of one kind under the issuing government.
GROUPS = {
    "各县区政府": OrgType.COUNTY,
    "各县区人民政府": OrgType.COUNTY,
    "各县（区）政府": OrgType.COUNTY,
    "各县（区）人民政府": OrgType.COUNTY,
    "县区政府": OrgType.COUNTY,
    "开发区管委会": OrgType.DEVELOPMENT_ZONE,
    "各开发区管委会": OrgType.DEVELOPMENT_ZONE,
    "市政府各部门": OrgType.DEPARTMENT,
    # a county's or district's own plan
    "县政府各部门": OrgType.DEPARTMENT,
    "区政府各部门": OrgType.DEPARTMENT,
    "县直各部门": OrgType.DEPARTMENT,
    "区直各部门": OrgType.DEPARTMENT,
    "各乡镇（街道）": OrgType.TOWNSHIP,
    "各乡镇街道": OrgType.TOWNSHIP,
    "各乡镇人民政府（街道办事处）": OrgType.TOWNSHIP,
    "各街道办事处": OrgType.TOWNSHIP,
}
# Phrases naming units that are not listed: recorded, the office assigns them.
OPEN_GROUPS = {
    "市政府各有关部门",
    "市政府有关部门",
    "市政府相关部门",
    "各相关行业部门",
    "各有关部门",
    "有关部门",
    "相关部门",
}
OPEN_SUFFIXES = ("等有关部门", "等相关部门", "等有关单位", "等部门", "等单位")
CONJUNCTIONS = ("以及", "和", "及")
LEAD_MARKS = ("牵头单位：", "牵头单位:", "牵头：", "牵头:", "责任单位：", "责任单位:")
CO_MARKS = ("配合单位：", "配合单位:", "配合：", "配合:", "参与单位：", "参与单位:")

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Drop HTML fragments and the spaces a PDF conversion leaves inside Chinese names."""
    return _SPACE.sub("", _TAGS.sub("", text or ""))


@dataclass
class Parsed:
    leads: list[str] = field(default_factory=list)  # names and group phrases, in the order written
    cos: list[str] = field(default_factory=list)
    open_groups: list[str] = field(default_factory=list)

    @property
    def open_ended(self) -> bool:
        return bool(self.open_groups)


def _role_of(clause: str) -> tuple[str, str]:
    for mark in LEAD_MARKS:
        if clause.startswith(mark):
            return "lead", clause[len(mark) :]
    for mark in CO_MARKS:
        if clause.startswith(mark):
            return "co", clause[len(mark) :]
    for suffix in ("牵头负责", "牵头", "负责"):
        if clause.endswith(suffix) and len(clause) > len(suffix):
            return "lead", clause[: -len(suffix)]
    for suffix in ("配合", "参与", "协助"):
        if clause.endswith(suffix) and len(clause) > len(suffix):
            return "co", clause[: -len(suffix)]
    return "lead", clause


def _split(segment: str, known) -> list[str]:
    """Split "开发区管委会和市财政局" at a conjunction only where a side is something we know, so
    "市自然资源和规划局" stays whole."""
    if not segment or known(segment):
        return [segment] if segment else []
    for conj in CONJUNCTIONS:
        start = 0
        while (i := segment.find(conj, start)) > 0:
            left, right = segment[:i], segment[i + len(conj) :]
            if right and known(left):
                return [left, *_split(right, known)]
            start = i + 1
    for conj in CONJUNCTIONS:
        i = segment.rfind(conj)
        if i > 0 and known(segment[i + len(conj) :]):
            return [*_split(segment[:i], known), segment[i + len(conj) :]]
    return [segment]


def parse(cell: str, known=lambda name: False) -> Parsed:
    """Split a 责任单位 cell into lead and co names (group phrases kept as written); ``known(name)`` tells
    whether a piece is a unit or group, which decides where "和" separates two units."""
    text = clean(cell).strip("。；;，,")
    parsed = Parsed()

    def recognised(piece: str) -> bool:
        return piece in GROUPS or piece in OPEN_GROUPS or known(piece)

    for clause in filter(None, re.split(r"[；;，,]", text)):
        role, clause = _role_of(clause)
        for suffix in OPEN_SUFFIXES:
            if clause.endswith(suffix):
                clause = clause[: -len(suffix)]
                parsed.open_groups.append(suffix)
                break
        target = parsed.leads if role == "lead" else parsed.cos
        for segment in re.split(r"[、/]", clause):
            for conj in CONJUNCTIONS:
                segment = segment.removeprefix(conj)
            for piece in _split(segment, recognised):
                if piece in OPEN_GROUPS:
                    parsed.open_groups.append(piece)
                elif piece and piece not in target:
                    target.append(piece)
    return parsed


class Directory:
    """The organizations under one government, by every name people write for them."""

    def __init__(self, government: Organization):
        self.government = government
        self.prefix = government.name.removesuffix("人民政府") if government.name.endswith("人民政府") else ""
        self.units = list(Organization.objects.subtree(government).filter(is_active=True))
        self.by_name: dict[str, Organization] = {}
        for unit in sorted(self.units, key=lambda u: -len(u.path)):  # the higher unit wins a shared name
            for name in [unit.name, unit.short_name, *(unit.aliases or [])]:
                if name:
                    self.by_name[clean(name)] = unit

    def find(self, name: str) -> Organization | None:
        name = clean(name)
        if name in self.by_name:
            return self.by_name[name]
        # "市财政局" in the city's plan is 临沂市财政局; "区政府办" in 兰山区's is 兰山区政府办
        level = self.prefix[-1:] if self.prefix else ""
        if level and name.startswith(level):
            for whole in (self.prefix, self.government.short_name):
                if whole and whole.endswith(level) and (whole + name[1:]) in self.by_name:
                    return self.by_name[whole + name[1:]]
        return None

    def known(self, name: str) -> bool:
        return self.find(name) is not None

    def group(self, phrase: str) -> list[Organization]:
        kind = GROUPS[phrase]
        return [u for u in self.units if u.parent_id == self.government.pk and u.org_type == kind]


@dataclass
class Resolved:
    units: list[tuple[Organization, str]]  # (unit, "lead" | "co"), lead first, no repeats
    unmatched: list[str]
    open_groups: list[str]

    @property
    def open_ended(self) -> bool:
        return bool(self.open_groups)


def resolve(cell: str, directory: Directory) -> Resolved:
    parsed = parse(cell, directory.known)
    chosen: dict[int, tuple[Organization, str]] = {}
    unmatched: list[str] = []
    for role, names in (("lead", parsed.leads), ("co", parsed.cos)):
        for name in names:
            found = directory.group(name) if name in GROUPS else [directory.find(name)]
            if found == [None]:
                if name not in unmatched:
                    unmatched.append(name)
                continue
            for unit in found:
                chosen.setdefault(unit.pk, (unit, role))
    return Resolved(list(chosen.values()), unmatched, list(dict.fromkeys(parsed.open_groups)))
