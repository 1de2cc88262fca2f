"""Workspace pages: 重点领域台账. The registers of the user's units: import from the business systems' exports
(all or nothing, the row report on the page), decisions published late with their explanation, credit repair,
budgets and final accounts, the year's fee total. Every write goes through ``gongkai.registers.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.models import Organization
from gongkai.registers import access, importer, rules, services
from gongkai.registers.api import MAX_IMPORT_BYTES
from gongkai.registers.models import BudgetDisclosure, Decision, FeeCollection, PowerItem

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import REGISTERS, BudgetForm, ExplanationForm, FeeCollectionForm, ImportForm, RepairForm


def _units(user):
    return Organization.objects.filter(pk__in=[u.pk for u in access.writable_units(user)]).order_by("path")


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
