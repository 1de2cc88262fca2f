"""Who reaches which dataset (``datasets/access.py``), branch by branch."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core.actors import system
from gongkai.datasets import access, services

pytestmark = pytest.mark.django_db


def test_the_units_staff_and_the_office_above_reach_a_dataset_and_write_it(dataset, editor_a, office):
    for user in (editor_a, office, system("test")):
        assert access.get_dataset_for_user(user, dataset.pk, write=True) == dataset
        assert list(access.datasets_for(user)) == [dataset]


def test_another_units_staff_a_county_office_and_no_one_do_not_reach_it(dataset, editor_b, county_office):
    for user in (editor_b, county_office, None):
        with pytest.raises(Http404):
            access.get_dataset_for_user(user, dataset.pk)
        assert not access.datasets_for(user).exists()


def test_a_release_is_reached_through_its_datasets_unit(published, editor_a, editor_b):
    assert access.get_release_for_user(editor_a, published.pk, write=True) == published
    with pytest.raises(Http404):
        access.get_release_for_user(editor_b, published.pk)


def test_a_service_refuses_an_actor_without_the_right(dataset, editor_b):
    with pytest.raises(PermissionDenied):
        services.save_dataset(actor=editor_b, unit=dataset.unit, dataset=dataset, title="改名")
    with pytest.raises(PermissionDenied):
        services.save_dataset(actor=None, unit=dataset.unit, dataset=dataset, title="改名")
