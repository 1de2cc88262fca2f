"""The registers fill their columns of each unit's catalog: 行政许可 (a20-05), 行政处罚、行政强制 (a20-06), 财政预算、决算
(a20-07), 行政事业性收费 (a20-08), and the key areas 权责清单, 社会信用体系建设 (双公示) and 财政信息."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.publishing import column_sources

from .models import BudgetDisclosure, Decision, DecisionKind, FeeItem, PowerItem


def _decisions(*kinds):
    def provider(unit, request) -> column_sources.QueryRows:
        found = Decision.objects.public(timezone.localdate()).filter(unit=unit, kind__in=kinds)

        def row(d: Decision) -> column_sources.Row:
            return column_sources.Row(
                title=f"{d.subject_name}：{d.title}", url=d.get_absolute_url(), date=d.published_on,
                note=f"{d.get_kind_display()} · {d.doc_number}",
            )  # fmt: skip

        return column_sources.QueryRows(found.order_by("-published_on", "-pk"), row)

    return provider


def _powers(unit, request) -> column_sources.QueryRows:
    def row(item: PowerItem) -> column_sources.Row:
        return column_sources.Row(title=item.name, url=item.get_absolute_url(), date=item.changed_on,
                                  note=f"{item.get_power_type_display()} · {item.code}")  # fmt: skip

    return column_sources.QueryRows(
        PowerItem.objects.listed().filter(unit=unit).order_by("power_type", "code"), row
    )


def _fees(unit, request) -> column_sources.QueryRows:
    def row(item: FeeItem) -> column_sources.Row:
        return column_sources.Row(title=item.name, url=item.get_absolute_url(), date=item.changed_on,
                                  note=str(item.get_kind_display()))  # fmt: skip

    return column_sources.QueryRows(
        FeeItem.objects.filter(unit=unit, is_active=True).order_by("kind", "name"), row
    )


def _budgets(unit, request) -> column_sources.QueryRows:
    def row(b: BudgetDisclosure) -> column_sources.Row:
        return column_sources.Row(title=f"{b.unit.name}{b.year}年{b.get_kind_display()}", url=b.get_absolute_url(),
                                  date=b.published_on, item_id=b.item_id)  # fmt: skip

    found = BudgetDisclosure.objects.filter(unit=unit, published_on__isnull=False).select_related("unit")
    return column_sources.QueryRows(found.order_by("-year", "kind"), row)


column_sources.register("a20-05", _decisions(DecisionKind.LICENSING), label=_("行政许可信息公示"),
                        more=lambda unit: f"/registers/licensing/?unit={unit.pk}")  # fmt: skip
column_sources.register("a20-06", _decisions(DecisionKind.PENALTY, DecisionKind.COERCION),
                        label=_("行政处罚、行政强制信息公示"), more=lambda unit: f"/registers/penalties/?unit={unit.pk}")  # fmt: skip
# 社会信用体系建设: the 双公示 decisions (licensing and penalties) are the unit's credit information.
column_sources.register(
    "ka-social-credit",
    _decisions(DecisionKind.LICENSING, DecisionKind.PENALTY),
    label=_("行政许可和行政处罚信息“双公示”"),
    more=lambda unit: f"/registers/penalties/?unit={unit.pk}",
)
column_sources.register("a20-07", _budgets, label=_("预决算公开"), more=lambda unit: "/registers/budgets/")
column_sources.register(
    "a20-08", _fees, label=_("收费目录清单"), more=lambda unit: f"/registers/fees/?unit={unit.pk}"
)
column_sources.register("ka-power-lists", _powers, label=_("权责清单"),
                        more=lambda unit: f"/registers/powers/?unit={unit.pk}")  # fmt: skip
column_sources.register("ka-fiscal", _budgets, label=_("预决算公开"), more=lambda unit: "/registers/budgets/")
