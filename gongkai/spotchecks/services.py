"""Every change to 双随机、一公开: the matters and the two directories, a plan, its commitment, its draw, the
results and their publication. Each checks the right, runs in one transaction and leaves one audit record;
the seed appears in no audit record (and on no page) before the draw.

A plan moves through a table (:data:`TRANSITIONS`): draft → committed (pool frozen, seed generated, its
SHA-256 published) → drawn (picks made from the seed and the pool, the seed published) → published (results
public). Committing, drawing and publishing each lock the plan and check its state in the same statement
that writes the new one, so two clicks never draw twice.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import audit, records
from gongkai.core.actors import require
from gongkai.search.tasks import reindex_on_commit

from . import access, draw
from .models import DrawPick, Entity, InspectionMatter, Inspector, Outcome, Plan, PlanState, Result
from .search_sources import PLAN_SOURCE

# action: (states it may start from, state it leads to)
TRANSITIONS = {
    "commit": ({PlanState.DRAFT}, PlanState.COMMITTED),
    "draw": ({PlanState.COMMITTED}, PlanState.DRAWN),
    "publish": ({PlanState.DRAWN}, PlanState.PUBLISHED),
}

REFUSALS = {
    "commit": gettext_lazy("只有草稿状态的计划可以公布；本计划已经公布过。"),
    "draw": gettext_lazy("只有已公布承诺值、尚未抽取的计划可以抽取；每个计划只抽取一次。"),
    "publish": gettext_lazy("只有已抽取、尚未公示结果的计划可以公示结果。"),
}


def _require_write(actor, unit) -> None:
    require(access.may_write(actor, unit))


def _lock(plan: Plan, action: str) -> Plan:
    allowed, _to = TRANSITIONS[action]
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.state not in allowed:
        raise ValidationError(str(REFUSALS[action]))
    return locked


# Directories ----------------------------------------------------------------------------------------------


@transaction.atomic
def save_matter(*, actor, matter: InspectionMatter) -> InspectionMatter:
    """Add or change a matter of the unit's 随机抽查事项清单."""
    if matter.pk:
        stored = InspectionMatter.objects.filter(pk=matter.pk).select_related("unit").first()
        require(stored is None or access.may_write(actor, stored.unit))
    return records.save_record(actor=actor, obj=matter, capability=access.WRITE, unit=matter.unit)


@transaction.atomic
def save_inspector(*, actor, inspector: Inspector) -> Inspector:
    """Add or change an inspector of the unit's directory (name and 执法证号 only)."""
    if inspector.pk:
        stored = Inspector.objects.filter(pk=inspector.pk).select_related("unit").first()
        require(stored is None or access.may_write(actor, stored.unit))
    inspector.certificate_no = inspector.certificate_no.strip()
    _keep_pool_keys(Inspector, inspector, "certificate_no", "pool_inspectors", _("执法证号"))
    return records.save_record(actor=actor, obj=inspector, capability=access.WRITE, unit=inspector.unit)


def _keep_pool_keys(model, obj, key: str, pool: str, label) -> None:
    """A code in the frozen pool of a plan committed and not yet drawn cannot change: the draw finds the
    drawn entities and inspectors by it, and the published pool must stay true."""
    if not obj.pk:
        return
    old = model.objects.filter(pk=obj.pk).values_list(key, flat=True).first()
    if old is None or old == getattr(obj, key):
        return
    waiting = Plan.objects.filter(state=PlanState.COMMITTED).values_list(pool, flat=True)
    if any(old == entry[0] for entries in waiting for entry in entries):
        raise ValidationError(
            {
                key: _("%(l)s %(c)s 在已公布、尚未抽取的抽查计划候选名单中，抽取前不能修改。")
                % {"l": label, "c": old}
            }
        )


@transaction.atomic
def save_entity(*, actor, entity: Entity) -> Entity:
    """Add or change an entity of a unit's directory (or of the shared one, kept by the openness office).
    The 统一社会信用代码 is checked (GB 32100)."""
    if entity.pk:
        stored = Entity.objects.filter(pk=entity.pk).select_related("unit").first()
        require(stored is None or access.may_write(actor, stored.unit))
    _require_write(actor, entity.unit)
    entity.credit_code = (entity.credit_code or "").strip().upper()
    same = Entity.objects.filter(credit_code=entity.credit_code, unit=entity.unit).exclude(pk=entity.pk)
    if entity.credit_code and same.exists():
        raise ValidationError(
            {"credit_code": _("名录中已有统一社会信用代码为%(c)s的检查对象。") % {"c": entity.credit_code}}
        )
    _keep_pool_keys(Entity, entity, "credit_code", "pool_entities", _("统一社会信用代码"))
    capability = access.SHARED if entity.unit is None else access.WRITE
    return records.save_record(actor=actor, obj=entity, capability=capability, unit=entity.unit)


# Plans ----------------------------------------------------------------------------------------------------


def _check_plan(plan: Plan, matters) -> None:
    errors = {}
    if plan.starts_on and plan.ends_on and plan.ends_on < plan.starts_on:
        errors["ends_on"] = _("检查结束日期不能早于开始日期。")
    if plan.inspectors_per_entity is not None and plan.inspectors_per_entity < draw.MIN_INSPECTORS:
        errors["inspectors_per_entity"] = _("每个检查对象至少选派%(n)d名执法人员。") % {
            "n": draw.MIN_INSPECTORS
        }
    if plan.entity_count is not None and plan.entity_count < 1:
        errors["entity_count"] = _("抽取的检查对象数量至少为1。")
    if matters is not None:
        if not matters:
            errors["matters"] = _("请至少选择一项抽查事项。")
        elif any(m.unit_id != plan.unit_id for m in matters):
            errors["matters"] = _("只能选择本单位随机抽查事项清单中的事项。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(*, actor, plan: Plan, matters=None) -> Plan:
    """Add or change a plan while it is a draft; once committed its terms and pool are fixed."""
    if plan.pk:
        stored = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
        require(access.may_write(actor, stored.unit))
        if stored.state != PlanState.DRAFT:
            raise ValidationError(_("计划已经公布，不能再修改。"))
    _require_write(actor, plan.unit)
    if matters is None and plan.pk is None:
        matters = []
    _check_plan(plan, None if matters is None else list(matters))
    return records.save_record(
        actor=actor, obj=plan, capability=access.WRITE, unit=plan.unit,
        m2m=None if matters is None else {"matters": list(matters)},
    )  # fmt: skip


def candidate_entities(plan: Plan):
    """The entities a plan draws from: the in-register entities of the unit's directory and of the shared
    one (within the plan's industry, if it names one), one per credit code, in code order."""
    found = Entity.objects.filter(Q(unit=plan.unit) | Q(unit__isnull=True), is_active=True)
    if plan.industry:
        found = found.filter(industry=plan.industry)
    by_code: dict[str, Entity] = {}
    for entity in found.order_by("credit_code", "unit_id"):  # the unit's own entry wins over the shared one
        if entity.credit_code not in by_code or entity.unit_id:
            by_code[entity.credit_code] = entity
    return [by_code[code] for code in sorted(by_code)]


def candidate_inspectors(plan: Plan):
    return list(Inspector.objects.filter(unit=plan.unit, is_active=True).order_by("certificate_no"))


@transaction.atomic
def record_conflict(*, actor, plan: Plan, entity: Entity, inspector: Inspector) -> Plan:
    """Record, before the commitment, that ``inspector`` may not inspect ``entity`` (回避)."""
    _require_write(actor, plan.unit)
    plan = _lock(plan, "commit")
    if inspector.unit_id != plan.unit_id:
        raise ValidationError(_("只能为本单位的执法人员登记回避。"))
    keys = plan.conflicts.setdefault(entity.credit_code, [])
    if inspector.certificate_no not in keys:
        keys.append(inspector.certificate_no)
        keys.sort()
    plan.save(update_fields=["conflicts"])
    audit.record(actor=actor, action="spotchecks.plan.conflict_recorded", obj=plan, unit=plan.unit,
                 changes={"conflicts": [None, f"{entity.credit_code} {inspector.certificate_no}"]})  # fmt: skip
    return plan


@transaction.atomic
def commit_plan(*, actor, plan: Plan, now: dt.datetime | None = None, seed: str | None = None) -> Plan:
    """Freeze the candidate pool, generate the secret seed and publish its SHA-256 with the plan. ``seed`` is
    for the demo only (a fixed seed makes the demo reproducible); a real plan always gets a fresh one."""
    _require_write(actor, plan.unit)
    plan = _lock(plan, "commit")
    _check_plan(plan, list(plan.matters.all()))
    entities, inspectors = candidate_entities(plan), candidate_inspectors(plan)
    if plan.entity_count > len(entities):
        raise ValidationError(
            _("检查对象名录只有%(have)d户在册对象，少于要抽取的%(want)d户。")
            % {"have": len(entities), "want": plan.entity_count}
        )
    if plan.inspectors_per_entity > len(inspectors):
        raise ValidationError(
            _("执法检查人员名录只有%(have)d名在岗人员，少于每户要选派的%(want)d名。")
            % {"have": len(inspectors), "want": plan.inspectors_per_entity}
        )
    codes = {e.credit_code for e in entities}
    certificates = {i.certificate_no for i in inspectors}
    plan.conflicts = {
        code: sorted(k for k in keys if k in certificates)
        for code, keys in sorted(plan.conflicts.items())
        if code in codes and any(k in certificates for k in keys)
    }
    for code, keys in plan.conflicts.items():
        if len(certificates) - len(keys) < plan.inspectors_per_entity:
            raise ValidationError(
                _("因回避，可选派到%(code)s的执法人员不足%(n)d名，请调整回避情形或每户选派人数。")
                % {"code": code, "n": plan.inspectors_per_entity}
            )
    plan.pool_entities = [[e.credit_code, e.name] for e in entities]
    plan.pool_inspectors = [[i.certificate_no, i.name] for i in inspectors]
    plan.seed = seed or draw.new_seed()
    plan.commitment = draw.commitment(plan.seed)
    plan.committed_at = now or timezone.now()
    plan.state = PlanState.COMMITTED
    plan.save()
    # The commitment and the pool's size only: the seed stays out of the log until the draw.
    audit.record(actor=actor, action="spotchecks.plan.committed", obj=plan, unit=plan.unit, changes={
        "state": [PlanState.DRAFT, PlanState.COMMITTED], "commitment": [None, plan.commitment],
        "pool": [None, f"{len(entities)} / {len(inspectors)}"],
    })  # fmt: skip
    return plan


@transaction.atomic
def draw_plan(*, actor, plan: Plan, now: dt.datetime | None = None) -> Plan:
    """Make the draw from the committed seed and frozen pool (once), then publish the seed."""
    _require_write(actor, plan.unit)
    plan = _lock(plan, "draw")
    try:
        picks = draw.draw(plan.seed, plan.entity_keys, plan.inspector_keys, plan.entity_count,
                          plan.inspectors_per_entity, plan.conflicts)  # fmt: skip
    except draw.DrawError as error:
        raise ValidationError(str(error)) from None
    names = dict(map(tuple, plan.pool_entities))
    entities = {e.credit_code: e for e in candidate_entities_by_code(plan, [p.entity for p in picks])}
    inspectors = {
        i.certificate_no: i for i in Inspector.objects.filter(certificate_no__in=plan.inspector_keys)
    }
    missing = [p.entity for p in picks if p.entity not in entities]
    missing += [k for p in picks for k in p.inspectors if k not in inspectors]
    if missing:  # a directory entry deleted since the commit: say which, change nothing
        raise ValidationError(
            _("候选名单中的%(c)s已不在名录中，请恢复该记录后再抽取。")
            % {"c": "、".join(sorted(set(missing)))}
        )
    for pick in picks:
        row = DrawPick.objects.create(plan=plan, order=pick.order, entity=entities[pick.entity],
                                      entity_key=pick.entity, entity_name=names[pick.entity],
                                      inspector_keys=list(pick.inspectors))  # fmt: skip
        row.inspectors.set([inspectors[k] for k in pick.inspectors])
    plan.state = PlanState.DRAWN
    plan.drawn_at = now or timezone.now()
    plan.save(update_fields=["state", "drawn_at"])
    audit.record(actor=actor, action="spotchecks.plan.drawn", obj=plan, unit=plan.unit, changes={
        "state": [PlanState.COMMITTED, PlanState.DRAWN], "seed": [None, plan.seed],
        "picks": [None, [p.entity for p in picks]],
    })  # fmt: skip
    return plan


def candidate_entities_by_code(plan: Plan, codes) -> list[Entity]:
    """The directory entries behind drawn codes (the unit's own entry before the shared one)."""
    found = Entity.objects.filter(Q(unit=plan.unit) | Q(unit__isnull=True), credit_code__in=codes)
    return sorted(found, key=lambda e: e.unit_id is not None)  # the unit's own last, so it wins in a dict


# Results --------------------------------------------------------------------------------------------------


@transaction.atomic
def record_result(
    *, actor, pick: DrawPick, checked_on: dt.date, outcome: str, findings: str = "", handling: str = ""
) -> Result:
    """Enter (or correct) the result for one drawn entity while the plan's results are not yet public."""
    plan = pick.plan
    _require_write(actor, plan.unit)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.state != PlanState.DRAWN:
        raise ValidationError(_("只有已抽取、尚未公示结果的计划可以录入检查结果。"))
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("请选择检查结果。")
    if checked_on is None:
        errors["checked_on"] = _("请填写检查日期。")
    elif locked.drawn_at and checked_on < timezone.localdate(locked.drawn_at):
        errors["checked_on"] = _("检查日期不能早于抽取日期。")
    elif checked_on > timezone.localdate():
        errors["checked_on"] = _("检查日期不能晚于今天。")
    if (
        outcome not in (Outcome.NO_PROBLEM, Outcome.UNREACHABLE, Outcome.NOT_OPERATING)
        and not handling.strip()
    ):
        errors["handling"] = _("发现问题的，请填写处理情况。")
    if errors:
        raise ValidationError(errors)
    result = Result.objects.filter(pick=pick).first()
    before = audit.snapshot(result, ["checked_on", "outcome", "findings", "handling"]) if result else {}
    if result is None:
        result = Result(plan=locked, pick=pick, entity_id=pick.entity_id)
    result.checked_on, result.outcome = checked_on, outcome
    result.findings, result.handling = findings.strip(), handling.strip()
    result.save()
    after = audit.snapshot(result, ["checked_on", "outcome", "findings", "handling"])
    audit.record(actor=actor, action="spotchecks.result.recorded", obj=result, unit=plan.unit,
                 changes=audit.diff(before, after))  # fmt: skip
    return result


@transaction.atomic
def publish_results(*, actor, plan: Plan, now: dt.datetime | None = None) -> Plan:
    """Publish the plan's results once every drawn entity has one."""
    _require_write(actor, plan.unit)
    plan = _lock(plan, "publish")
    missing = plan.picks.filter(result__isnull=True).count()
    if missing:
        raise ValidationError(_("还有%(n)d户检查对象未录入检查结果，录齐后才能公示。") % {"n": missing})
    now = now or timezone.now()
    plan.results.update(published_at=now)
    plan.state = PlanState.PUBLISHED
    plan.results_published_at = now
    plan.save(update_fields=["state", "results_published_at"])
    audit.record(actor=actor, action="spotchecks.plan.results_published", obj=plan, unit=plan.unit,
                 changes={"state": [PlanState.DRAWN, PlanState.PUBLISHED]})  # fmt: skip
    reindex_on_commit(PLAN_SOURCE, plan.pk)
    return plan


# Verification ---------------------------------------------------------------------------------------------


def verify_plan(plan: Plan, seed: str | None = None) -> draw.Verification:
    """Re-run a drawn plan's draw from ``seed`` (the published one by default) and its frozen pool."""
    if not plan.is_drawn:
        raise ValidationError(_("本计划尚未抽取，随机种子还未公布，暂不能核验。"))
    seed = (seed if seed is not None else plan.seed).strip()
    if not seed:
        raise ValidationError({"seed": _("请填写随机种子。")})
    try:
        return draw.verify(seed, plan.commitment, plan.entity_keys, plan.inspector_keys, plan.entity_count,
                           plan.inspectors_per_entity, [p.as_draw_pick() for p in plan.picks.all()],
                           plan.conflicts)  # fmt: skip
    except draw.DrawError as error:
        raise ValidationError(str(error)) from None
