"""Mends after review: a start date out of range is refused (periods are counted from it on every page), and
two uploads of one period leave one release and a Chinese refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.core.actors import system
from gongkai.datasets import services
from gongkai.datasets.models import Release
from tests.datasets.conftest import GOOD_CSV

pytestmark = pytest.mark.django_db


def test_a_start_date_out_of_range_is_refused_and_changes_nothing(dataset):
    with pytest.raises(ValidationError, match="起始日期应在1949年至2100年之间"):
        services.save_dataset(
            actor=system("test"), unit=dataset.unit, dataset=dataset, starts_on=dt.date(2, 1, 1)
        )
    dataset.refresh_from_db()
    assert dataset.starts_on == dt.date(2026, 6, 1)


def test_a_period_uploaded_twice_is_one_release_and_a_chinese_refusal(published, dataset):
    with pytest.raises(ValidationError, match="已经发布"):
        services.publish_release(actor=system("test"), dataset=dataset, period="2026-10", name="again.csv",
                                 data=GOOD_CSV, today=dt.date(2026, 11, 6))  # fmt: skip
    assert Release.objects.filter(dataset=dataset).count() == 1
