"""Workspace pages: 重点领域台账. The registers of the user's units: import from the business systems' exports
(all or nothing, the row report on the page), decisions published late with their explanation, credit repair,
budgets and final accounts, the year's fee total. Every write goes through ``gongkai.registers.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core import audit, tables
from gongkai.core.paging import BoundedPaginator
from gongkai.core.params import int_param
from gongkai.registers import access, importer, rules, services
from gongkai.registers.api import MAX_IMPORT_BYTES
from gongkai.registers.models import BudgetDisclosure, Decision, FeeCollection, FeeItem, PowerItem
from gongkai.registers.views import DECISION_PAGES

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import (
    REGISTERS,
    BudgetForm,
    CancelForm,
    ExplanationForm,
    FeeCancelForm,
    FeeCollectionForm,
    FeeForm,
    ImportForm,
    PowerForm,
    RepairForm,
)


def _units(user):
    return access.writable_units(user)


@staff_view
@require_http_methods(["GET", "POST"])
def index(request):
    user, today = request.user, timezone.localdate()
    units = _units(user)
    form = ImportForm(units=units)
    collection = FeeCollectionForm(units=units, prefix="fee", initial={"year": today.year - 1})
    report = None
    if request.method == "POST" and "register" in request.POST:
        form = ImportForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importer.import_file(
                    upload.name, upload.read(MAX_IMPORT_BYTES + 1), register=form.cleaned_data["register"],
                    actor=user, unit=form.cleaned_data["unit"],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if report.committed:
                    messages.success(request, _("已导入%(n)s条，已有%(s)s条未重复导入。")
                                     % {"n": len(report.imported), "s": len(report.skipped)})  # fmt: skip
                    return redirect("workspace:registers")
    elif request.method == "POST":
        collection = FeeCollectionForm(request.POST, units=units, prefix="fee")
        if collection.is_valid():
            data = collection.cleaned_data
            try:
                services.set_fee_collection(actor=user, unit=data["unit"], year=data["year"],
                                            amount_10k_yuan=data["amount_10k_yuan"], note=data["note"])  # fmt: skip
            except ValidationError as exc:
                add_service_errors(collection, exc)
            else:
                messages.success(request, _("已保存年度收费金额。"))
                return redirect("workspace:registers")
    decisions = access.records_for(user, Decision).select_related("unit")
    context = {
        "title": _("重点领域台账"),
        "form": form,
        "report": report,
        "collection": collection,
        "late": decisions.late().filter(late_explanation="").order_by("published_on")[:50],
        "recent": decisions.order_by("-published_on", "-pk")[:20],
        "budgets": [(b, rules.STATE_LABELS[b.state(today)]) for b in
                    access.records_for(user, BudgetDisclosure).select_related("unit").order_by("-year", "unit__path")[:50]],
        "collections": access.records_for(user, FeeCollection).select_related("unit").order_by("-year")[:20],
        "powers": access.records_for(user, PowerItem).count(),
        "headers": {label: [aliases[0] for aliases in importer.REGISTERS[key].values()] for key, label in REGISTERS},
    }  # fmt: skip
    return page(request, "workspace/registers/index.html", context, section="registers")


@staff_view
@require_http_methods(["GET", "POST"])
def decision(request, pk: int):
    user = request.user
    found = access.get_decision_for_user(user, pk)
    explanation, repair = ExplanationForm(), RepairForm()
    if request.method == "POST":
        access.get_decision_for_user(user, pk, write=True)
        if request.POST.get("action") == "explain":
            explanation = ExplanationForm(request.POST)
            if explanation.is_valid():
                try:
                    services.explain_late_decision(actor=user, decision=found, **explanation.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(explanation, exc)
                else:
                    messages.success(request, _("已记录逾期公示说明。"))
                    return redirect("workspace:registers-decision", pk)
        else:
            repair = RepairForm(request.POST)
            if repair.is_valid():
                try:
                    services.repair_credit(actor=user, decision=found, **repair.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(repair, exc)
                else:
                    messages.success(request, _("已记录信用修复，该处罚信息不再公示。"))
                    return redirect("workspace:registers-decision", pk)
    return page(request, "workspace/registers/decision.html", {
        "title": f"{found.get_kind_display()} {found.doc_number}", "decision": found, "period": found.public_period(),
        "explanation": explanation, "repair": repair,
    }, section="registers")  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def budget(request, pk: int | None = None):
    user = request.user
    units = _units(user)
    found = access.get_budget_for_user(user, pk) if pk else None
    initial = {}
    if found:
        initial = {name: getattr(found, name) for name in BudgetForm.base_fields if hasattr(found, name)}
        initial["unit"], initial["item_id"] = found.unit, found.item_id
    form = BudgetForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            saved = services.save_budget(actor=user, unit=unit, fields=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("workspace:registers-budget", saved.pk)
    title = _("预决算公开记录") if found else _("登记预算或决算")
    return page(request, "workspace/registers/budget.html", {"title": title, "form": form, "budget": found},
                section="registers")  # fmt: skip


def _power_initial(item: PowerItem) -> dict:
    return {
        "unit": item.unit, "code": item.code, "name": item.name, "power_type": item.power_type, "basis": item.basis,
        "implementing_unit": item.implementing_unit, "responsibility": item.responsibility,
        "parent_code": item.parent.code if item.parent_id else "", "changed_on": timezone.localdate(),
    }  # fmt: skip


@staff_view
def powers(request):
    found = (
        access.records_for(request.user, PowerItem)
        .select_related("unit")
        .order_by("unit__path", "power_type", "code")
    )
    text = (request.GET.get("q") or "").strip()[:50]
    if text:
        found = found.filter(Q(name__icontains=text) | Q(code__icontains=text))
    listed = BoundedPaginator(found, 50).get_page(request.GET.get("page"))
    return page(request, "workspace/registers/powers.html", {"title": _("权责清单"), "page": listed, "q": text},
                section="registers")  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def power(request, pk: int | None = None):
    """Add an item of power, or adjust one (a new version with its reason and date), or cancel it."""
    user = request.user
    item = access.get_power_for_user(user, pk) if pk else None
    initial = _power_initial(item) if item else {"changed_on": timezone.localdate()}
    form = PowerForm(units=_units(user), initial=initial)
    cancel = CancelForm(prefix="cancel", initial={"changed_on": timezone.localdate()})
    if request.method == "POST":
        if item:
            access.get_power_for_user(user, pk, write=True)
        if "cancel-reason" in request.POST and item:
            cancel = CancelForm(request.POST, prefix="cancel")
            if cancel.is_valid():
                try:
                    services.cancel_power_item(actor=user, item=item, **cancel.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(cancel, exc)
                else:
                    messages.success(request, _("已取消该事项，调整记录已公开。"))
                    return redirect("workspace:registers-power", item.pk)
        else:
            form = PowerForm(request.POST, units=_units(user))
            if form.is_valid():
                data = dict(form.cleaned_data)
                unit, reason, note, changed_on = (
                    data.pop("unit"),
                    data.pop("reason"),
                    data.pop("note"),
                    data.pop("changed_on"),
                )
                try:
                    saved = services.save_power_item(actor=user, unit=unit, fields=data, changed_on=changed_on,
                                                     reason=reason, note=note, item=item)  # fmt: skip
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("已保存，调整记录已公开。"))
                    return redirect("workspace:registers-power", saved.pk)
    title = f"{item.code} {item.name}" if item else _("新增权责事项")
    return page(request, "workspace/registers/power.html", {
        "title": title, "item": item, "form": form, "cancel": cancel,
        "changes": item.changes.all() if item else [],
    }, section="registers")  # fmt: skip


@staff_view
def fees(request):
    found = (
        access.records_for(request.user, FeeItem)
        .select_related("unit")
        .order_by("kind", "unit__path", "name")
    )
    listed = BoundedPaginator(found, 50).get_page(request.GET.get("page"))
    return page(request, "workspace/registers/fees.html", {"title": _("收费目录清单"), "page": listed},
                section="registers")  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def fee(request, pk: int | None = None):
    """Set up a fee, adjust it (dated, with the document behind it), or cancel it."""
    user = request.user
    item = access.get_fee_for_user(user, pk) if pk else None
    today = timezone.localdate()
    initial = {"changed_on": today}
    if item:
        initial |= {"unit": item.unit, "kind": item.kind, "name": item.name, "standard": item.standard,
                    "basis": item.basis, "payer": item.payer}  # fmt: skip
    form = FeeForm(units=_units(user), initial=initial)
    cancel = FeeCancelForm(prefix="cancel", initial={"changed_on": today})
    if request.method == "POST":
        if item:
            access.get_fee_for_user(user, pk, write=True)
        if "cancel-change_basis" in request.POST and item:
            cancel = FeeCancelForm(request.POST, prefix="cancel")
            if cancel.is_valid():
                try:
                    services.cancel_fee_item(actor=user, item=item, changed_on=cancel.cleaned_data["changed_on"],
                                             basis=cancel.cleaned_data["change_basis"])  # fmt: skip
                except ValidationError as exc:
                    add_service_errors(cancel, exc)
                else:
                    messages.success(request, _("已取消该收费项目。"))
                    return redirect("workspace:registers-fee", item.pk)
        else:
            form = FeeForm(request.POST, units=_units(user))
            if form.is_valid():
                data = dict(form.cleaned_data)
                unit, basis, changed_on = data.pop("unit"), data.pop("change_basis"), data.pop("changed_on")
                try:
                    saved = services.save_fee_item(actor=user, unit=unit, fields=data, changed_on=changed_on,
                                                   basis=basis, item=item)  # fmt: skip
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("已保存。"))
                    return redirect("workspace:registers-fee", saved.pk)
    title = item.name if item else _("新增收费项目")
    return page(request, "workspace/registers/fee.html", {
        "title": title, "item": item, "form": form, "cancel": cancel, "changes": item.changes.all() if item else [],
    }, section="registers")  # fmt: skip


@staff_view
def export(request, slug: str, fmt: str):
    """The decisions of the user's units in the credit platforms' columns, the ID numbers whole (the file the
    unit uploads to the provincial credit platform); each download is in the audit log."""
    if slug not in DECISION_PAGES or fmt not in tables.FORMATS:
        raise Http404
    kind, name = DECISION_PAGES[slug]
    found = access.records_for(request.user, Decision).filter(kind=kind).select_related("unit")
    year = int_param(request.GET.get("year"))
    if year and 2000 <= year <= 2100:
        found = found.filter(decided_on__year=year)
    rows = list(found.order_by("-decided_on", "-pk")[:50_000])
    audit.record(actor=request.user, action="registers.decisions.exported", object_repr=f"{slug} {len(rows)}")
    header, table = importer.decision_table(rows, kind, full_id=True)
    return tables.download(header, table, fmt=fmt, filename=f"{name}（报送信用平台）", sheet=str(name))
