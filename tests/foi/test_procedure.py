"""The procedure through the service: the worked examples of spec §2.6 and cases of our own."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongkai.core.models import AuditEvent
from gongkai.foi import services
from gongkai.foi.models import Application, Outcome, Status
from tests.foi.conftest import DESK, applicant

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
LATER = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)  # "today" after all the events below


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(LATER, tick=False):
        yield


def event(application, kind, on, **data):
    return services.record_event(actor=DESK, application=application, kind=kind, on=D(on), **data)


def refreshed(application):
    return Application.objects.get(pk=application.pk)


def test_a_national_day_reply_deadline(lodge):
    assert lodge(D("2019-09-20")).due_on == D("2019-10-23")


def test_b_consultation_then_extension(lodge):
    app = lodge(D("2019-09-20"))
    with time_machine.travel(dt.datetime(2019, 10, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        started = event(
            app, "consultation_started", "2019-09-25", party="某公司", party_received_on=D("2019-09-26")
        )
    assert started.data["answer_due"] == "2019-10-22"
    assert started.data["party_kind"] == "third_party"
    # paused while the company's 15 working days run (recorded on 10-10); it answered in time on 10-15
    assert refreshed(app).status == Status.PAUSED
    event(app, "consultation_ended", "2019-10-15", party="某公司")
    assert refreshed(app).due_on == D("2019-11-07")
    event(app, "extended", "2019-11-01", days=20, approver="市政府办公室主任", reason="涉及多个部门")
    assert refreshed(app).due_on == D("2019-12-05")


def test_c_correction_must_be_requested_within_seven_working_days(lodge):
    app = lodge(D("2019-09-26"))
    with pytest.raises(ValidationError, match="2019-10-11前"):
        event(app, "correction_requested", "2019-10-14")
    event(app, "correction_requested", "2019-10-11", deadline=D("2019-10-31"))
    app = refreshed(app)
    assert (app.status, app.due_on, app.correction_due_on) == (Status.CORRECTION, None, D("2019-10-31"))
    with pytest.raises(ValidationError, match="一次性告知"):
        event(app, "correction_requested", "2019-10-11")


def test_d_spring_festival_2024(lodge):
    assert lodge(D("2024-02-01")).due_on == D("2024-03-05")


def test_e_correction_restarts_then_extension(lodge):
    app = lodge(D("2024-02-07"))
    event(app, "correction_requested", "2024-02-08")
    event(app, "correction_received", "2024-02-20")
    assert refreshed(app).due_on == D("2024-03-19")
    event(app, "extended", "2024-03-15", days=20, approver="主任", reason="需要调取档案")
    assert refreshed(app).due_on == D("2024-04-17")


def test_g_2025(lodge):
    assert lodge(D("2025-01-24")).due_on == D("2025-02-27")


def test_extension_needs_approver_and_reason_and_comes_once(lodge):
    app = lodge(D("2024-03-01"))
    with pytest.raises(ValidationError, match="负责人同意"):
        event(app, "extended", "2024-03-10", days=20)
    with pytest.raises(ValidationError, match="1至20"):
        event(app, "extended", "2024-03-10", days=25, approver="主任", reason="x")
    event(app, "extended", "2024-03-10", days=10, approver="主任", reason="档案调取")
    with pytest.raises(ValidationError, match="只能延长一次"):
        event(app, "extended", "2024-03-11", days=10, approver="主任", reason="x")


def test_extension_after_the_due_date_is_refused(lodge):
    app = lodge(D("2024-03-01"))  # due 2024-03-29
    with pytest.raises(ValidationError, match="答复期限已过"):
        event(app, "extended", "2024-04-01", days=20, approver="主任", reason="x")


def test_answer_in_a_national_category_with_basis(lodge):
    app = lodge(D("2024-03-01"))
    with pytest.raises(ValidationError, match="部分公开的，应写明"):
        event(app, "answered", "2024-03-20", outcome=Outcome.PARTIAL, reply_text="现提供部分信息。")
    event(
        app,
        "answered",
        "2024-03-20",
        outcome=Outcome.PARTIAL,
        reply_text="现提供部分信息。",
        withheld_note="涉及个人隐私",
    )
    app = refreshed(app)
    assert (app.status, app.outcome, app.answered_on) == (Status.ANSWERED, "partial", D("2024-03-20"))
    assert app.legal_basis.endswith("第三十七条") and not app.is_overdue
    event(app, "delivered", "2024-03-21", method="电子邮件", proof="邮件回执")
    assert refreshed(app).status == Status.CLOSED


def test_late_answer_is_overdue(lodge):
    app = lodge(D("2024-03-01"))
    event(app, "answered", "2024-04-01", outcome=Outcome.GRANTED, reply_text="予以公开。")
    assert refreshed(app).is_overdue


def test_unanswered_correction_closes_as_abandoned(lodge):
    app = lodge(D("2024-03-01"))
    event(app, "correction_requested", "2024-03-04", deadline=D("2024-03-25"))
    with pytest.raises(ValidationError, match="补正期限届满后"):
        event(app, "closed", "2024-03-20", outcome=Outcome.OTHER_OVERDUE_CORRECTION)
    with time_machine.travel(dt.datetime(2024, 3, 26, 9, 0, tzinfo=dt.UTC), tick=False):
        call_command("close_lapsed_applications", "--dry-run")
        assert refreshed(app).status == Status.CORRECTION
        call_command("close_lapsed_applications")
        call_command("close_lapsed_applications")
    app = refreshed(app)
    assert (app.status, app.outcome) == (Status.CLOSED, Outcome.OTHER_OVERDUE_CORRECTION)
    assert AuditEvent.objects.filter(action="foi.application.closed").count() == 1


def test_transfer_moves_the_application_and_keeps_the_clock(lodge, tree):
    app = lodge(D("2024-03-01"))
    event(app, "transferred", "2024-03-04", to_unit=tree.dept_b)
    app = refreshed(app)
    assert app.unit == tree.dept_b and app.due_on == D("2024-03-29")


def test_unreasonable_volume_sets_a_later_date(lodge):
    app = lodge(D("2024-03-01"))
    event(app, "delayed_excessive", "2024-03-05", new_due=D("2024-06-28"), reason="一个月内申请120件")
    assert refreshed(app).due_on == D("2024-06-28")


def test_resident_id_is_checked(tree):
    with pytest.raises(ValidationError) as excinfo:
        services.register_application(
            actor=DESK,
            unit=tree.dept_a,
            data=applicant(id_number="110105194912310021"),
            channel="in_person",
            received_on=D("2024-03-01"),
        )
    assert "校验位不正确" in excinfo.value.message_dict["id_number"][0]
    assert not Application.objects.exists()


def test_staff_channels_need_the_receipt_date(tree):
    with pytest.raises(ValidationError, match="签收之日"):
        services.register_application(
            actor=DESK, unit=tree.dept_a, data=applicant(), channel="mail_signed", received_on=None
        )


def test_events_cannot_go_back_in_time(lodge):
    app = lodge(D("2024-02-07"))
    with pytest.raises(ValidationError, match="不能早于收到申请"):
        event(app, "consultation_started", "2024-02-06", party="甲")
    event(app, "correction_requested", "2024-02-08")
    with pytest.raises(ValidationError, match="不能早于要求补正"):
        event(app, "correction_received", "2024-02-07")


def test_tracking_codes_are_unique_even_on_a_busy_day(lodge):
    codes = {lodge(D("2024-03-01")).tracking_code for _ in range(300)}
    assert len(codes) == 300
    assert all(code.startswith("YSQ") and len(code) == 17 for code in codes)


# A consultation cannot pause the clock forever (issue 25 item 4) -----------------------------------------


def _travel(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(f"{day}T02:00:00+00:00"), tick=False)


def test_a_third_party_that_never_answers_the_status_due_date_and_timelines(tree, client, editor_a):
    from gongkai.foi import explain
    from gongkai.foi.views import public_timeline
    from tests.conftest import logged_in

    with _travel("2026-11-06"):
        app, secret, _created = services.register_application(
            actor=DESK, unit=tree.dept_a, data=applicant(), channel="mail_signed",
            received_on=D("2026-11-02"),
        )  # fmt: skip
        event(app, "consultation_started", "2026-11-05", party="某公司")
        # paused since 11-05: one working day (11-06) so far
        assert (refreshed(app).status, refreshed(app).due_on) == (Status.PAUSED, D("2026-12-01"))
    for day in ("2026-11-27", "2026-12-02", "2026-12-21"):
        with _travel(day):
            assert services.current_clock(app).due == D("2026-12-21"), day
    with _travel("2026-12-02"):
        assert services.close_overdue(actor=DESK) == []  # nothing is closed, the clock runs again
        again = services.resume_after_consultations(actor=DESK)
        app = refreshed(app)
        assert (app.status, app.due_on, again) == (Status.IN_PROGRESS, D("2026-12-21"), [])
        [audited] = AuditEvent.objects.filter(action="foi.application.consultation_lapsed")
        # the due date it had while paused (recorded on 11-06), then the fixed one
        assert audited.changes["due_on"] == ["2026-12-01", "2026-12-21"]
        rows = public_timeline(app)
        assert {"on": D("2026-11-27"), "label": "第三方逾期未提出意见", "detail": "自2026年11月27日起恢复计算答复期限",
                "due": None} in rows  # fmt: skip
        assert all("某公司" not in str(row) for row in rows)  # the party is not named to the applicant
        tracked = client.post("/foi/track/", {"tracking_code": app.tracking_code, "secret": secret}).text
        assert "第三方逾期未提出意见" in tracked and "自2026年11月27日起恢复计算答复期限" in tracked
        staff = logged_in(editor_a).get(f"/manage/foi/{app.pk}/").text
        assert "第三方某公司逾期未提出意见，自2026年11月27日起恢复计算答复期限" in staff
        # a late answer is still recorded for the file; the due date does not move
        event(app, "consultation_ended", "2026-12-02", party="某公司", note="不同意公开")
        app = refreshed(app)
        assert (app.status, app.due_on) == (Status.IN_PROGRESS, D("2026-12-21"))
        words = [row.text for row in explain.timeline(app.events.all())]
        assert "收到某公司的意见（已超过提出意见的期限，答复期限不再顺延）" in words
        assert "已超过提出意见的期限，答复期限不再顺延" in [row["detail"] for row in public_timeline(app)]


def test_an_organ_consultation_ends_at_the_offices_limit(lodge):
    from gongkai.foi.models import ProcedureSettings

    ProcedureSettings.objects.create(organ_consultation_days=10)
    with _travel("2026-11-06"):
        app = lodge(D("2026-11-02"))
        started = event(app, "consultation_started", "2026-11-05", party="市财政局", party_kind="organ")
        assert (started.data["answer_days"], started.data["answer_due"]) == (10, "2026-11-19")
        with pytest.raises(ValidationError, match="第三方意见还是"):
            event(app, "consultation_started", "2026-11-05", party="乙", party_kind="someone")
        with pytest.raises(ValidationError, match="不能早于发出日期"):
            event(app, "consultation_started", "2026-11-05", party="乙", party_received_on=D("2026-11-04"))
    with _travel("2026-12-02"):
        assert services.current_clock(app).due == D("2026-12-14")  # (11-05, 11-19]: 10 working days
        services.resume_after_consultations(actor=DESK)
        assert refreshed(app).status == Status.IN_PROGRESS
        from gongkai.foi.views import public_timeline

        assert "被征求意见的机关逾期未提出意见" in [row["label"] for row in public_timeline(refreshed(app))]


def test_a_reply_before_the_partys_deadline_leaves_no_lapse_line(tree, client, editor_a):
    """The issue's example answered on 11-20, before the company's deadline (11-26): nothing lapsed, on any
    later day, on the tracking page, the case page or the due date's reasons."""
    from gongkai.foi import explain
    from gongkai.foi.views import public_timeline
    from tests.conftest import logged_in

    with _travel("2026-11-20"):
        app, secret, _created = services.register_application(
            actor=DESK, unit=tree.dept_a, data=applicant(), channel="mail_signed",
            received_on=D("2026-11-02"),
        )  # fmt: skip
        event(app, "consultation_started", "2026-11-05", party="某公司")
        event(app, "answered", "2026-11-20", outcome=Outcome.GRANTED, reply_text="予以公开。")
    for day in ("2026-11-27", "2027-01-12"):
        with _travel(day):
            app = refreshed(app)
            rows = public_timeline(app)
            assert all("逾期未提出意见" not in row["label"] for row in rows), day
            tracked = client.post("/foi/track/", {"tracking_code": app.tracking_code, "secret": secret}).text
            staff = logged_in(editor_a).get(f"/manage/foi/{app.pk}/").text
            assert "逾期未提出意见" not in tracked and "逾期未提出意见" not in staff, day
            assert all("逾期" not in row.text for row in explain.timeline(app.events.all())), day


def test_the_clock_runs_again_from_the_next_working_day(tree, editor_a):
    """A party's deadline on a Friday (11-27): the clock runs again on Monday 11-30, not on Saturday."""
    from gongkai.foi.views import public_timeline
    from tests.conftest import logged_in

    with _travel("2026-11-06"):
        app, _secret, _created = services.register_application(
            actor=DESK, unit=tree.dept_a, data=applicant(), channel="mail_signed",
            received_on=D("2026-11-02"),
        )  # fmt: skip
        event(app, "consultation_started", "2026-11-06", party="某公司")
    with _travel("2026-12-02"):
        assert {"on": D("2026-11-30"), "label": "第三方逾期未提出意见", "detail": "自2026年11月30日起恢复计算答复期限",
                "due": None} in public_timeline(refreshed(app))  # fmt: skip
        staff = logged_in(editor_a).get(f"/manage/foi/{app.pk}/").text
        assert "第三方某公司逾期未提出意见，自2026年11月30日起恢复计算答复期限" in staff


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "2008-04-30"])
def test_an_application_received_before_the_regulation_is_refused(tree, day):
    with pytest.raises(ValidationError) as excinfo:
        services.register_application(
            actor=DESK, unit=tree.dept_a, data=applicant(), channel="in_person", received_on=D(day)
        )
    assert "2008年5月1日" in excinfo.value.message_dict["received_on"][0]
    assert not Application.objects.exists()
    first = services.register_application(
        actor=DESK, unit=tree.dept_a, data=applicant(), channel="in_person", received_on=D("2008-05-01")
    )[0]
    assert first.received_on == D("2008-05-01")
