"""The statutory clock against the worked examples of spec §2.6, and cases of our own."""

import datetime as dt

import pytest

from gongkai.core import calendar as cal
from gongkai.foi.clock import (
    Event,
    compute,
    consultation_deadline,
    correction_request_deadline,
    resumes_on,
)

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def calendar():
    return cal.load(D("2019-01-01"), D("2027-12-31"))


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


# A consultation cannot pause the clock forever (issue 25 item 4; Arts. 32, 33 ¶3, 34) -------------------
# The issue's application: received Mon 2026-11-02 (due 11-30 without pauses), a third party consulted by
# a letter of 11-05 that never answers. Its 15 working days end on 11-26: (11-05, 11-26] is not counted
# (15 working days), so the reply is due 12-21 and stays due then, whatever the day.
ISSUE = ("2026-11-02", ("consultation_started", "2026-11-05", {"party": "某公司"}))


@pytest.mark.parametrize(
    ("today", "state", "due"),
    [
        ("2026-11-12", "paused", "2026-12-07"),  # 5 working days so far: still waiting
        ("2026-11-26", "paused", "2026-12-21"),  # the party's last day
        ("2026-11-27", "running", "2026-12-21"),  # the clock runs again
        ("2026-12-02", "running", "2026-12-21"),  # was 12-25 with the endless pause
        ("2026-12-21", "running", "2026-12-21"),
        ("2027-01-12", "running", "2026-12-21"),  # would have been reached with the endless pause
    ],
)
def test_a_party_that_never_answers_stops_pausing_at_its_deadline(today, state, due):
    clock = run(*ISSUE, today=today)
    assert (clock.state, clock.due) == (state, D(due))
    (consultation,) = clock.consultations
    assert consultation.answer_due == D("2026-11-26") and consultation.party_kind == "third_party"
    assert consultation.lapsed == (state == "running") and consultation.answered_on is None


def test_the_clock_resumes_the_working_day_after_the_deadline():
    clock = run(*ISSUE, today="2026-12-02")
    assert resumes_on(clock.consultations[0], calendar()) == D("2026-11-27")
    assert clock.paused_since is None
    skipped = [day for day, _ in clock.not_counted]
    assert len(skipped) == 15 and (skipped[0], skipped[-1]) == (D("2026-11-06"), D("2026-11-26"))


def test_a_late_answer_is_recorded_but_does_not_move_the_due_date():
    clock = run(*ISSUE, ("consultation_ended", "2026-12-03", {"party": "某公司"}), today="2026-12-10")
    (consultation,) = clock.consultations
    assert clock.due == D("2026-12-21") and clock.state == "running"
    assert consultation.lapsed and consultation.answered_on == D("2026-12-03")


def test_an_answer_before_the_deadline_ends_the_pause_at_the_answer():
    clock = run(*ISSUE, ("consultation_ended", "2026-11-12", {"party": "某公司"}), today="2026-12-02")
    (consultation,) = clock.consultations
    assert clock.due == D("2026-12-07")  # (11-05, 11-12]: 5 working days
    assert not consultation.lapsed and consultation.ends_on == D("2026-11-12")


def test_an_organ_consultation_ends_at_the_offices_limit():
    organ = {"party": "市财政局", "party_kind": "organ"}
    # the office set 10 working days: (11-05, 11-19] is not counted, due 11-30 + 10 = 12-14
    configured = compute(
        D("2026-11-02"), [Event("consultation_started", D("2026-11-05"), organ)], calendar(), D("2026-12-02"),
        organ_days=10,
    )  # fmt: skip
    assert (configured.state, configured.due) == ("running", D("2026-12-14"))
    assert configured.consultations[0].answer_due == D("2026-11-19")
    # the limit recorded with the consultation wins over the office's current setting
    recorded = compute(
        D("2026-11-02"), [Event("consultation_started", D("2026-11-05"), {**organ, "answer_days": 15})],
        calendar(), D("2026-12-02"), organ_days=10,
    )  # fmt: skip
    assert recorded.due == D("2026-12-21")
    # a third party always has 15 working days, whatever the office's limit for organs
    assert compute(
        D("2026-11-02"), [Event(*ISSUE[1][:1], D("2026-11-05"), ISSUE[1][2])], calendar(), D("2026-12-02"),
        organ_days=5,
    ).due == D("2026-12-21")  # fmt: skip


def test_overlapping_consultations_one_lapsed_are_counted_once():
    clock = run(
        "2026-11-02",
        ("consultation_started", "2026-11-05", {"party": "甲公司"}),  # never answers: ends 11-26
        ("consultation_started", "2026-11-16", {"party": "市财政局", "party_kind": "organ"}),  # until 12-07
        ("consultation_ended", "2026-12-01", {"party": "市财政局"}),
        today="2026-12-10",
    )
    # (11-05, 12-01] once: 18 working days
    assert (clock.state, clock.due) == ("running", D("2026-12-24"))
    lapsed, answered = clock.consultations
    assert lapsed.lapsed and not answered.lapsed and answered.ends_on == D("2026-12-01")


def test_overlapping_consultations_one_still_running():
    clock = run(
        "2026-11-02",
        ("consultation_started", "2026-11-05", {"party": "甲公司"}),  # ends 11-26
        ("consultation_started", "2026-11-16", {"party": "市财政局", "party_kind": "organ"}),  # until 12-07
        today="2026-12-02",
    )
    # (11-05, 12-02] once: 19 working days, and still waiting for the organ
    assert (clock.state, clock.paused_since, clock.due) == ("paused", D("2026-11-16"), D("2026-12-25"))


def test_the_deadline_runs_from_the_partys_receipt_of_the_letter():
    late = {"party": "某公司", "party_received_on": D("2026-11-10")}
    waiting = run("2026-11-02", ("consultation_started", "2026-11-05", late), today="2026-11-30")
    assert waiting.consultations[0].answer_due == D("2026-12-01") and waiting.state == "paused"
    clock = run("2026-11-02", ("consultation_started", "2026-11-05", late), today="2026-12-10")
    # (11-05, 12-01]: 18 working days
    assert (clock.state, clock.due) == ("running", D("2026-12-24"))


def test_an_unanswered_consultation_counts_until_the_reply_at_the_latest():
    clock = run(*ISSUE, ("answered", "2026-11-20", {}), today="2027-01-12")
    # (11-05, 11-20]: 11 working days
    assert clock.state == "finished" and clock.due == D("2026-12-15")
    # answered before the party's deadline (11-26): the consultation did not lapse, whatever today is
    assert not clock.consultations[0].lapsed
