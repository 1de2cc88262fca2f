"""Similar requests (issue 21, item 5): applications whose descriptions ask for much the same information,
found by the words they share (segmented as search segments them, the office's domain words included).

- On an application's page: the unit's earlier applications with a similar description; one from the same
  applicant (the same identity number) is a possible 重复申请 (Art. 36(6)), shown with its reply.
- For the office: the information asked for by three or more applicants, a candidate for proactive
  disclosure (Art. 44).

Similarity is the overlap of the two descriptions' content words (Jaccard: shared / all); words of one
character and the words every application uses (申请, 公开, 信息 ...) are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import Application

THRESHOLD = 0.5  # shared words / all words, for two descriptions to ask for the same information
LOOKBACK_DAYS = 3 * 365
FREQUENT_APPLICANTS = 3
GENERIC = frozenset(
    {"申请", "公开", "信息", "政府", "政府信息", "相关", "有关", "文件", "情况", "提供", "要求", "关于", "依法",
     "获取", "需要", "内容", "复印件", "资料", "我", "本人", "请", "贵单位", "以及", "及其"}
)  # fmt: skip


def words(description: str) -> frozenset[str]:
    from gongkai.search import segment

    return frozenset(w for w in segment.query_words(description) if len(w) > 1 and w not in GENERIC)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class Similar:
    application: Application
    score: float
    same_applicant: bool


def _identity(application: Application) -> str:
    return f"{application.id_type}:{application.id_number.strip().upper()}"


def similar_to(application: Application, *, limit: int = 5) -> list[Similar]:
    """The unit's other applications of the last three years asking for much the same, most similar first;
    the same applicant's flagged."""
    mine = words(application.description)
    since = application.received_on - dt.timedelta(days=LOOKBACK_DAYS)
    candidates = (
        Application.objects.filter(unit_id=application.unit_id, received_on__gte=since)
        .exclude(pk=application.pk)
        .only(
            "pk",
            "tracking_code",
            "description",
            "id_type",
            "id_number",
            "received_on",
            "status",
            "outcome",
            "answered_on",
            "unit_id",
        )
    )
    found = []
    for other in candidates:
        score = similarity(mine, words(other.description))
        if score >= THRESHOLD:
            found.append(Similar(other, round(score, 2), _identity(other) == _identity(application)))
    found.sort(key=lambda s: (-s.same_applicant, -s.score, s.application.received_on))
    return found[:limit]


@dataclass
class Group:
    """Applications asking for much the same information, from several applicants."""

    description: str  # the earliest application's
    applications: list[Application]
    applicants: int

    @property
    def unit(self):
        return self.applications[0].unit


def frequent(applications: QuerySet[Application], *, today: dt.date | None = None) -> list[Group]:
    """Groups of similar applications (each unit's own, the last three years) from at least three
    different applicants, the most asked first. Greedy: an application joins the first group whose first
    description it resembles."""
    today = today or timezone.localdate()
    rows = applications.filter(received_on__gte=today - dt.timedelta(days=LOOKBACK_DAYS)).select_related(
        "unit"
    )
    groups: list[tuple[frozenset[str], int, Group]] = []
    for application in rows.order_by("received_on", "pk"):
        mine = words(application.description)
        for first_words, unit_id, group in groups:
            if unit_id == application.unit_id and similarity(mine, first_words) >= THRESHOLD:
                group.applications.append(application)
                break
        else:
            groups.append((mine, application.unit_id, Group(application.description, [application], 0)))
    out = []
    for _words, _unit, group in groups:
        group.applicants = len({_identity(a) for a in group.applications})
        if group.applicants >= FREQUENT_APPLICANTS:
            out.append(group)
    return sorted(out, key=lambda g: (-g.applicants, g.description))
