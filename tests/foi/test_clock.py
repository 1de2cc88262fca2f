"""The statutory clock against the worked examples of spec §2.6, and cases of our own."""

import datetime as dt

import pytest

from gongkai.core import calendar as cal
from gongkai.foi.clock import Event, compute, consultation_deadline, correction_request_deadline

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def calendar():
    return cal.load(D("2019-01-01"), D("2026-12-31"))


def run(receipt, *events, today="2030-01-01"):
    return compute(D(receipt), [Event(k, D(on), data) for k, on, data in events], calendar(), D(today))


def test_a_national_day_2019_reply_deadline():
    clock = run("2019-09-20")
    assert clock.due == D("2019-10-23") and clock.state == "running"


def test_b_third_party_consultation_pauses_the_clock():
    assert consultation_deadline(D("2019-09-26"), calendar()) == D("2019-10-22")
    clock = run(
        "2019-09-20",
        ("consultation_started", "2019-09-25", {"party": "某公司"}),
        ("consultation_ended", "2019-10-15", {"party": "某公司"}),
    )
    assert clock.due == D("2019-11-07")
    skipped = [day for day, _ in clock.not_counted]
    assert len(skipped) == 11 and skipped[0] == D("2019-09-26") and D("2019-09-29") in skipped
    assert all("第三十三条第三款" in reason for _, reason in clock.not_counted)


def test_b_with_an_approved_extension():
    clock = run(
        "2019-09-20",
        ("consultation_started", "2019-09-25", {"party": "某公司"}),
        ("consultation_ended", "2019-10-15", {"party": "某公司"}),
        ("extended", "2019-11-01", {"days": 20}),
    )
    assert clock.due == D("2019-12-05")


def test_c_correction_notice_across_national_day():
    assert correction_request_deadline(D("2019-09-26"), calendar()) == D("2019-10-11")


def test_d_spring_festival_2024():
    assert run("2024-02-01").due == D("2024-03-05")


def test_e_correction_restarts_the_clock_in_full_then_extension():
    assert correction_request_deadline(D("2024-02-07"), calendar()) == D("2024-02-22")
    waiting = run("2024-02-07", ("correction_requested", "2024-02-08", {"deadline": D("2024-03-01")}))
    assert waiting.state == "correction" and waiting.due is None and waiting.correction_due == D("2024-03-01")
    clock = run(
        "2024-02-07",
        ("correction_requested", "2024-02-08", {"deadline": D("2024-03-01")}),
        ("correction_received", "2024-02-20", {}),
    )
    assert (clock.start, clock.due) == (D("2024-02-20"), D("2024-03-19"))
    extended = run(
        "2024-02-07",
        ("correction_requested", "2024-02-08", {}),
        ("correction_received", "2024-02-20", {}),
        ("extended", "2024-03-10", {"days": 20}),
    )
    assert extended.due == D("2024-04-17")


def test_g_2025_new_years_eve_is_a_holiday():
    assert run("2025-01-24").due == D("2025-02-27")


def test_h_fee_payment_deadline_and_pause():
    clock = run(
        "2024-02-20", ("fee_notice_sent", "2024-02-29", {"received_on": D("2024-03-01")}), today="2024-03-05"
    )
    assert clock.fee_payment_due == D("2024-03-29")
    assert clock.state == "paused" and clock.paused_since == D("2024-02-29")
    paid = run(
        "2024-02-20",
        ("fee_notice_sent", "2024-02-29", {"received_on": D("2024-03-01")}),
        ("fee_paid", "2024-03-06", {}),
    )
    assert paid.due == D("2024-03-19") + (D("2024-03-25") - D("2024-03-19"))  # 4 working days later


def test_overlapping_consultations_are_counted_once():
    both = run(
        "2019-09-20",
        ("consultation_started", "2019-09-25", {"party": "甲公司"}),
        ("consultation_started", "2019-09-27", {"party": "市财政局"}),
        ("consultation_ended", "2019-10-11", {"party": "市财政局"}),
        ("consultation_ended", "2019-10-15", {"party": "甲公司"}),
    )
    assert both.due == D("2019-11-07")


def test_open_consultation_moves_the_due_date_day_by_day():
    clock = run("2019-09-20", ("consultation_started", "2019-09-25", {"party": "甲公司"}), today="2019-10-09")
    assert clock.state == "paused"
    # (9-25, 10-09]: 9/26 9/27 9/29* 9/30 10/8 10/9 = 6 working days so far
    assert clock.due == D("2019-10-31")  # 10-23 plus those 6


def test_makeup_saturday_counts_as_a_working_day():
    # Received Tue 2019-10-08; Sat 10-12 is a make-up working day and counts (weekdays only: 11-05).
    assert run("2019-10-08").due == D("2019-11-04")


def test_unreasonable_volume_sets_the_organs_own_date():
    clock = run("2024-03-01", ("delayed_excessive", "2024-03-05", {"new_due": D("2024-06-28")}))
    assert clock.due == D("2024-06-28")


def test_answered_application_is_finished():
    clock = run("2024-03-01", ("answered", "2024-03-20", {}))
    assert clock.state == "finished" and clock.due == D("2024-03-29")
