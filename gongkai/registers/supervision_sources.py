"""What the registers show in a supervision task's evidence: decisions published in the period and how many
late (双公示, for tasks on 社会信用 and 行政执法), power-list adjustments (权责清单), budgets published late or
not at all (财政信息)."""

from __future__ import annotations

from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext as _

from gongkai.supervision import evidence

from . import rules
from .models import BudgetDisclosure, Decision, DecisionKind, PowerChange

SLUGS = {
    DecisionKind.LICENSING: "licensing",
    DecisionKind.PENALTY: "penalties",
    DecisionKind.COERCION: "coercion",
}


def _decisions(unit, start, as_of) -> list[evidence.Finding]:
    rows = Decision.objects.filter(unit=unit, published_on__gte=start, published_on__lte=as_of)
    by_kind = rows.values("kind").annotate(
        n=Count("pk"), late=Count("pk", filter=Q(published_on__gt=F("due_on"))), last=Max("published_on")
    )
    labels = dict(DecisionKind.choices)
    return [
        evidence.Finding(
            name=_("%(l)s决定公示") % {"l": labels[row["kind"]]},
            count=row["n"],
            last=row["last"],
            url=f"/registers/{SLUGS[row['kind']]}/?unit={unit.pk}",
            rule=_("决定之日起7个工作日内公示"),
            problem=_("%(n)s件逾期公示") % {"n": row["late"]} if row["late"] else "",
        )
        for row in by_kind.order_by("kind")
    ]


def _powers(unit, start, as_of) -> list[evidence.Finding]:
    changes = PowerChange.objects.filter(item__unit=unit, changed_on__gte=start, changed_on__lte=as_of)
    figures = changes.aggregate(n=Count("pk"), last=Max("changed_on"))
    return [evidence.Finding(name=_("权责清单调整"), count=figures["n"], last=figures["last"],
                             url=f"/registers/powers/?unit={unit.pk}", rule=_("动态调整并公开"))]  # fmt: skip


def _budgets(unit, start, as_of) -> list[evidence.Finding]:
    rows = list(BudgetDisclosure.objects.filter(unit=unit, approved_on__lte=as_of, due_on__gte=start))
    states = [rules.publication_state(b.published_on if b.published_on and b.published_on <= as_of else None,
                                      b.due_on, as_of) for b in rows]  # fmt: skip
    bad = sum(state in (rules.LATE, rules.OVERDUE) for state in states)
    published = [b.published_on for b in rows if b.published_on and b.published_on <= as_of]
    return [evidence.Finding(
        name=_("部门预决算公开"), count=len(published), last=max(published, default=None), url="/registers/budgets/",
        rule=_("批复后20日内公开"), problem=_("%(n)s项逾期公开或逾期未公开") % {"n": bad} if bad else "",
    )]  # fmt: skip


evidence.register_findings("registers.decisions", _decisions, key_areas=("social-credit", "law-enforcement"))
evidence.register_findings("registers.powers", _powers, key_areas=("power-lists",))
evidence.register_findings("registers.budgets", _budgets, key_areas=("fiscal",))
