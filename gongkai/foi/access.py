"""Who reaches which applications and appeals: the handling unit and those supervising it
(``gongkai.core.access``). Out of reach answers 404 (existence is not revealed); within reach but without the
right to act, 403. A system actor reaches every unit; ``None`` reaches none.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import Appeal, Application


def applications_for(user) -> QuerySet[Application]:
    return Application.objects.filter(unit__in=units_for(user)).select_related("unit")


def get_application_for_user(user, pk: int, *, write: bool = False) -> Application:
    application = applications_for(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    if write and not can(user, Capability.EDIT_CONTENT, application.unit):
        raise PermissionDenied
    return application


def appeals_for(user) -> QuerySet[Appeal]:
    return Appeal.objects.filter(application__unit__in=units_for(user)).select_related("application__unit")


def get_appeal_for_user(user, pk: int, *, write: bool = False) -> Appeal:
    appeal = appeals_for(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404
    if write and not can(user, Capability.EDIT_CONTENT, appeal.application.unit):
        raise PermissionDenied
    return appeal
