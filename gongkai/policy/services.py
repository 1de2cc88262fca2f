"""Every change to the policy library, and the rule that a policy is released with its interpretation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, records
from gongkai.core.access import can
from gongkai.core.actors import as_user, require
from gongkai.core.roles import Capability
from gongkai.publishing import checks
from gongkai.publishing import services as publishing
from gongkai.publishing.models import InformationItem, Status, Validity

from .models import (
    DEFAULT_YEARS,
    LEADER_TARGET,
    TRIAL_YEARS,
    Cleanup,
    CleanupDecision,
    Form,
    Interpretation,
    IssuingBody,
    PolicyProfile,
    RegisterEntry,
    StateChange,
    Version,
)

PREPARING = {Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED, Status.PUBLISHED}
RELEASED = {Status.SCHEDULED, Status.PUBLISHED}  # approved: goes out with the policy, or is out


def publication_check(item: InformationItem, stage: str) -> list[checks.Finding]:
    """A policy that needs an interpretation: to submit it, an interpretation must be in preparation; to publish
    it, the interpretation must be approved (published, or scheduled with it); unless a reviewer recorded why
    it goes out without one. In the editor's check panel the same finding is a warning."""
    profile = PolicyProfile.objects.filter(item_id=item.pk).first() if item.pk else None
    if profile is None or not profile.needs_interpretation or profile.exemption_reason:
        return []
    statuses = set(Interpretation.objects.filter(policy_id=item.pk).values_list("item__status", flat=True))
    if stage == "publish":
        if statuses & RELEASED:
            return []
        message = _("该政策文件须与解读同步发布：请先审核通过关联的解读稿件，或由审核人记录不解读的理由。")
    else:
        if statuses & PREPARING:
            return []
        message = _("该政策文件需要解读：请起草并关联解读稿件，或由审核人记录不解读的理由。")
    severity = checks.WARN if stage == "edit" else checks.BLOCK
    return [checks.Finding("policy.interpretation", severity, "interpretations", message)]


@transaction.atomic
def set_needs_interpretation(*, actor, item: InformationItem, needed: bool) -> PolicyProfile:
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    profile, _created = PolicyProfile.objects.get_or_create(item=item)
    before = profile.needs_interpretation
    profile.needs_interpretation = needed
    profile.save()
    audit.record(
        actor=actor,
        action="policy.needs_interpretation",
        obj=item,
        unit=item.unit,
        changes={"needs_interpretation": [before, needed]},
    )
    return profile


@transaction.atomic
def exempt(*, actor, item: InformationItem, reason: str) -> PolicyProfile:
    """A reviewer records why this policy is published without an interpretation."""
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"exemption_reason": _("请写明不解读的理由，它会记录在案并供公开办检查。")})
    profile, _created = PolicyProfile.objects.get_or_create(item=item)
    profile.exemption_reason, profile.exempted_by, profile.exempted_at = (
        reason,
        as_user(actor),
        timezone.now(),
    )
    profile.save()
    audit.record(
        actor=actor,
        action="policy.exempted",
        obj=item,
        unit=item.unit,
        changes={"exemption_reason": ["", reason]},
    )
    return profile


@transaction.atomic
def clear_exemption(*, actor, item: InformationItem) -> PolicyProfile:
    """A reviewer withdraws the recorded reason: the policy needs its interpretation again."""
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    profile, _created = PolicyProfile.objects.select_for_update().get_or_create(item=item)
    before = profile.exemption_reason
    profile.exemption_reason, profile.exempted_by, profile.exempted_at = "", None, None
    profile.save(update_fields=["exemption_reason", "exempted_by", "exempted_at"])
    if before:
        audit.record(
            actor=actor,
            action="policy.exemption_cleared",
            obj=item,
            unit=item.unit,
            changes={"exemption_reason": [before, ""]},
        )
    return profile


def validate_link(*, policy: InformationItem, item: InformationItem, form: str) -> None:
    if policy.pk == item.pk:
        raise ValidationError({"item": _("解读稿件不能是政策文件本身。")})
    if form not in Form.values:
        raise ValidationError({"form": _("请选择解读形式。")})
    if Interpretation.objects.filter(item=item).exists():
        raise ValidationError({"item": _("该稿件已关联为另一政策文件的解读。")})
    if Interpretation.objects.filter(item=policy).exists():
        raise ValidationError({"policy": _("所选文件本身是一篇解读，不能再被解读。")})


@transaction.atomic
def link_interpretation(
    *,
    actor,
    policy: InformationItem,
    item: InformationItem,
    form: str = Form.TEXT,
    interpreter: str = "",
    is_leader: bool = False,
) -> Interpretation:
    """Link an interpretation to the policy it explains; both pages then show the link."""
    require(can(actor, Capability.EDIT_CONTENT, item.unit))
    require(policy.is_public or can(actor, Capability.EDIT_CONTENT, policy.unit))
    validate_link(policy=policy, item=item, form=form)
    link = Interpretation.objects.create(
        policy=policy, item=item, form=form, interpreter=interpreter.strip(), is_leader=is_leader
    )
    PolicyProfile.objects.get_or_create(item=policy)
    audit.record(
        actor=actor,
        action="policy.interpretation_linked",
        obj=item,
        unit=item.unit,
        changes={"policy": [None, policy.pk], "form": [None, form]},
    )
    return link


@transaction.atomic
def update_interpretation(
    *, actor, link: Interpretation, form: str, interpreter: str = "", is_leader: bool = False
) -> Interpretation:
    """Correct how a linked interpretation is presented (its form, who interprets, a leader's or not)."""
    require(can(actor, Capability.EDIT_CONTENT, link.item.unit))
    if form not in Form.values:
        raise ValidationError({"form": _("请选择解读形式。")})
    link = Interpretation.objects.select_for_update().select_related("item__unit").get(pk=link.pk)
    fields = ("form", "interpreter", "is_leader")
    before = audit.snapshot(link, fields)
    link.form, link.interpreter, link.is_leader = form, interpreter.strip(), is_leader
    link.save(update_fields=list(fields))
    changes = audit.diff(before, audit.snapshot(link, fields))
    if changes:
        audit.record(
            actor=actor,
            action="policy.interpretation_changed",
            obj=link.item,
            unit=link.item.unit,
            changes=changes,
        )
    return link


@transaction.atomic
def unlink_interpretation(*, actor, link: Interpretation) -> None:
    require(can(actor, Capability.EDIT_CONTENT, link.item.unit))
    audit.record(
        actor=actor,
        action="policy.interpretation_unlinked",
        obj=link.item,
        unit=link.item.unit,
        changes={"policy": [link.policy_id, None]},
    )
    link.delete()


def statistics(units, year: int) -> list[dict]:
    """Per unit, for policies published in ``year`` that need an interpretation: how many, how many have a
    published interpretation, exempted, interpreted late; and the unit's leader interpretations that year."""
    units = list(units)
    rows = {
        u.pk: {
            "unit": u,
            "policies": 0,
            "interpreted": 0,
            "exempted": 0,
            "late": 0,
            "missing": [],
            "leader": 0,
            "leader_target": LEADER_TARGET,
        }
        for u in units
    }
    policies = (
        InformationItem.objects.filter(
            unit__in=units,
            status=Status.PUBLISHED,
            published_at__year=year,
            policy_profile__needs_interpretation=True,
        )
        .select_related("policy_profile")
        .order_by("published_at")
    )
    links = defaultdict(list)
    for link in Interpretation.objects.public().filter(policy__in=policies).select_related("item", "policy"):
        links[link.policy_id].append(link)
    for policy in policies:
        row = rows[policy.unit_id]
        row["policies"] += 1
        if links[policy.pk]:
            row["interpreted"] += 1
            row["late"] += int(any(link.is_late for link in links[policy.pk]))
        elif policy.policy_profile.exemption_reason:
            row["exempted"] += 1
        else:
            row["missing"].append(policy)
    leaders = (
        Interpretation.objects.public()
        .filter(is_leader=True, item__unit__in=units, item__published_at__year=year)
        .values_list("item__unit_id", flat=True)
    )
    for unit_id in leaders:
        rows[unit_id]["leader"] += 1
    for row in rows.values():
        row["rate"] = round(row["interpreted"] / row["policies"], 3) if row["policies"] else None
        row["leader_short"] = row["leader"] < LEADER_TARGET
    return list(rows.values())


# The register ---------------------------------------------------------------------------------------------


def default_valid_until(title: str, effective_on: dt.date) -> dt.date:
    """A normative document is valid for five years from taking effect unless it says otherwise; one that is
    暂行 or 试行 for two (the last valid day is the day before the anniversary)."""
    years = TRIAL_YEARS if ("暂行" in title or "试行" in title) else DEFAULT_YEARS
    try:
        anniversary = effective_on.replace(year=effective_on.year + years)
    except ValueError:  # 29 February
        anniversary = effective_on.replace(year=effective_on.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def _next_number(kind: str, year: int) -> str:
    if kind == RegisterEntry.Kind.REGULATION:
        count = RegisterEntry.objects.filter(kind=kind).count()
        return _("临沂市人民政府令第%(n)d号") % {"n": count + 1}
    prefix = f"LYCR-{year}-"
    count = RegisterEntry.objects.filter(registration_number__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


def validate_registration(*, item, kind, issuing_body, review_unit: str, reviewed_on) -> None:
    errors = {}
    if not issuing_body.is_active or issuing_body.organization_id != item.unit_id:
        errors["issuing_body"] = _("发布单位不在制发主体清单中，或与所选制发主体不符。")
    if kind == RegisterEntry.Kind.NORMATIVE and not (review_unit.strip() and reviewed_on):
        errors["review_unit"] = _("行政规范性文件须经合法性审核：请填写审核机构和审核日期。")
    if not item.is_public:
        errors["item"] = _("请先发布文件原文，再登记入台账。")
    elif RegisterEntry.objects.filter(item=item).exists():
        errors["item"] = _("该文件已在台账中。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register(
    *, actor, item: InformationItem, kind: str = RegisterEntry.Kind.NORMATIVE, issuing_body: IssuingBody,
    review_unit: str = "", reviewed_on: dt.date | None = None, review_opinion: str = "",
    valid_until: dt.date | None = None, registration_number: str = "",
) -> RegisterEntry:  # fmt: skip
    """Enter a published normative document or regulation in the register: its issuing body must be on the
    list, a normative document needs its legality review, and its validity period (its own, or the rule's
    default) goes onto the original text so that it expires there on the day."""
    require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    validate_registration(item=item, kind=kind, issuing_body=issuing_body, review_unit=review_unit,
                          reviewed_on=reviewed_on)  # fmt: skip
    effective = item.effective_on or timezone.localdate(item.published_at)
    if valid_until is None and kind == RegisterEntry.Kind.NORMATIVE:
        valid_until = default_valid_until(item.title, effective)
    if valid_until and valid_until < effective:
        raise ValidationError({"valid_until": _("有效期不能早于施行日期。")})
    entry = RegisterEntry.objects.create(
        kind=kind, item=item, issuing_body=issuing_body, review_unit=review_unit.strip(), reviewed_on=reviewed_on,
        review_opinion=review_opinion, registration_number=registration_number or _next_number(kind, effective.year),
    )  # fmt: skip
    Version.objects.create(entry=entry, number=1, title=item.title, body=item.body, effective_on=effective)
    publishing.update_item(
        actor=actor, item=item, expected_version=None, effective_on=effective, valid_until=valid_until
    )
    audit.record(actor=actor, action="policy.registered", obj=item, unit=item.unit,
                 changes={"registration_number": [None, entry.registration_number]})  # fmt: skip
    return entry


@transaction.atomic
def update_review(
    *, actor, entry: RegisterEntry, review_unit: str, reviewed_on: dt.date | None, review_opinion: str = ""
) -> RegisterEntry:
    """Correct the legality review recorded for a registered document."""
    entry.review_unit, entry.reviewed_on, entry.review_opinion = (
        review_unit.strip(),
        reviewed_on,
        review_opinion,
    )
    return records.save_record(
        actor=actor,
        obj=entry,
        capability=Capability.REVIEW_CONTENT,
        unit=entry.item.unit,
        action="policy.review_changed",
    )


@transaction.atomic
def change_state(
    *, actor, entry: RegisterEntry, validity: str, on: dt.date, reason: str, by_item: InformationItem | None = None,
    cleanup: Cleanup | None = None,
) -> StateChange:  # fmt: skip
    """Repeal, declare expired or mark amended: the original text shows it from then on, with the document
    that changed it."""
    require(can(actor, Capability.REVIEW_CONTENT, entry.item.unit))
    if validity not in (Validity.REPEALED, Validity.EXPIRED, Validity.AMENDED, Validity.VALID):
        raise ValidationError({"validity": _("请选择有效性。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请写明理由，它将显示在文件原文上。")})
    publishing.set_validity(actor=actor, item=entry.item, validity=validity, changed_on=on,
                            replaced_by=by_item, note=reason.strip())  # fmt: skip
    return StateChange.objects.create(
        entry=entry, validity=validity, on=on, reason=reason.strip(), by_item=by_item, cleanup=cleanup
    )


@transaction.atomic
def amend(
    *, actor, entry: RegisterEntry, body: str, effective_on: dt.date, note: str, title: str = ""
) -> Version:
    """A new version of the text in force: the original page shows it, the earlier ones stay in the history."""
    require(can(actor, Capability.EDIT_CONTENT, entry.item.unit))
    item = publishing.update_item(actor=actor, item=entry.item, expected_version=None, body=body,
                                  **({"title": title} if title else {}))  # fmt: skip
    number = entry.versions.count() + 1
    version = Version.objects.create(entry=entry, number=number, title=item.title, body=item.body,
                                     effective_on=effective_on, note=note)  # fmt: skip
    audit.record(actor=actor, action="policy.amended", obj=item, unit=item.unit,
                 changes={"version": [number - 1, number]})  # fmt: skip
    return version


def compare(older: Version, newer: Version) -> list[tuple[str, str, str]]:
    """Side by side, paragraph by paragraph: (kind, old, new) with kind one of equal, changed, removed, added."""
    import difflib

    from gongkai.publishing import html as rich

    def paragraphs(version):
        text, _links = rich.read(version.body)
        return [p.strip() for p in text.splitlines() if p.strip()]

    a, b = paragraphs(older), paragraphs(newer)
    rows: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [("equal", x, x) for x in a[i1:i2]]
        elif tag == "replace":
            left, right = a[i1:i2], b[j1:j2]
            for n in range(max(len(left), len(right))):
                rows.append(("changed", left[n] if n < len(left) else "", right[n] if n < len(right) else ""))
        elif tag == "delete":
            rows += [("removed", x, "") for x in a[i1:i2]]
        else:
            rows += [("added", "", x) for x in b[j1:j2]]
    return rows


# Clean-ups ------------------------------------------------------------------------------------------------

DECISION_VALIDITY = {
    CleanupDecision.Decision.REPEAL: Validity.REPEALED,
    CleanupDecision.Decision.EXPIRE: Validity.EXPIRED,
    CleanupDecision.Decision.AMEND: Validity.AMENDED,
}


def _refuse_if_published(cleanup: Cleanup) -> None:
    """A clean-up's result list, once published, is a public record: it and its decisions stay as they are."""
    if cleanup.published_at:
        raise ValidationError(_("清理结果已经发布，不能再修改。"))


@transaction.atomic
def save_cleanup(*, actor, cleanup: Cleanup) -> Cleanup:
    """Add or change a clean-up before its result list is published (after, it is a public record)."""
    if cleanup.pk is not None and not cleanup._state.adding:
        stored = Cleanup.objects.select_for_update().select_related("unit").get(pk=cleanup.pk)
        require(can(actor, Capability.REVIEW_CONTENT, stored.unit))
        _refuse_if_published(stored)
    return records.save_record(
        actor=actor, obj=cleanup, capability=Capability.REVIEW_CONTENT, unit=cleanup.unit
    )


@transaction.atomic
def save_cleanup_decision(*, actor, decision: CleanupDecision) -> CleanupDecision:
    """Add or change one document's conclusion in a clean-up not yet published."""
    cleanup = decision.cleanup
    _refuse_if_published(cleanup)
    return records.save_record(
        actor=actor, obj=decision, capability=Capability.REVIEW_CONTENT, unit=cleanup.unit
    )


@transaction.atomic
def remove_cleanup_decision(*, actor, decision: CleanupDecision) -> None:
    cleanup = decision.cleanup
    _refuse_if_published(cleanup)
    records.delete_record(actor=actor, obj=decision, capability=Capability.REVIEW_CONTENT, unit=cleanup.unit)


@transaction.atomic
def publish_cleanup(*, actor, cleanup: Cleanup, on: dt.date | None = None) -> Cleanup:
    """Publish the clean-up's result list: every document repealed, declared expired or to be amended shows
    its new status on its original text from ``on``."""
    require(can(actor, Capability.REVIEW_CONTENT, cleanup.unit))
    if cleanup.published_at:
        raise ValidationError(_("清理结果已经发布。"))
    decisions = list(cleanup.decisions.select_related("entry__item", "replacement"))
    if not decisions:
        raise ValidationError(_("清理结果为空：请先逐件填写清理结论。"))
    missing = [
        d.entry.registration_number for d in decisions if d.decision != "keep" and not d.reason.strip()
    ]
    if missing:
        raise ValidationError(_("以下文件需写明清理理由：%(list)s") % {"list": "、".join(missing)})
    on = on or timezone.localdate()
    for decision in decisions:
        if decision.decision in DECISION_VALIDITY:
            change_state(actor=actor, entry=decision.entry, validity=DECISION_VALIDITY[decision.decision], on=on,
                         reason=f"{cleanup.title}：{decision.reason}", by_item=decision.replacement, cleanup=cleanup)  # fmt: skip
    cleanup.published_at = timezone.now()
    cleanup.save(update_fields=["published_at"])
    audit.record(actor=actor, action="policy.cleanup_published", obj=cleanup, unit=cleanup.unit,
                 changes={"decisions": [None, len(decisions)]})  # fmt: skip
    return cleanup


# The annual report's table 2 (section 二) from the register ---------------------------------------------------

REPORT_ROWS = {
    RegisterEntry.Kind.REGULATION: "regulations",
    RegisterEntry.Kind.NORMATIVE: "normative_documents",
}


def report_figures(units, year: int) -> dict:
    """本年制发, 本年废止 and 现行有效 (on 31 December) of regulations and normative documents issued by
    ``units``, from the register, in the annual report's table 2 rows. Empty when nothing is registered."""
    year_end = dt.date(year, 12, 31)
    figures: dict[str, dict[str, int]] = {}
    entries = RegisterEntry.objects.filter(issuing_body__organization__in=units).select_related("item")
    for entry in entries:
        item = entry.item
        if item.published_at is None or timezone.localdate(item.published_at) > year_end:
            continue
        row = figures.setdefault(REPORT_ROWS[entry.kind], {"made": 0, "repealed": 0, "valid": 0})
        row["made"] += timezone.localdate(item.published_at).year == year
        changed = item.validity_changed_on
        row["repealed"] += item.validity == Validity.REPEALED and changed is not None and changed.year == year
        row["valid"] += item.current_validity(today=year_end).validity == Validity.VALID or (
            changed is not None
            and changed > year_end
            and (item.valid_until is None or item.valid_until >= year_end)
        )
    return figures
