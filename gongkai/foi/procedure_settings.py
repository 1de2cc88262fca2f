"""The openness office's settings of the application procedure (``ProcedureSettings``, one row): which
outcomes' notices say reconsideration comes first (复议前置, spec §1.9), the limit for a correction of
records (Art. 41) and for another organ's answer to a consultation (Art. 34).

Only a holder of ``Capability.SUPERVISE`` over the root of the organization tree (the top openness office)
changes them; every change is audited with what it was and what it became. Everyone on the staff may read
them (the notices they issue depend on them).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can, is_staff_member
from gongkai.core.actors import as_user, is_system, require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability, has_capability

from .models import DEFAULT_PRIOR_REVIEW_OUTCOMES, Outcome, ProcedureSettings

FIELDS = ("prior_review_outcomes", "record_correction_days", "organ_consultation_days")
MIN_DAYS, MAX_DAYS = 1, 60
DEFAULTS = {
    "prior_review_outcomes": [str(o) for o in DEFAULT_PRIOR_REVIEW_OUTCOMES],
    "record_correction_days": 20,
    "organ_consultation_days": 15,
}


def root() -> Organization | None:
    """The top of the organization tree (the openness office's unit is there)."""
    return Organization.objects.filter(parent__isnull=True).order_by("path").first()


def may_edit(actor) -> bool:
    """Whether ``actor`` holds SUPERVISE over the root of the tree (no query for a staff member whose role
    lacks it, or whose unit has a parent: its reach is its own subtree)."""
    if is_system(actor) or getattr(actor, "is_superuser", False):
        return True
    if not (is_staff_member(actor) and has_capability(actor.role, Capability.SUPERVISE)):
        return False
    unit = actor.unit
    return unit is not None and unit.parent_id is None and can(actor, Capability.SUPERVISE, unit)


def _days(value, field: str, label: str) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(label)s应为整数（工作日）。") % {"label": label}}) from None
    if isinstance(value, bool) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError(
            {
                field: _("%(label)s应在%(lo)s至%(hi)s个工作日之间。")
                % {"label": label, "lo": MIN_DAYS, "hi": MAX_DAYS}
            }
        )
    return days


def clean(data: dict) -> dict:
    """The changes in ``data`` (any of ``FIELDS``), checked; ValidationError on the field otherwise."""
    cleaned = {}
    errors: dict[str, list] = {}
    if "prior_review_outcomes" in data:
        chosen = data["prior_review_outcomes"] or []
        if isinstance(chosen, str) or not all(isinstance(o, str) for o in chosen):
            errors["prior_review_outcomes"] = [_("复议前置的办理结果应为办理结果代码的列表。")]
        else:
            unknown = [o for o in chosen if o not in Outcome.values]
            if unknown:
                errors["prior_review_outcomes"] = [_("不认识的办理结果：%(o)s。") % {"o": "、".join(unknown)}]
            else:  # kept in the order of table 3
                cleaned["prior_review_outcomes"] = [o for o in Outcome.values if o in set(chosen)]
    labels = {
        "record_correction_days": _("更正申请办理期限"),
        "organ_consultation_days": _("征求其他机关意见的期限"),
    }
    for field, label in labels.items():
        if field in data:
            try:
                cleaned[field] = _days(data[field], field, label)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def update(*, actor, **changes) -> ProcedureSettings:
    """Change the settings (only ``FIELDS``); audited. Raises PermissionDenied for anyone but a holder of
    SUPERVISE over the root, ValidationError (nothing changed) on a bad value."""
    require(may_edit(actor))
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(_("不认识的设置项：%(f)s。") % {"f": "、".join(sorted(unknown))})
    cleaned = clean(changes)
    # The one row has the key 1: two first saves at once make one row (get_or_create retries on the key),
    # and the lock orders them.
    ProcedureSettings.objects.get_or_create(pk=1)
    settings = ProcedureSettings.objects.select_for_update().get(pk=1)
    before = audit.snapshot(settings, FIELDS)  # a new row holds the defaults
    for field, value in cleaned.items():
        setattr(settings, field, value)
    after = audit.snapshot(settings, FIELDS)
    changed = audit.diff(before, after)
    if not changed:
        return settings
    settings.updated_by = as_user(actor)
    settings.save()
    audit.record(
        actor=actor,
        action="foi.procedure_settings.updated",
        obj=settings,
        unit=root(),
        changes=changed,
        object_repr=str(settings),
    )
    return settings


def as_dict(settings: ProcedureSettings | None = None) -> dict:
    settings = settings or ProcedureSettings.current()
    return {
        "prior_review_outcomes": list(settings.prior_review_outcomes or []),
        "record_correction_days": settings.record_correction_days,
        "organ_consultation_days": settings.organ_consultation_days,
        "defaults": DEFAULTS,
        "updated_at": settings.updated_at,
    }
