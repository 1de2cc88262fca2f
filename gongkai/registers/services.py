"""Every write to the registers: one function per use case, each checking the actor's right on the unit, in
one transaction, with one audit record. Views, the API, the importers and the demo call these.

Audit records name a decision by its document number, never by its subject (a natural person's name stays
out of the log)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, idcard
from gongkai.core import calendar as cal
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.models import Organization, validate_credit_code
from gongkai.core.roles import Capability

from . import rules
from .models import (
    POWER_FIELDS,
    BudgetDisclosure,
    BudgetKind,
    ChangeKind,
    ChangeReason,
    Decision,
    DecisionKind,
    FeeChange,
    FeeCollection,
    FeeItem,
    FeeKind,
    PowerChange,
    PowerItem,
    PowerType,
    Severity,
    SubjectType,
)

WRITE = Capability.EDIT_CONTENT


def _reindex(obj) -> None:
    from gongkai.search.tasks import reindex_on_commit

    from .search_sources import source_name

    reindex_on_commit(source_name(obj), obj.pk)


def _text(fields: dict, name: str, label: str, *, required: bool = True, limit: int | None = None) -> str:
    value = str(fields.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
    if limit and len(value) > limit:
        raise ValidationError({name: _("%(l)s不能超过%(n)s个字。") % {"l": label, "n": limit}})
    return value


def _choice(fields: dict, name: str, label: str, choices, *, default: str = "") -> str:
    """A choice by its code or its Chinese label (what a person types in a spreadsheet)."""
    value = str(fields.get(name) or "").strip()
    if not value:
        if default:
            return default
        raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
    for code, text in choices.choices:
        if value in (code, str(text)):
            return code
    names = "、".join(str(text) for _code, text in choices.choices)
    raise ValidationError({name: _("%(l)s“%(v)s”应为：%(c)s。") % {"l": label, "v": value, "c": names}})


def _date(fields: dict, name: str, label: str, *, required: bool = True) -> dt.date | None:
    value = fields.get(name)
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    for separator in ("年", "月"):
        text = text.replace(separator, "-")
    text = text.rstrip("日")
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return dt.date(year, month, day)
    except (ValueError, TypeError):
        raise ValidationError(
            {name: _("%(l)s“%(v)s”不是有效日期，应写作 2026-03-01。") % {"l": label, "v": value}}
        ) from None


def _amount(fields: dict, name: str, label: str, *, required: bool = True) -> Decimal | None:
    value = fields.get(name)
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("请填写%(l)s。") % {"l": label}})
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({name: _("%(l)s“%(v)s”应为数字。") % {"l": label, "v": value}}) from None
    if not number.is_finite() or number < 0 or number >= Decimal("1e9"):
        raise ValidationError({name: _("%(l)s“%(v)s”不是有效金额。") % {"l": label, "v": value}})
    return number


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("年度应为四位数字。")}) from None
    if not 2008 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("年度应在2008年至明年之间。")})
    return year


# ---- Power list (权责清单) -------------------------------------------------------------------------------


def _power_snapshot(item: PowerItem) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "power_type": item.power_type,
        "basis": item.basis,
        "implementing_unit": item.implementing_unit,
        "responsibility": item.responsibility,
        "parent_code": item.parent.code if item.parent_id else "",
    }


def clean_power(unit: Organization, fields: dict, *, item: PowerItem | None = None) -> dict:
    cleaned = {
        "code": _text(fields, "code", _("事项编码"), limit=60),
        "name": _text(fields, "name", _("事项名称"), limit=200),
        "power_type": _choice(fields, "power_type", _("事项类型"), PowerType),
        "basis": _text(fields, "basis", _("设定依据")),
        "implementing_unit": _text(fields, "implementing_unit", _("实施主体"), required=False, limit=200)
        or unit.name,
        "responsibility": _text(fields, "responsibility", _("责任事项"), required=False),
    }
    parent_code = _text(fields, "parent_code", _("所属事项编码"), required=False)
    parent = None
    if parent_code:
        parent = PowerItem.objects.filter(unit=unit, code=parent_code).first()
        if parent is None:
            raise ValidationError({"parent_code": _("本单位没有编码为“%(c)s”的事项。") % {"c": parent_code}})
        if parent.parent_id:
            raise ValidationError({"parent_code": _("子项不能再有子项。")})
        if item is not None and parent.pk == item.pk:
            raise ValidationError({"parent_code": _("事项不能是自己的子项。")})
    cleaned["parent"] = parent
    clash = PowerItem.objects.filter(unit=unit, code=cleaned["code"])
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"code": _("本单位已有编码为“%(c)s”的事项。") % {"c": cleaned["code"]}})
    return cleaned


@transaction.atomic
def save_power_item(
    *,
    actor,
    unit: Organization,
    fields: dict,
    changed_on: dt.date,
    reason: str = ChangeReason.OTHER,
    note: str = "",
    item: PowerItem | None = None,
) -> PowerItem:
    """Add an item of power, or adjust one (a new version with the reason, the date and what changed).
    An adjustment that changes nothing records nothing."""
    require(can(actor, WRITE, unit))
    if reason not in ChangeReason.values:
        raise ValidationError({"reason": _("请选择调整原因。")})
    if item is not None:
        item = PowerItem.objects.select_for_update().get(pk=item.pk)
        if item.unit_id != unit.pk:
            raise ValidationError(_("该事项不属于本单位。"))
        if not item.is_active:
            raise ValidationError(_("该事项已取消，不能再调整。"))
    cleaned = clean_power(unit, fields, item=item)
    before = _power_snapshot(item) if item else {}
    if item is None:
        item = PowerItem(unit=unit, changed_on=changed_on, version=1)
        kind = ChangeKind.ADDED
    else:
        kind = ChangeKind.CHANGED
    for name, value in cleaned.items():
        setattr(item, name, value)
    after = _power_snapshot(item)
    if before == after:
        return item
    if kind == ChangeKind.CHANGED:
        item.version += 1
        item.changed_on = changed_on
    item.save()
    PowerChange.objects.create(
        item=item, version=item.version, kind=kind, reason=reason, note=note[:300], changed_on=changed_on,
        before=before, after=after,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action=f"registers.power.{'added' if kind == ChangeKind.ADDED else 'adjusted'}",
        obj=item,
        unit=unit,
        changes={
            name: [before.get(name), after[name]] for name in POWER_FIELDS if before.get(name) != after[name]
        },
    )
    _reindex(item)
    return item


@transaction.atomic
def cancel_power_item(
    *, actor, item: PowerItem, changed_on: dt.date, reason: str, note: str = ""
) -> PowerItem:
    item = PowerItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    require(can(actor, WRITE, item.unit))
    if not item.is_active:
        raise ValidationError(_("该事项已取消。"))
    if reason not in ChangeReason.values:
        raise ValidationError({"reason": _("请选择调整原因。")})
    if item.sub_items.filter(is_active=True).exists():
        raise ValidationError(_("请先取消该事项的子项。"))
    snapshot = _power_snapshot(item)
    item.is_active, item.version, item.changed_on = False, item.version + 1, changed_on
    item.save()
    PowerChange.objects.create(
        item=item, version=item.version, kind=ChangeKind.CANCELLED, reason=reason, note=note[:300],
        changed_on=changed_on, before=snapshot, after={},
    )  # fmt: skip
    audit.record(actor=actor, action="registers.power.cancelled", obj=item, unit=item.unit)
    _reindex(item)
    return item


# ---- Decisions (双公示 and 行政强制) ----------------------------------------------------------------------


def clean_decision(unit: Organization, kind: str, fields: dict) -> dict:
    """The fields of a decision checked as the credit platforms check them, in Chinese, field by field."""
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("决定类别应为行政许可、行政处罚或行政强制。")})
    subject_type = _choice(fields, "subject_type", _("行政相对人类别"), SubjectType)
    cleaned = {
        "subject_name": _text(fields, "subject_name", _("行政相对人名称"), limit=200),
        "subject_type": subject_type,
        "credit_code": _text(fields, "credit_code", _("统一社会信用代码"), required=False).upper(),
        "legal_representative": _text(
            fields, "legal_representative", _("法定代表人"), required=False, limit=60
        ),
        "id_number": _text(fields, "id_number", _("身份证号码"), required=False).upper(),
        "doc_number": _text(fields, "doc_number", _("决定文书号"), limit=100),
        "title": _text(fields, "title", _("决定名称"), limit=200),
        "category": _text(fields, "category", _("许可或处罚类别"), limit=60),
        "content": _text(fields, "content", _("内容")),
        "basis": _text(fields, "basis", _("依据")),
        "decided_on": _date(fields, "decided_on", _("决定日期")),
        "valid_from": _date(fields, "valid_from", _("有效期自"), required=False),
        "valid_until": _date(fields, "valid_until", _("有效期至"), required=False),
        "data_source": _text(fields, "data_source", _("数据来源单位"), required=False, limit=100)
        or unit.name,
        "fine_10k_yuan": _amount(fields, "fine_10k_yuan", _("罚款金额（万元）"), required=False),
        "severity": "",
    }
    if subject_type == SubjectType.NATURAL:
        if cleaned["credit_code"]:
            raise ValidationError({"credit_code": _("自然人不填写统一社会信用代码。")})
        if not cleaned["id_number"]:
            raise ValidationError({"id_number": _("相对人为自然人时，请填写身份证号码。")})
        problem = idcard.problem(cleaned["id_number"])
        if problem:
            raise ValidationError({"id_number": problem})
    else:
        if cleaned["id_number"]:
            raise ValidationError({"id_number": _("法人、非法人组织和个体工商户不填写身份证号码。")})
        if not cleaned["credit_code"]:
            raise ValidationError({"credit_code": _("请填写统一社会信用代码。")})
        try:
            validate_credit_code(cleaned["credit_code"])
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.messages}) from None
        if subject_type == SubjectType.LEGAL and not cleaned["legal_representative"]:
            raise ValidationError({"legal_representative": _("请填写法定代表人。")})
    today = timezone.localdate()
    if cleaned["decided_on"] > today:
        raise ValidationError({"decided_on": _("决定日期不能晚于今天。")})
    if cleaned["decided_on"].year < 2000:
        raise ValidationError({"decided_on": _("决定日期不能早于2000年。")})
    if cleaned["valid_from"] and cleaned["valid_until"] and cleaned["valid_until"] < cleaned["valid_from"]:
        raise ValidationError({"valid_until": _("有效期至不能早于有效期自。")})
    if kind == DecisionKind.PENALTY:
        cleaned["severity"] = _choice(fields, "severity", _("失信程度"), Severity, default=Severity.GENERAL)
    elif cleaned["fine_10k_yuan"] is not None:
        raise ValidationError({"fine_10k_yuan": _("只有行政处罚填写罚款金额。")})
    power_code = _text(fields, "power_code", _("权责事项编码"), required=False)
    cleaned["power"] = None
    if power_code:
        power = PowerItem.objects.filter(unit=unit, code=power_code).first()
        if power is None:
            raise ValidationError(
                {"power_code": _("本单位权责清单中没有编码为“%(c)s”的事项。") % {"c": power_code}}
            )
        if power.power_type != kind:
            raise ValidationError(
                {"power_code": _("事项“%(n)s”的类型是%(t)s，与决定类别不符。")
                 % {"n": power.name, "t": power.get_power_type_display()}}
            )  # fmt: skip
        cleaned["power"] = power
    return cleaned


@transaction.atomic
def record_decision(
    *, actor, unit: Organization, kind: str, fields: dict, published_on: dt.date | None = None
) -> Decision:
    """Publish a decision in its register. It is due 7 working days after the decision; one published later
    is marked late and waits on the unit's to-do for an explanation."""
    require(can(actor, WRITE, unit))
    cleaned = clean_decision(unit, kind, fields)
    if Decision.objects.filter(unit=unit, kind=kind, doc_number=cleaned["doc_number"]).exists():
        raise ValidationError(
            {"doc_number": _("决定文书号“%(d)s”已在台账中。") % {"d": cleaned["doc_number"]}}
        )
    published_on = published_on or timezone.localdate()
    if published_on < cleaned["decided_on"]:
        raise ValidationError({"published_on": _("公示日期不能早于决定日期。")})
    decision = Decision(unit=unit, kind=kind, published_on=published_on, created_by=as_user(actor), **cleaned)
    decision.due_on = cal.add_working_days(cleaned["decided_on"], rules.PUBLICATION_WORKING_DAYS).due
    period = decision.public_period()
    decision.public_until = period.until if period else None
    decision.save()
    audit.record(
        actor=actor,
        action=f"registers.{kind}.recorded",
        obj=decision,
        unit=unit,
        object_repr=decision.doc_number,
        changes={"late": [None, decision.is_late]},
    )
    _reindex(decision)
    return decision


@transaction.atomic
def explain_late_decision(*, actor, decision: Decision, explanation: str) -> Decision:
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    require(can(actor, WRITE, decision.unit))
    explanation = (explanation or "").strip()
    if not decision.is_late:
        raise ValidationError(_("该决定已按时公示，无需说明。"))
    if not explanation:
        raise ValidationError({"explanation": _("请填写逾期公示的原因。")})
    decision.late_explanation = explanation[:2000]
    decision.save(update_fields=["late_explanation"])
    audit.record(actor=actor, action="registers.decision.late_explained", obj=decision, unit=decision.unit,
                 object_repr=decision.doc_number)  # fmt: skip
    return decision


@transaction.atomic
def repair_credit(*, actor, decision: Decision, repaired_on: dt.date, note: str) -> Decision:
    """An approved credit repair (信用修复) takes a penalty off the public pages before its period ends; it may
    not come before the shortest public period has passed."""
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    require(can(actor, WRITE, decision.unit))
    period = decision.public_period()
    if period is None:
        raise ValidationError(_("只有行政处罚信息可以信用修复。"))
    if decision.repaired_on:
        raise ValidationError(_("该处罚信息已于%(d)s修复。") % {"d": decision.repaired_on.isoformat()})
    if repaired_on > timezone.localdate():
        raise ValidationError({"repaired_on": _("修复日期不能晚于今天。")})
    if repaired_on < period.repair_from:
        raise ValidationError(
            {"repaired_on": _("最短公示期未满，%(d)s起方可修复。") % {"d": period.repair_from.isoformat()}}
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写修复依据（如信用修复决定书文号）。")})
    decision.repaired_on, decision.repair_note = repaired_on, note[:300]
    decision.save(update_fields=["repaired_on", "repair_note"])
    audit.record(actor=actor, action="registers.penalty.repaired", obj=decision, unit=decision.unit,
                 object_repr=decision.doc_number, changes={"repaired_on": [None, repaired_on.isoformat()]})  # fmt: skip
    _reindex(decision)
    return decision


# ---- Fees (收费目录清单) -----------------------------------------------------------------------------------


def clean_fee(unit: Organization, fields: dict, *, item: FeeItem | None = None) -> dict:
    cleaned = {
        "kind": _choice(fields, "kind", _("收费类别"), FeeKind),
        "name": _text(fields, "name", _("收费项目"), limit=200),
        "standard": _text(fields, "standard", _("收费标准")),
        "basis": _text(fields, "basis", _("收费依据")),
        "payer": _text(fields, "payer", _("收费对象"), required=False, limit=200),
    }
    clash = FeeItem.objects.filter(unit=unit, kind=cleaned["kind"], name=cleaned["name"])
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"name": _("本单位已有收费项目“%(n)s”。") % {"n": cleaned["name"]}})
    return cleaned


@transaction.atomic
def save_fee_item(
    *, actor, unit: Organization, fields: dict, changed_on: dt.date, basis: str, item: FeeItem | None = None
) -> FeeItem:
    """Set up a fee or adjust it; the change is dated and names the document behind it (变动依据)."""
    require(can(actor, WRITE, unit))
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError({"change_basis": _("请填写变动依据（文件名称和文号）。")})
    if item is not None:
        item = FeeItem.objects.select_for_update().get(pk=item.pk)
        if item.unit_id != unit.pk or not item.is_active:
            raise ValidationError(_("该收费项目已取消或不属于本单位。"))
    cleaned = clean_fee(unit, fields, item=item)
    before = item.standard if item else ""
    if item is not None and all(getattr(item, name) == value for name, value in cleaned.items()):
        return item  # nothing changed: no change recorded
    if item is None:
        item, kind = FeeItem(unit=unit), ChangeKind.ADDED
    else:
        kind = ChangeKind.CHANGED
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.changed_on = changed_on
    item.save()
    FeeChange.objects.create(item=item, kind=kind, changed_on=changed_on, standard_before=before,
                             standard_after=item.standard, basis=basis[:300])  # fmt: skip
    audit.record(actor=actor, action=f"registers.fee.{'added' if kind == ChangeKind.ADDED else 'adjusted'}",
                 obj=item, unit=unit, changes={"standard": [before, item.standard]})  # fmt: skip
    _reindex(item)
    return item


@transaction.atomic
def cancel_fee_item(*, actor, item: FeeItem, changed_on: dt.date, basis: str) -> FeeItem:
    item = FeeItem.objects.select_for_update().select_related("unit").get(pk=item.pk)
    require(can(actor, WRITE, item.unit))
    basis = (basis or "").strip()
    if not item.is_active:
        raise ValidationError(_("该收费项目已取消。"))
    if not basis:
        raise ValidationError({"change_basis": _("请填写取消依据（文件名称和文号）。")})
    item.is_active, item.changed_on = False, changed_on
    item.save()
    FeeChange.objects.create(item=item, kind=ChangeKind.CANCELLED, changed_on=changed_on,
                             standard_before=item.standard, basis=basis[:300])  # fmt: skip
    audit.record(actor=actor, action="registers.fee.cancelled", obj=item, unit=item.unit)
    _reindex(item)
    return item


@transaction.atomic
def set_fee_collection(*, actor, unit: Organization, year, amount_10k_yuan, note: str = "") -> FeeCollection:
    """The administrative fees the unit collected in ``year`` (万元), from its finance records."""
    require(can(actor, WRITE, unit))
    year = _year(year)
    amount = _amount({"amount": amount_10k_yuan}, "amount", _("收费金额（万元）"))
    row = FeeCollection.objects.select_for_update().filter(unit=unit, year=year).first()
    before = str(row.amount_10k_yuan) if row else None
    if row is None:
        row = FeeCollection(unit=unit, year=year)
    row.amount_10k_yuan, row.note = amount, (note or "").strip()[:300]
    row.save()
    audit.record(actor=actor, action="registers.fee_collection.set", obj=row, unit=unit,
                 object_repr=f"{unit.name} {year}", changes={"amount_10k_yuan": [before, str(amount)]})  # fmt: skip
    return row


# ---- Budgets and final accounts (预决算) --------------------------------------------------------------------

BUDGET_AMOUNTS = (
    ("total_10k_yuan", _("支出总额（万元）")),
    ("abroad_10k_yuan", _("因公出国（境）费（万元）")),
    ("vehicles_10k_yuan", _("公务用车购置及运行费（万元）")),
    ("reception_10k_yuan", _("公务接待费（万元）")),
)


def _budget_item(unit: Organization, item_id):
    """The published information item holding the budget's text and tables, by its number."""
    from gongkai.publishing.models import InformationItem, Status

    if item_id in (None, ""):
        return None
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise ValidationError({"item_id": _("公开文本应填写信息编号（数字）。")}) from None
    if not 0 < pk < 2**31:
        raise ValidationError({"item_id": _("本单位没有编号为%(n)s的已发布信息。") % {"n": pk}})
    item = InformationItem.objects.filter(pk=pk, unit=unit, status=Status.PUBLISHED).first()
    if item is None:
        raise ValidationError({"item_id": _("本单位没有编号为%(n)s的已发布信息。") % {"n": pk}})
    return item


@transaction.atomic
def save_budget(*, actor, unit: Organization, fields: dict) -> BudgetDisclosure:
    """Record (or correct) a unit's budget or final accounts of a year: its approval date sets the deadline
    (20 days); ``published_on`` is the day it went out, blank while it has not."""
    require(can(actor, WRITE, unit))
    year = _year(fields.get("year"))
    kind = _choice(fields, "kind", _("类别"), BudgetKind)
    approved_on = _date(fields, "approved_on", _("批复日期"))
    published_on = _date(fields, "published_on", _("公开日期"), required=False)
    today = timezone.localdate()
    if approved_on > today:
        raise ValidationError({"approved_on": _("批复日期不能晚于今天。")})
    if published_on and published_on > today:
        raise ValidationError({"published_on": _("公开日期不能晚于今天。")})
    if published_on and published_on < approved_on:
        raise ValidationError({"published_on": _("公开日期不能早于批复日期。")})
    # The figures are required once it is published (they are what is published), optional before.
    amounts = {name: _amount(fields, name, str(label), required=published_on is not None)
               for name, label in BUDGET_AMOUNTS}  # fmt: skip
    budget = BudgetDisclosure.objects.select_for_update().filter(unit=unit, year=year, kind=kind).first()
    created = budget is None
    if created:
        budget = BudgetDisclosure(unit=unit, year=year, kind=kind)
    budget.approved_on, budget.published_on = approved_on, published_on
    budget.due_on = rules.budget_due(approved_on)
    for name, value in amounts.items():
        setattr(budget, name, value)
    budget.performance_targets = str(fields.get("performance_targets") or "").strip()
    budget.performance_review = str(fields.get("performance_review") or "").strip()
    if kind == BudgetKind.BUDGET and budget.performance_review:
        raise ValidationError({"performance_review": _("绩效自评随部门决算公开，预算不填写。")})
    budget.late_explanation = str(fields.get("late_explanation") or "").strip()
    budget.item = _budget_item(unit, fields.get("item_id"))
    budget.save()
    audit.record(actor=actor, action=f"registers.budget.{'recorded' if created else 'changed'}", obj=budget,
                 unit=unit, object_repr=f"{unit.name} {year} {budget.get_kind_display()}")  # fmt: skip
    _reindex(budget)
    return budget
