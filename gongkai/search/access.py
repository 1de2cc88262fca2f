"""Who reaches the search vocabulary and its statistics in the back office.

The dictionary, synonyms and best bets serve the whole platform, so they belong to no unit: every staff
member reads them, the openness office (公开办, SUPERVISE) maintains them and reads what people search for.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models

from gongkai.core.access import can, is_staff_member
from gongkai.core.roles import Capability


def may_maintain(user) -> bool:
    """Add, change and delete domain words, synonyms and best bets; read the search statistics."""
    return can(user, Capability.SUPERVISE)


def vocabulary_for(user, model: type[models.Model]) -> models.QuerySet:
    """The rows of a vocabulary table ``user`` may read in the back office: all for staff, none otherwise."""
    if not is_staff_member(user):
        return model.objects.none()
    return model.objects.all()


def check_insight(user) -> None:
    """Raise 403 unless ``user`` may read what the public searches for (queries can hold personal data)."""
    if not may_maintain(user):
        raise PermissionDenied
