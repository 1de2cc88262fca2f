"""Catalog configuration: a unit's columns from the standard template, review levels, site-wide settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.access import can
from gongkai.core.actors import require
from gongkai.core.models import Organization
from gongkai.core.roles import Capability

from .. import standard
from ..models import Column, ColumnTemplate, ReviewPolicy
from .items import Actor


@transaction.atomic
def ensure_catalog(*, actor: Actor, unit: Organization) -> list[Column]:
    """Give ``unit`` every column of the standard template it lacks (by code), and its 政府信息公开 column the
    national names and structure (``standard.fix_structure``); never removes any column."""
    require(can(actor, Capability.EDIT_UNIT, unit))
    existing = {c.code: c for c in Column.objects.filter(unit=unit)}
    created: list[Column] = []
    catalog_fields = (
        "matter",
        "content_elements",
        "legal_basis",
        "time_limit",
        "channels",
        "audience",
        "mode",
    )
    templates = list(ColumnTemplate.objects.select_related("parent").order_by("sort_order", "pk"))
    level = [t for t in templates if t.parent_id is None]
    while level:  # one insert per depth, parents before their children
        batch = [
            Column(
                unit=unit,
                template=template,
                code=template.code,
                name=template.name,
                parent=existing.get(template.parent.code) if template.parent_id else None,
                sort_order=template.sort_order,
                description=template.description,
                subject=unit.name,
                level=_level_of(unit),
                **{name: getattr(template, name) for name in catalog_fields},
            )
            for template in level
            if template.code not in existing
        ]
        for column in Column.objects.bulk_create(batch):
            existing[column.code] = column
            created.append(column)
        ids = {t.pk for t in level}
        level = [t for t in templates if t.parent_id in ids]
    if created:
        audit.record(
            actor=actor,
            action="publishing.catalog.created",
            obj=unit,
            unit=unit,
            changes={"columns": [None, [c.name for c in created]]},
        )
    fixed = standard.fix_structure(existing)
    if fixed:
        Column.objects.bulk_update(fixed, ["name", "is_active", "parent"])
        audit.record(
            actor=actor,
            action="publishing.catalog.standardized",
            obj=unit,
            unit=unit,
            changes={"columns": [None, [c.name for c in fixed]]},
        )
    return created


def _level_of(unit: Organization) -> str:
    from gongkai.core.models import OrgType

    return {OrgType.TOWNSHIP: "乡级", OrgType.COUNTY: "县级"}.get(unit.org_type, "市级")


@transaction.atomic
def save_column(*, actor: Actor, column: Column, changed=()) -> Column:
    require(can(actor, Capability.EDIT_UNIT, column.unit))
    created = column.pk is None
    column.full_clean()
    column.save()
    audit.record(
        actor=actor,
        action="publishing.column.created" if created else "publishing.column.changed",
        obj=column,
        unit=column.unit,
        changes={name: [None, str(getattr(column, name))] for name in changed},
    )
    return column


@transaction.atomic
def set_review_levels(*, actor: Actor, unit: Organization, levels: int) -> ReviewPolicy:
    require(can(actor, Capability.EDIT_UNIT, unit))
    if levels not in (1, 2, 3):
        raise ValidationError({"levels": _("审核级数应为1至3级。")})
    policy, _created = ReviewPolicy.objects.get_or_create(unit=unit)
    before = policy.levels
    policy.levels = levels
    policy.save()
    audit.record(
        actor=actor,
        action="publishing.review_policy.set",
        obj=policy,
        unit=unit,
        changes={"levels": [before, levels]},
    )
    return policy


def _require_office(actor: Actor) -> None:
    require(can(actor, Capability.SUPERVISE))


@transaction.atomic
def save_setting(*, actor: Actor, obj, changed=()):
    """Save a site-wide publishing setting (catalog template, lexicon entry, key area, configuration)."""
    _require_office(actor)
    created = obj.pk is None
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor,
        action=f"publishing.{obj._meta.model_name}.{'created' if created else 'changed'}",
        obj=obj,
        changes={name: [None, str(getattr(obj, name, ""))] for name in changed},
    )
    return obj


@transaction.atomic
def delete_setting(*, actor: Actor, obj) -> None:
    _require_office(actor)
    audit.record(actor=actor, action=f"publishing.{obj._meta.model_name}.deleted", obj=obj)
    obj.delete()
