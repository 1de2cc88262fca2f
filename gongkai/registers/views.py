"""Public pages of the key-area registers (重点领域台账) under /registers/: lists with filters, a page per record,
downloads (CSV/XLSX; a natural person's ID number masked) and feeds. Lists keep the request's site's units."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import tables
from gongkai.core.models import Organization
from gongkai.core.paging import BoundedPaginator
from gongkai.core.params import int_param
from gongkai.sites.scope import elsewhere, scoped

from . import importer, rules
from .models import (
    BudgetDisclosure,
    BudgetKind,
    Decision,
    DecisionKind,
    FeeItem,
    FeeKind,
    PowerItem,
    PowerType,
)

PAGE_SIZE = 20
EXPORT_LIMIT = 20_000
# URL segment -> decision kind, and the register's name.
DECISION_PAGES = {
    "licensing": (DecisionKind.LICENSING, gettext_lazy("行政许可信息公示")),
    "penalties": (DecisionKind.PENALTY, gettext_lazy("行政处罚信息公示")),
    "coercion": (DecisionKind.COERCION, gettext_lazy("行政强制信息公示")),
}
HOME = {"label": gettext_lazy("重点领域台账"), "url": "/registers/"}


def _units(request, queryset) -> list[Organization]:
    ids = queryset.order_by().values_list("unit", flat=True).distinct()
    return list(Organization.objects.filter(pk__in=ids).order_by("path"))


def _search_text(request) -> str:
    return (request.GET.get("q") or "").strip()[:50]


def index(request):
    today = timezone.localdate()
    counts = {
        "powers": scoped(request, PowerItem.objects.listed()).count(),
        "fees": scoped(request, FeeItem.objects.filter(is_active=True)).count(),
        "budgets": scoped(request, BudgetDisclosure.objects.filter(published_on__isnull=False)).count(),
    }
    decided = dict(
        scoped(request, Decision.objects.public(today)).order_by().values_list("kind").annotate(n=Count("pk"))
    )
    registers = [
        {"url": "/registers/powers/", "name": _("权责清单"), "count": counts["powers"],
         "about": _("各部门行政许可、行政处罚等十类权力事项及其设定依据、调整记录。")},
        *[{"url": f"/registers/{slug}/", "name": name, "count": decided.get(kind, 0),
           "about": _("决定作出之日起7个工作日内公示，处罚信息按信用修复规定的期限公示。")}
          for slug, (kind, name) in DECISION_PAGES.items()],
        {"url": "/registers/inspections/", "name": _("“双随机、一公开”抽查"), "count": None,
         "about": _("随机抽查事项、检查对象和执法检查人员名录、抽查计划、可验证的随机抽取和抽查结果。")},
        {"url": "/registers/fees/", "name": _("收费目录清单"), "count": counts["fees"],
         "about": _("行政事业性收费、政府性基金和政府定价的涉企经营服务性收费及其标准、依据和调整。")},
        {"url": "/registers/budgets/", "name": _("预决算公开"), "count": counts["budgets"],
         "about": _("部门预算、决算和“三公”经费，批复后20日内公开，按时情况逐单位列出。")},
        {"url": "/datasets/", "name": _("数据发布"), "count": None,
         "about": _("按月、按季度定期发布的统计数据，如空气质量和饮用水水质。")},
    ]  # fmt: skip
    return render(
        request, "registers/index.html", {"registers": registers, "crumbs": [{**HOME, "url": None}]}
    )


# ---- Power list ---------------------------------------------------------------------------------------------


def _powers(request):
    found = scoped(request, PowerItem.objects.listed()).select_related("unit", "parent")
    unit, kind, text = int_param(request.GET.get("unit")), request.GET.get("type", ""), _search_text(request)
    filters = {"unit": unit, "type": kind if kind in PowerType.values else "", "q": text}
    all_units = _units(request, found)
    if unit:
        found = found.filter(unit_id=unit)
    if filters["type"]:
        found = found.filter(power_type=kind)
    if text:
        found = found.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(basis__icontains=text))
    return found.order_by("unit__path", "power_type", "code"), filters, all_units


def powers(request):
    found, filters, units = _powers(request)
    page = BoundedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/powers.html", {
        "page": page, "filters": filters, "units": units, "types": PowerType.choices,
        "crumbs": [HOME, {"label": _("权责清单"), "url": None}],
    })  # fmt: skip


def powers_export(request, fmt: str):
    found, _filters, _units = _powers(request)
    header, rows = importer.power_table(found[:EXPORT_LIMIT])
    return tables.download(header, rows, fmt=fmt, filename="权责清单", sheet="权责清单")


def power(request, pk: int):
    item = get_object_or_404(PowerItem.objects.public().select_related("unit", "parent"), pk=pk)
    if moved := elsewhere(request, item.unit):
        return moved
    return render(request, "registers/power.html", {
        "item": item, "sub_items": item.sub_items.filter(is_active=True), "changes": item.changes.all(),
        "decisions": item.decisions.public(timezone.localdate())[:10],
        "crumbs": [HOME, {"label": _("权责清单"), "url": "/registers/powers/"}, {"label": item.name, "url": None}],
    })  # fmt: skip


# ---- Decisions (双公示, 行政强制) ----------------------------------------------------------------------------


def _decisions(request, slug: str):
    if slug not in DECISION_PAGES:
        raise Http404
    kind, name = DECISION_PAGES[slug]
    found = scoped(request, Decision.objects.public(timezone.localdate()).filter(kind=kind)).select_related(
        "unit"
    )
    unit, year, text = (
        int_param(request.GET.get("unit")),
        int_param(request.GET.get("year")),
        _search_text(request),
    )
    all_units = _units(request, found)
    if unit:
        found = found.filter(unit_id=unit)
    if year and 2000 <= year <= 2100:
        found = found.filter(decided_on__year=year)
    else:
        year = None
    if text:
        found = found.filter(
            Q(subject_name__icontains=text) | Q(doc_number__icontains=text) | Q(credit_code__iexact=text)
        )
    return kind, name, found, {"unit": unit, "year": year, "q": text}, all_units


def decisions(request, slug: str):
    kind, name, found, filters, units = _decisions(request, slug)
    page = BoundedPaginator(found.order_by("-decided_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(request, "registers/decisions.html", {
        "page": page, "filters": filters, "units": units, "name": name, "slug": slug, "kind": kind,
        "years": range(this_year, this_year - 6, -1),
        "crumbs": [HOME, {"label": name, "url": None}],
    })  # fmt: skip


def decisions_export(request, slug: str, fmt: str):
    kind, name, found, _filters, _units = _decisions(request, slug)
    header, rows = importer.decision_table(
        found.order_by("-decided_on", "-pk")[:EXPORT_LIMIT], kind, full_id=False
    )
    return tables.download(header, rows, fmt=fmt, filename=str(name), sheet=str(name))


def decision(request, pk: int):
    item = get_object_or_404(
        Decision.objects.public(timezone.localdate()).select_related("unit", "power"), pk=pk
    )
    if moved := elsewhere(request, item.unit):
        return moved
    slug = next(s for s, (k, _n) in DECISION_PAGES.items() if k == item.kind)
    return render(request, "registers/decision.html", {
        "item": item, "period": item.public_period(),
        "crumbs": [HOME, {"label": DECISION_PAGES[slug][1], "url": f"/registers/{slug}/"},
                   {"label": item.doc_number, "url": None}],
    })  # fmt: skip


# ---- Fees ----------------------------------------------------------------------------------------------------


def fees(request):
    found = scoped(request, FeeItem.objects.all()).select_related("unit")
    unit, kind = int_param(request.GET.get("unit")), request.GET.get("kind", "")
    show_cancelled = request.GET.get("cancelled") == "1"
    units = _units(request, found)
    if not show_cancelled:
        found = found.filter(is_active=True)
    if unit:
        found = found.filter(unit_id=unit)
    if kind in FeeKind.values:
        found = found.filter(kind=kind)
    else:
        kind = ""
    page = BoundedPaginator(found.order_by("kind", "unit__path", "name"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "registers/fees.html", {
        "page": page, "units": units, "kinds": FeeKind.choices,
        "filters": {"unit": unit, "kind": kind, "cancelled": show_cancelled},
        "crumbs": [HOME, {"label": _("收费目录清单"), "url": None}],
    })  # fmt: skip


def fee(request, pk: int):
    item = get_object_or_404(FeeItem.objects.filter(unit__is_active=True).select_related("unit"), pk=pk)
    if moved := elsewhere(request, item.unit):
        return moved
    return render(request, "registers/fee.html", {
        "item": item, "changes": item.changes.all(),
        "crumbs": [HOME, {"label": _("收费目录清单"), "url": "/registers/fees/"}, {"label": item.name, "url": None}],
    })  # fmt: skip


# ---- Budgets -------------------------------------------------------------------------------------------------


def budgets(request):
    today = timezone.localdate()
    every = scoped(request, BudgetDisclosure.objects.all())
    years = sorted(set(every.values_list("year", flat=True)), reverse=True)
    year = int_param(request.GET.get("year"))
    year = year if year in years else (years[0] if years else today.year)
    rows = [
        {"budget": b, "state": b.state(today), "label": rules.STATE_LABELS[b.state(today)]}
        for b in every.filter(year=year).select_related("unit", "item").order_by("unit__path", "kind")
    ]
    on_time = sum(r["state"] == rules.ON_TIME for r in rows)
    return render(request, "registers/budgets.html", {
        "rows": rows, "years": years, "year": year, "on_time": on_time, "kinds": BudgetKind.choices,
        "crumbs": [HOME, {"label": _("预决算公开"), "url": None}],
    })  # fmt: skip


def budget(request, pk: int):
    item = get_object_or_404(BudgetDisclosure.objects.select_related("unit", "item"), pk=pk)
    if moved := elsewhere(request, item.unit):
        return moved
    today = timezone.localdate()
    return render(request, "registers/budget.html", {
        "item": item, "label": rules.STATE_LABELS[item.state(today)], "state": item.state(today),
        "crumbs": [HOME, {"label": _("预决算公开"), "url": "/registers/budgets/"},
                   {"label": f"{item.year} {item.get_kind_display()}", "url": None}],
    })  # fmt: skip
