"""Every permission-checked fetch of datasets and releases, on top of ``gongkai.core.access``.

A dataset belongs to its unit; staff see the datasets of the units they reach (``units_for``), and an editor
of that unit (or an office above it) defines datasets and publishes their releases. A dataset out of reach
answers 404, one in reach without the right 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import can, units_for
from gongkai.core.roles import Capability

from .models import Dataset, Release

# What defining a dataset and publishing its releases take.
WRITE = Capability.EDIT_CONTENT


def may_write(user, unit=None) -> bool:
    return can(user, WRITE, unit)


def datasets_for(user) -> QuerySet[Dataset]:
    return Dataset.objects.filter(unit__in=units_for(user)).select_related("unit", "key_area")


def get_dataset_for_user(user, pk: int, *, write: bool = False) -> Dataset:
    dataset = datasets_for(user).filter(pk=pk).first()
    if dataset is None:
        raise Http404
    if write and not may_write(user, dataset.unit):
        raise PermissionDenied
    return dataset


def releases_for(user) -> QuerySet[Release]:
    return Release.objects.filter(dataset__unit__in=units_for(user))


def get_release_for_user(user, pk: int, *, write: bool = False) -> Release:
    release = releases_for(user).select_related("dataset__unit").filter(pk=pk).first()
    if release is None:
        raise Http404
    if write and not may_write(user, release.dataset.unit):
        raise PermissionDenied
    return release
