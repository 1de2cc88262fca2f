"""Audited writes of configuration records: the one ``save_record`` and ``delete_record``.

Most state changes have a service of their own (``publish_item``, ``reply_to_message``). Records that are
plain configuration (a column template, a synonym, a work plan's milestones) have nothing to do on save
but check the permission, validate, write and leave an audit record; these two functions do exactly that,
in one transaction, for the back office and for any service that has nothing more to add.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import access, audit
from .actors import require
from .models import Organization


def audited_fields(model: type[models.Model]) -> list[str]:
    """The fields an audit record summarizes: every concrete field but the primary key."""
    return [f.name for f in model._meta.concrete_fields if not f.primary_key]


def action_name(obj: models.Model, verb: str) -> str:
    """``participation.consultation.changed``: the app, the model, the past-tense verb."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


def _unchanged(obj: models.Model, current: models.Model, m2m: dict) -> bool:
    """Whether saving ``obj`` would write nothing new over ``current`` (its stored row): every concrete
    field holds the stored value (a file not yet uploaded counts as new) and every many-to-many value
    names the stored rows."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, FieldFile) and not value._committed:
            return False
        if value != getattr(current, field.attname):
            return False
    for name, values in m2m.items():
        chosen = {v.pk if isinstance(v, models.Model) else v for v in values}
        if chosen != set(getattr(current, name).values_list("pk", flat=True)):
            return False
    return True


def _m2m_snapshot(obj: models.Model, names) -> dict:
    if obj.pk is None:
        return {name: [] for name in names}
    return {name: sorted(str(o) for o in getattr(obj, name).all()) for name in names}


@transaction.atomic
def save_record(
    *,
    actor,
    obj: models.Model,
    capability: str,
    unit: Organization | None,
    m2m: dict | None = None,
    action: str | None = None,
    validate: bool = True,
) -> models.Model:
    """Check ``actor`` holds ``capability`` over ``unit``, validate and save ``obj`` (and its many-to-many
    values ``m2m``), and record what changed. Adding and changing both come here; when nothing changed,
    nothing is written and nothing is recorded (a form saved as it was shown leaves the row as it was)."""
    require(access.can(actor, capability, unit))
    adding = obj._state.adding or obj.pk is None
    fields = audited_fields(type(obj))
    m2m = m2m or {}
    before: dict = {}
    current = None
    if not adding:
        current = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
        if current is not None:
            before = {**audit.snapshot(current, fields), **_m2m_snapshot(current, m2m)}
    if validate:
        obj.full_clean()
    if current is not None and _unchanged(obj, current, m2m):
        return obj
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    after = {**audit.snapshot(obj, fields), **_m2m_snapshot(obj, m2m)}
    changes = audit.diff(before, after)
    if adding or changes:
        audit.record(
            actor=actor,
            action=action or action_name(obj, "created" if adding else "changed"),
            obj=obj,
            unit=unit,
            changes=changes,
        )
    return obj


@transaction.atomic
def delete_record(
    *, actor, obj: models.Model, capability: str, unit: Organization | None, action: str | None = None
) -> None:
    """Check the permission, record what is removed (its last state), then delete ``obj``."""
    require(access.can(actor, capability, unit))
    audit.record(
        actor=actor,
        action=action or action_name(obj, "deleted"),
        obj=obj,
        unit=unit,
        changes={
            name: [value, None] for name, value in audit.snapshot(obj, audited_fields(type(obj))).items()
        },
    )
    obj.delete()
