"""Finding the audit record a change left: tests assert the record, not only the database state."""

from __future__ import annotations

from django.db import models

from gongkai.core.models import AuditEvent


def record_of(action: str, obj: models.Model | None = None) -> AuditEvent:
    """The one audit record of ``action`` (about ``obj``, if given); fails if there is none or several."""
    found = AuditEvent.objects.filter(action=action)
    if obj is not None:
        found = found.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.get()


def actions_about(obj: models.Model) -> list[str]:
    """Every action recorded about ``obj``, oldest first."""
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
