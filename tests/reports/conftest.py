import datetime as dt
import random

import pytest
import time_machine

from gongkai.foi import services as foi
from gongkai.foi.models import Appeal, Application
from gongkai.reports.layout import APPLICANT_COLUMNS, OUTCOME_ROWS
from tests.foi.conftest import DESK, applicant, lodge  # noqa: F401 - fixture

CREDIT = "91371300MA3C1X2Y1"


def _credit():
    from gongkai.core import uscc

    return CREDIT + uscc.check_character(CREDIT)


@pytest.fixture
def seeded_year(tree):
    """Applications of dept_a received across 2023-2025, answered or still open, in every outcome row;
    returns the plain facts for counting independently."""
    rng = random.Random(7)
    facts = []
    with time_machine.travel(dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        for n in range(90):
            kind = APPLICANT_COLUMNS[n % len(APPLICANT_COLUMNS)]
            received = dt.date(2023, 11, 1) + dt.timedelta(days=rng.randrange(0, 560))
            outcome = OUTCOME_ROWS[n % len(OUTCOME_ROWS)] if n % 5 else None
            identity = (
                {"id_type": "resident_id"}
                if kind == "natural_person"
                else {"id_type": "credit_code", "id_number": _credit()}
            )
            application, _secret, _created = foi.register_application(
                actor=DESK,
                unit=tree.dept_a,
                data=applicant(applicant_type=kind, **identity),
                channel="in_person",
                received_on=received,
            )
            answered = None
            if outcome:
                answered = received + dt.timedelta(days=rng.randrange(1, 40))
                # Set directly: the dates lie on both sides of "today" in the fixture's time travel.
                Application.objects.filter(pk=application.pk).update(
                    outcome=outcome,
                    answered_on=answered,
                    status="answered",
                    reply_text="答复",
                    legal_basis="依据",
                )
            facts.append(
                {
                    "type": kind,
                    "received": received,
                    "answered": answered,
                    "outcome": outcome,
                    "app": application,
                }
            )
        for n, fact in enumerate(facts[:12]):
            kind = [Appeal.Kind.REVIEW, Appeal.Kind.LITIGATION_DIRECT, Appeal.Kind.LITIGATION_AFTER_REVIEW][
                n % 3
            ]
            result = [
                Appeal.Result.UPHELD,
                Appeal.Result.CORRECTED,
                Appeal.Result.OTHER,
                Appeal.Result.PENDING,
            ][n % 4]
            filed = dt.date(2024, 1 + n, 10)
            decided = (
                None if result == Appeal.Result.PENDING else filed + dt.timedelta(days=60 + 30 * (n % 3))
            )
            Appeal.objects.create(
                application=fact["app"],
                kind=kind,
                filed_on=filed,
                body="临沂市人民政府",
                result=result,
                decided_on=decided,
            )
    return facts


@pytest.fixture
def roleless_a(tree):
    """A staff account of 市发展改革委 with no role yet: reaches its unit's reports, may change none."""
    from gongkai.core.models import User

    return User.objects.create_user(username="roleless_a", unit=tree.dept_a, role="")
