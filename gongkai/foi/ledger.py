"""The ledger of applications (依申请公开台账) for staff: every application in reach with its dates, the
working days not counted and why, the outcome, the answer's timeliness and its delivery; filtered by year,
outcome, applicant type and overdue; exported as XLSX. The export names no applicant (the tracking code
identifies the case): an export is not a place for personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from gongkai.core import calendar as cal

from . import explain
from .models import Application, EventKind

HEADER = [
    "查询码", "办理单位", "申请人类型", "提交方式", "收到申请日期", "答复期限", "不计入期限的工作日", "不计入及延长的说明", "答复日期",
    "办理结果", "是否超期", "送达", "状态",
]  # fmt: skip


@dataclass(frozen=True)
class Filters:
    year: int | None = None  # received in that year
    outcome: str = ""
    applicant_type: str = ""
    overdue: bool = False  # answered late, or open past the due date


def select(applications: QuerySet[Application], filters: Filters, today: dt.date) -> QuerySet[Application]:
    if filters.year:
        applications = applications.filter(received_on__year=filters.year)
    if filters.outcome:
        applications = applications.filter(outcome=filters.outcome)
    if filters.applicant_type:
        applications = applications.filter(applicant_type=filters.applicant_type)
    if filters.overdue:
        late = Q(answered_on__isnull=False, due_on__isnull=False, answered_on__gt=F("due_on"))
        applications = applications.filter(late | Q(answered_on__isnull=True, due_on__lt=today))
    return applications.select_related("unit").prefetch_related("events").order_by("received_on", "pk")


def rows(applications: QuerySet[Application], today: dt.date) -> list[dict]:
    """One row per application (its events read with it: one query for all)."""
    applications = list(applications)
    if not applications:
        return []
    first = min(a.received_on for a in applications)
    calendar = cal.load(first - dt.timedelta(days=31), today + dt.timedelta(days=400))
    out = []
    for application in applications:
        events = sorted(application.events.all(), key=lambda e: (e.on, e.pk))
        why = explain.explain(application.received_on, events, calendar, today)
        delivered = [e for e in events if e.kind == EventKind.DELIVERED]
        out.append(
            {
                "id": application.pk,
                "tracking_code": application.tracking_code,
                "unit": application.unit.name,
                "applicant_type": application.get_applicant_type_display(),
                "channel": application.get_channel_display(),
                "received_on": application.received_on,
                "due_on": application.due_on,
                "days_not_counted": why.days_not_counted,
                "not_counted": why.not_counted,
                "answered_on": application.answered_on,
                "outcome": application.get_outcome_display() if application.outcome else "",
                "overdue": application.is_overdue,
                "delivery": (
                    f"{delivered[-1].on:%Y-%m-%d} {delivered[-1].data.get('method', '')}".strip()
                    if delivered
                    else ""
                ),
                "status": application.get_status_display(),
            }
        )
    return out


def table_rows(rows: list[dict]) -> list[list]:
    return [
        [
            r["tracking_code"],
            r["unit"],
            str(r["applicant_type"]),
            str(r["channel"]),
            r["received_on"],
            r["due_on"] or "",
            r["days_not_counted"],
            r["not_counted"],
            r["answered_on"] or "",
            str(r["outcome"]),
            "是" if r["overdue"] else "否",
            r["delivery"],
            str(r["status"]),
        ]
        for r in rows
    ]


class LazyRows:
    """The ledger's rows for a paginator: only the page asked for is read and computed."""

    def __init__(self, applications: QuerySet[Application], today: dt.date):
        self.applications, self.today = applications, today

    def count(self) -> int:
        return self.applications.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return rows(self.applications[index], self.today)
        return rows(self.applications[index : index + 1], self.today)[0]
