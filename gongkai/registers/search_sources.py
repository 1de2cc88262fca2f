"""The registers' public records as search finds them: power items, decisions within their public period, fees
and budgets (registered with the search app when it is ready). A penalty past its public period or removed by
a credit repair is no longer public, so reindexing it takes it out (``gongkai expire_register_entries``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.search import registry
from gongkai.search.index import BODY_LIMIT
from gongkai.search.models import Kind

from .models import BudgetDisclosure, Decision, FeeItem, PowerItem

SOURCES = {PowerItem: "registers.power", Decision: "registers.decision", FeeItem: "registers.fee",
           BudgetDisclosure: "registers.budget"}  # fmt: skip


def source_name(obj) -> str:
    return SOURCES[type(obj)]


def _at(day: dt.date | None):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0))) if day else None


def power_fields(item: PowerItem) -> dict:
    return {
        "kind": Kind.REGISTER,
        "url": item.get_absolute_url(),
        "title": f"权责清单：{item.name}",
        "keywords": f"权责清单 {item.get_power_type_display()} {item.code}",
        "body": f"{item.basis}\n{item.implementing_unit}\n{item.responsibility}"[:BODY_LIMIT],
        "unit": item.unit,
        "validity": "valid" if item.is_active else "repealed",
        "published_at": _at(item.changed_on),
        "year": item.changed_on.year,
    }


def decision_fields(decision: Decision) -> dict:
    return {
        "kind": Kind.REGISTER,
        "url": decision.get_absolute_url(),
        "title": f"{decision.get_kind_display()}：{decision.subject_name} {decision.title}",
        "keywords": f"双公示 {decision.get_kind_display()} {decision.category}",
        "body": f"{decision.content}\n{decision.basis}"[:BODY_LIMIT],
        "unit": decision.unit,
        "doc_number": decision.doc_number[:60],
        "validity": "valid",
        "published_at": _at(decision.published_on),
        "year": decision.decided_on.year,
    }


def fee_fields(item: FeeItem) -> dict:
    return {
        "kind": Kind.REGISTER,
        "url": item.get_absolute_url(),
        "title": f"收费项目：{item.name}",
        "keywords": f"收费目录 {item.get_kind_display()}",
        "body": f"{item.standard}\n{item.basis}"[:BODY_LIMIT],
        "unit": item.unit,
        "validity": "valid" if item.is_active else "repealed",
        "published_at": _at(item.changed_on),
        "year": item.changed_on.year,
    }


def budget_fields(budget: BudgetDisclosure) -> dict:
    return {
        "kind": Kind.REGISTER,
        "url": budget.get_absolute_url(),
        "title": f"{budget.unit.name}{budget.year}年{budget.get_kind_display()}公开",
        "keywords": "预决算 三公经费",
        "body": f"{budget.performance_targets}\n{budget.performance_review}"[:BODY_LIMIT],
        "unit": budget.unit,
        "validity": "valid",
        "published_at": _at(budget.published_on),
        "year": budget.year,
    }


registry.register(registry.Source(
    name=SOURCES[PowerItem], public=lambda: PowerItem.objects.public().select_related("unit"), render=power_fields,
))  # fmt: skip
registry.register(registry.Source(
    name=SOURCES[Decision], public=lambda: Decision.objects.public(timezone.localdate()).select_related("unit"),
    render=decision_fields,
))  # fmt: skip
registry.register(registry.Source(
    name=SOURCES[FeeItem], public=lambda: FeeItem.objects.filter(unit__is_active=True).select_related("unit"),
    render=fee_fields,
))  # fmt: skip
registry.register(registry.Source(
    name=SOURCES[BudgetDisclosure],
    public=lambda: BudgetDisclosure.objects.filter(published_on__isnull=False).select_related("unit"),
    render=budget_fields,
))  # fmt: skip
