"""Closing lapsed applications (Art. 30 correction period, the fee payment period): each is claimed once,
so two runs at once close it once; a dry run lists and writes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.foi import fees, services
from gongkai.foi.models import Application, Outcome, Status
from tests.foi.conftest import DESK

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
AFTER_BOTH_PERIODS = dt.datetime(2024, 5, 6, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def lapsed(lodge):
    """One application whose correction period ran out (2024-03-25) and one whose fee went unpaid."""
    with time_machine.travel(dt.datetime(2024, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        uncorrected = lodge(D("2024-03-01"))
        services.record_event(
            actor=DESK, application=uncorrected, kind="correction_requested", on=D("2024-03-04"),
            deadline=D("2024-03-25"),
        )  # fmt: skip
        unpaid = lodge(D("2024-03-01"))
        services.charge_fee(
            actor=DESK, application=unpaid, basis=fees.PER_PAGE, quantity=120, on=D("2024-03-05")
        )
    return uncorrected, unpaid


def test_two_runs_reading_the_same_lapsed_rows_close_each_once(lapsed):
    job = system("close_lapsed_applications")
    with time_machine.travel(AFTER_BOTH_PERIODS, tick=False):
        first_run = services.lapsed_applications(D("2024-05-06"))
        second_run = services.lapsed_applications(D("2024-05-06"))  # read before the first closed any
        assert [outcome for _a, outcome in first_run] == [
            Outcome.OTHER_OVERDUE_CORRECTION,
            Outcome.OTHER_OVERDUE_FEE,
        ]
        closed = [
            services.close_lapsed(actor=job, application=a, outcome=o, today=D("2024-05-06"))
            for a, o in first_run
        ]
        again = [
            services.close_lapsed(actor=job, application=a, outcome=o, today=D("2024-05-06"))
            for a, o in second_run
        ]
    assert (closed, again) == ([True, True], [False, False])
    uncorrected, unpaid = (Application.objects.get(pk=a.pk) for a in lapsed)
    assert (uncorrected.status, uncorrected.outcome) == (Status.CLOSED, Outcome.OTHER_OVERDUE_CORRECTION)
    assert (unpaid.status, unpaid.outcome) == (Status.CLOSED, Outcome.OTHER_OVERDUE_FEE)
    assert (
        unpaid.events.filter(kind="closed").count() == 1 == uncorrected.events.filter(kind="closed").count()
    )
    records = AuditEvent.objects.filter(action="foi.application.closed")
    assert records.count() == 2
    assert set(records.values_list("actor_name", flat=True)) == {"系统（close_lapsed_applications）"}


def test_the_command_closes_once_and_its_dry_run_writes_nothing(lapsed):
    out = io.StringIO()
    with time_machine.travel(AFTER_BOTH_PERIODS, tick=False):
        call_command("close_lapsed_applications", "--dry-run", stdout=out)
        assert "would close 2 application(s)" in out.getvalue()
        assert all(a.tracking_code in out.getvalue() for a in lapsed)
        assert not AuditEvent.objects.filter(action="foi.application.closed").exists()
        assert set(Application.objects.values_list("status", flat=True)) == {
            Status.CORRECTION,
            Status.FEE_PENDING,
        }
        call_command("close_lapsed_applications", stdout=out)
        call_command("close_lapsed_applications", stdout=out)
    assert "closed 2 application(s)" in out.getvalue() and "closed 0 application(s)" in out.getvalue()
    assert AuditEvent.objects.filter(action="foi.application.closed").count() == 2


def test_nothing_is_closed_before_the_periods_run_out(lapsed):
    with time_machine.travel(dt.datetime(2024, 3, 25, 2, 0, tzinfo=dt.UTC), tick=False):
        assert services.close_overdue(actor=system("close_lapsed_applications")) == []
    assert set(Application.objects.values_list("status", flat=True)) == {
        Status.CORRECTION,
        Status.FEE_PENDING,
    }


def test_closing_refuses_a_missing_actor(lapsed):
    with time_machine.travel(AFTER_BOTH_PERIODS, tick=False), pytest.raises(PermissionDenied):
        services.close_overdue(actor=None)
    assert not AuditEvent.objects.filter(action="foi.application.closed").exists()
