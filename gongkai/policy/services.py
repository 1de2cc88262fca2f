"""Every change to the policy library, and the rule that a policy is released with its interpretation."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.roles import Capability
from gongkai.publishing import checks
from gongkai.publishing.models import InformationItem, Status

from .models import LEADER_TARGET, Form, Interpretation, PolicyProfile

PREPARING = {Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED, Status.PUBLISHED}
RELEASED = {Status.SCHEDULED, Status.PUBLISHED}  # approved: goes out with the policy, or is out


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("您没有处理该单位政策文件的权限。"))


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
    _require(can(actor, Capability.EDIT_CONTENT, item.unit))
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
    _require(can(actor, Capability.REVIEW_CONTENT, item.unit))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"exemption_reason": _("请写明不解读的理由，它会记录在案并供公开办检查。")})
    profile, _created = PolicyProfile.objects.get_or_create(item=item)
    profile.exemption_reason, profile.exempted_by, profile.exempted_at = reason, actor, timezone.now()
    profile.save()
    audit.record(
        actor=actor,
        action="policy.exempted",
        obj=item,
        unit=item.unit,
        changes={"exemption_reason": ["", reason]},
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
    _require(can(actor, Capability.EDIT_CONTENT, item.unit))
    _require(policy.is_public or can(actor, Capability.EDIT_CONTENT, policy.unit))
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
def unlink_interpretation(*, actor, link: Interpretation) -> None:
    _require(can(actor, Capability.EDIT_CONTENT, link.item.unit))
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
