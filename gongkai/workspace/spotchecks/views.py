"""Workspace pages: 双随机抽查. The matters, the directories and the plans of the user's units; a plan is written,
committed (pool frozen, seed committed by its hash), drawn once, its results entered and published, all through
``gongkai.spotchecks.services``. The seed is never shown here before the draw either."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.core.access import writable_units
from gongkai.spotchecks import access, importer, services
from gongkai.spotchecks.models import Entity, Inspector, Plan, PlanState

from ..auth import staff_view
from ..supervision.forms import add_service_errors
from ..views import page
from .forms import ConflictForm, EntityForm, ImportForm, InspectorForm, MatterForm, PlanForm, ResultForm

SECTION = "spotchecks"


def _writable_units(user):
    return writable_units(user, access.WRITE)


@staff_view
def index(request):
    user = request.user
    plans = access.plans_for(user).select_related("unit").annotate(n_picks=Count("picks"))
    listed = Paginator(plans.order_by("-year", "-starts_on", "-pk"), 20).get_page(request.GET.get("page"))
    return page(request, "workspace/spotchecks/index.html", {
        "title": _("双随机抽查"), "plans": listed,
        "matters": access.matters_for(user).select_related("unit"),
        "inspectors": access.inspectors_for(user).select_related("unit"),
        "entity_count": access.entities_for(user).filter(is_active=True).count(),
        "entities": access.entities_for(user).select_related("unit").order_by("-created_at", "-pk")[:20],
    }, section=SECTION)  # fmt: skip


def _edit(request, *, form_class, obj, save, title: str, extra=None):
    units = _writable_units(request.user)
    kwargs = {"units": units, **(extra or {})}
    form = form_class(request.POST or None, instance=obj, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存。"))
            return None, form
    return page(
        request, "workspace/spotchecks/edit.html", {"title": title, "form": form}, section=SECTION
    ), form


def _saved_or(response, to: str):
    return response if response is not None else redirect(to)


@staff_view
@require_http_methods(["GET", "POST"])
def matter(request, pk: int | None = None):
    obj = access.get_matter_for_user(request.user, pk, write=request.method == "POST") if pk else None
    response, _form = _edit(request, form_class=MatterForm, obj=obj, title=_("随机抽查事项"),
                            save=lambda f: services.save_matter(actor=request.user, matter=f.instance))  # fmt: skip
    return _saved_or(response, reverse("workspace:spotchecks"))


@staff_view
@require_http_methods(["GET", "POST"])
def inspector(request, pk: int | None = None):
    obj = access.get_inspector_for_user(request.user, pk, write=request.method == "POST") if pk else None
    response, _form = _edit(request, form_class=InspectorForm, obj=obj, title=_("执法检查人员"),
                            save=lambda f: services.save_inspector(actor=request.user, inspector=f.instance))  # fmt: skip
    return _saved_or(response, reverse("workspace:spotchecks"))


@staff_view
@require_http_methods(["GET", "POST"])
def entity(request, pk: int | None = None):
    obj = access.get_entity_for_user(request.user, pk, write=request.method == "POST") if pk else None
    response, _form = _edit(request, form_class=EntityForm, obj=obj, title=_("检查对象"),
                            save=lambda f: services.save_entity(actor=request.user, entity=f.instance),
                            extra={"may_share": access.may_write(request.user, None)})  # fmt: skip
    return _saved_or(response, reverse("workspace:spotchecks"))


@staff_view
@require_http_methods(["GET", "POST"])
def import_entities(request):
    user = request.user
    form = ImportForm(request.POST or None, request.FILES or None, units=_writable_units(user),
                      may_share=access.may_write(user, None))  # fmt: skip
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            report = importer.import_entities(actor=user, unit=form.cleaned_data["unit"], name=upload.name,
                                              data=upload.read(), dry_run=request.POST.get("action") == "check")  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if report.committed:
                messages.success(
                    request,
                    _("已导入：新增%(a)d户，更新%(u)d户。") % {"a": report.added, "u": report.updated},
                )
                return redirect("workspace:spotchecks")
    return page(request, "workspace/spotchecks/import.html", {"title": _("导入检查对象名录"), "form": form,
                                                              "report": report}, section=SECTION)  # fmt: skip


@staff_view
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int | None = None):
    user = request.user
    obj = access.get_plan_for_user(user, pk, write=request.method == "POST") if pk else None
    if obj is not None and obj.state != PlanState.DRAFT:
        return redirect("workspace:spotchecks-plan", obj.pk)
    matters = access.matters_for(user).filter(is_active=True).select_related("unit")
    saved = {}

    def save(form):
        saved["plan"] = services.save_plan(
            actor=user, plan=form.instance, matters=form.cleaned_data["matters"]
        )

    response, _form = _edit(request, form_class=PlanForm, obj=obj, title=_("抽查计划"), save=save,
                            extra={"matters": matters})  # fmt: skip
    if response is not None:
        return response
    return redirect("workspace:spotchecks-plan", saved["plan"].pk)


def _conflict_form(plan: Plan, data=None) -> ConflictForm:
    entities = Entity.objects.filter(pk__in=[e.pk for e in services.candidate_entities(plan)])
    inspectors = Inspector.objects.filter(pk__in=[i.pk for i in services.candidate_inspectors(plan)])
    return ConflictForm(data, entities=entities.order_by("credit_code"), inspectors=inspectors)


def _conflicts(plan: Plan) -> list[tuple[str, str]]:
    names = dict(Entity.objects.filter(credit_code__in=plan.conflicts).values_list("credit_code", "name"))
    people = dict(Inspector.objects.filter(unit=plan.unit).values_list("certificate_no", "name"))
    return [(f"{names.get(code, '')}（{code}）", f"{people.get(key, '')}（{key}）")
            for code, keys in sorted(plan.conflicts.items()) for key in keys]  # fmt: skip


def _plan_context(request, plan: Plan, result_forms: dict | None = None, conflict_form=None) -> dict:
    picks = list(plan.picks.select_related("result").order_by("order")) if plan.is_drawn else []
    names = dict(map(tuple, plan.pool_inspectors))
    result_forms = result_forms or {}
    rows = []
    for pick in picks:
        result = getattr(pick, "result", None)
        initial = {"checked_on": result.checked_on, "outcome": result.outcome, "findings": result.findings,
                   "handling": result.handling} if result else {}  # fmt: skip
        form = result_forms.get(pick.pk) or ResultForm(initial=initial, prefix=f"r{pick.pk}")
        rows.append({"pick": pick, "result": result, "form": form,
                     "inspectors": [(k, names.get(k, "")) for k in pick.inspector_keys]})  # fmt: skip
    return {
        "title": plan.title, "plan": plan, "rows": rows, "matters": list(plan.matters.all()),
        "may_write": access.may_write(request.user, plan.unit),
        "missing": sum(1 for r in rows if r["result"] is None),
        "candidates": (len(services.candidate_entities(plan)), len(services.candidate_inspectors(plan)))
        if plan.state == PlanState.DRAFT else None,
        "conflicts": _conflicts(plan),
        "conflict_form": conflict_form or (_conflict_form(plan) if plan.state == PlanState.DRAFT else None),
    }  # fmt: skip


@staff_view
def plan(request, pk: int):
    found = access.get_plan_for_user(request.user, pk)
    return page(request, "workspace/spotchecks/plan.html", _plan_context(request, found), section=SECTION)


@staff_view
@require_POST
def plan_action(request, pk: int, action: str):
    user = request.user
    if action not in services.TRANSITIONS:
        raise Http404
    found = access.get_plan_for_user(user, pk, write=True)
    act = {"commit": services.commit_plan, "draw": services.draw_plan, "publish": services.publish_results}
    done = {"commit": _("计划已公布，随机种子承诺值已公开。"), "draw": _("已完成随机抽取，随机种子已公布。"),
            "publish": _("抽查结果已公示。")}  # fmt: skip
    try:
        act[action](actor=user, plan=found)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done[action])
    return redirect("workspace:spotchecks-plan", found.pk)


@staff_view
@require_POST
def result(request, pk: int):
    user = request.user
    pick = access.get_pick_for_user(user, pk, write=True)
    form = ResultForm(request.POST, prefix=f"r{pick.pk}")
    if form.is_valid():
        try:
            services.record_result(actor=user, pick=pick, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存“%(n)s”的检查结果。") % {"n": pick.entity_name})
            return redirect(reverse("workspace:spotchecks-plan", args=[pick.plan_id]) + f"#pick-{pick.pk}")
    context = _plan_context(request, pick.plan, {pick.pk: form})
    return page(request, "workspace/spotchecks/plan.html", context, section=SECTION)


@staff_view
@require_POST
def conflict(request, pk: int):
    """Record a conflict of interest (回避) on a draft plan."""
    user = request.user
    found = access.get_plan_for_user(user, pk, write=True)
    form = _conflict_form(found, request.POST)
    if form.is_valid():
        try:
            services.record_conflict(actor=user, plan=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记回避。"))
            return redirect("workspace:spotchecks-plan", found.pk)
    context = _plan_context(request, found, conflict_form=form)
    return page(request, "workspace/spotchecks/plan.html", context, section=SECTION)


@staff_view
def entities(request):
    """The whole directory in reach, searched by name or credit code."""
    found = access.entities_for(request.user).select_related("unit").order_by("credit_code", "pk")
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        found = found.filter(Q(name__icontains=q) | Q(credit_code__icontains=q.upper()))
    listed = Paginator(found, 50).get_page(request.GET.get("page"))
    return page(request, "workspace/spotchecks/entities.html", {"title": _("检查对象名录"), "found": listed, "q": q},
                section=SECTION)  # fmt: skip
