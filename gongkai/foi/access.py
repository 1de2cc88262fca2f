"""Who sees which applications: the handling unit and those supervising it (gongkai.core.access)."""

from __future__ import annotations

from django.http import Http404

from gongkai.core.access import units_for

from .models import Application


def applications_for(user):
    return Application.objects.filter(unit__in=units_for(user)).select_related("unit")


def get_application_for_user(user, pk: int) -> Application:
    application = applications_for(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application
