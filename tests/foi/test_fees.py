"""Fee scales of the 2020 measures, with the test vectors of spec §1.6."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.foi import fees, services
from gongkai.foi.models import Application, Status
from tests.foi.conftest import DESK


@pytest.mark.parametrize(
    ("n", "rate"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)]
)
def test_per_piece_rate(n, rate):
    assert fees.per_piece_rate(n) == rate


@pytest.mark.parametrize(("pieces", "total"), [(10, 0), (30, 2000), (35, 3000), (45, 5500)])
def test_per_piece_month_totals(pieces, total):
    assert fees.per_piece_month_total(pieces) == total


@pytest.mark.parametrize(("pages", "fee"), [(30, 0), (31, 10), (100, 700), (200, 2700), (250, 4700)])
def test_per_page_fee(pages, fee):
    assert fees.per_page_fee(pages) == fee


@pytest.mark.django_db
def test_fee_notice_computes_the_amount_and_pauses_the_clock(lodge):
    app = lodge(dt.date(2024, 2, 20))
    services.charge_fee(
        actor=DESK, application=app, basis=fees.PER_PAGE, quantity=250, on=dt.date(2024, 2, 29)
    )
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.FEE_PENDING
    notice = app.events.get(kind="fee_notice_sent")
    assert notice.data["amount"] == "4700" and notice.data["basis"] == "per_page"
    with pytest.raises(ValidationError, match="只能选择一种"):
        services.charge_fee(
            actor=DESK, application=app, basis=fees.PER_PIECE, quantity=35, on=dt.date(2024, 3, 1)
        )


@pytest.mark.django_db
def test_per_piece_counts_the_applicants_applications_in_the_month(lodge):
    apps = [lodge(dt.date(2024, 3, day % 28 + 1)) for day in range(12)]
    services.charge_fee(actor=DESK, application=apps[-1], basis=fees.PER_PIECE, on=dt.date(2024, 3, 29))
    notice = apps[-1].events.get(kind="fee_notice_sent")
    assert (notice.data["quantity"], notice.data["amount"]) == (12, "100")


@pytest.mark.django_db
def test_free_quantities_need_no_notice(lodge):
    app = lodge(dt.date(2024, 2, 20))
    with pytest.raises(ValidationError, match="免费"):
        services.charge_fee(
            actor=DESK, application=app, basis=fees.PER_PAGE, quantity=30, on=dt.date(2024, 2, 29)
        )


@pytest.mark.django_db
def test_unpaid_fee_closes_the_application_after_twenty_working_days(lodge):
    import time_machine
    from django.core.management import call_command

    app = lodge(dt.date(2024, 2, 20))
    services.charge_fee(
        actor=DESK,
        application=app,
        basis=fees.PER_PAGE,
        quantity=120,
        on=dt.date(2024, 2, 29),
        received_on=dt.date(2024, 3, 1),
    )
    with time_machine.travel(
        dt.datetime(2024, 3, 29, 9, 0, tzinfo=dt.UTC), tick=False
    ):  # the last day to pay
        call_command("close_lapsed_applications")
    assert Application.objects.get(pk=app.pk).status == Status.FEE_PENDING
    with time_machine.travel(dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        call_command("close_lapsed_applications")
    app = Application.objects.get(pk=app.pk)
    assert (app.status, app.outcome) == (Status.CLOSED, "other_overdue_fee")
