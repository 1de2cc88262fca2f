"""The applicant's timeline reads every date the same way: a correction deadline is a Chinese date too."""

import datetime as dt

import pytest

from gongkai.foi import services
from gongkai.foi.views import public_timeline
from tests.foi.conftest import DESK

pytestmark = pytest.mark.django_db


def test_the_correction_deadline_reads_as_a_chinese_date(lodge):
    application = lodge(dt.date(2024, 3, 1))
    services.record_event(
        actor=DESK,
        application=application,
        kind="correction_requested",
        on=dt.date(2024, 3, 4),
        deadline=dt.date(2024, 3, 25),
    )
    details = [row["detail"] for row in public_timeline(application)]
    assert "请于2024年3月25日前补正" in details
    assert not any("2024-03-25" in detail for detail in details)
