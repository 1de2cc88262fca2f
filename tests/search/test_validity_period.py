"""Search rows carry the items' validity periods, those indexed before the column existed included."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_the_migration_fills_the_period_of_items_indexed_before(corpus):
    school = corpus["school"]
    type(school).objects.filter(pk=school.pk).update(valid_until=dt.date(2026, 8, 3))
    SearchDocument.objects.update(valid_until=None)  # as rows stood before migration 0010
    migration = importlib.import_module("gongkai.search.migrations.0011_fill_valid_until")

    migration.fill(apps, None)

    rows = dict(SearchDocument.objects.values_list("source_id", "valid_until"))
    assert rows[school.pk] == dt.date(2026, 8, 3)
    assert rows[corpus["reform"].pk] is None
