"""A unit reports progress on its tasks each period; the office accepts or returns the report; reminders go out
before a report is due and once it is overdue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.supervision import schedule, services
from gongkai.supervision.models import Assignment, Milestone, ProgressReport, Reminder, ReportStatus, Schedule
from tests.supervision.conftest import assignment_of, staff

SCANNER = system("send_supervision_reminders")

Q3, Q4 = dt.date(2019, 7, 1), dt.date(2019, 10, 1)


def test_periods_run_from_the_plans_issue_date_and_fall_due_in_working_days(seed_plan):
    # Issued 2019-07-03, quarterly, 5 working days after each quarter: the National Day week (1-7 October 2019)
    # is not counted and Saturday 12 October 2019 was a make-up working day.
    assert [(p["label"], p["start"], p["end"], p["due"]) for p in schedule.plan_periods(seed_plan)] == [
        ("2019年第3季度", Q3, dt.date(2019, 9, 30), dt.date(2019, 10, 12)),
        ("2019年第4季度", Q4, dt.date(2019, 12, 31), dt.date(2020, 1, 8)),
    ]
    seed_plan.schedule = Schedule.MONTHLY
    months = schedule.plan_periods(seed_plan)
    assert [p["label"] for p in months] == [f"2019年{m}月" for m in range(7, 13)]
    assert months[0]["due"] == dt.date(2019, 8, 7)  # 1, 2, 5, 6, 7 August
    assert schedule.label(dt.date(2019, 1, 1), dt.date(2019, 6, 30)) == "2019年上半年"


def test_a_unit_reports_the_office_returns_the_unit_revises_and_the_office_accepts(seed_plan):
    editor, office = staff("fgw_editor"), staff("admin")
    assignment = assignment_of(seed_plan, 11, "市发展改革委")
    draft = services.save_report(
        actor=editor, assignment=assignment, period_start=Q3, summary="公开抽查计划。"
    )
    assert draft.status == ReportStatus.DRAFT and draft.first_submitted_on is None
    with pytest.raises(ValidationError):
        services.review_report(actor=office, report=draft, accept=True)  # nothing handed in yet

    sent = services.save_report(actor=editor, assignment=assignment, period_start=Q3, summary="公开抽查计划和结果。",
                                evidence_links="https://www.linyi.gov.cn/a/1.html\n", submit=True)  # fmt: skip
    assert sent.pk == draft.pk and sent.status == ReportStatus.SUBMITTED
    assert sent.due_on == dt.date(2019, 10, 12) and sent.links() == ["https://www.linyi.gov.cn/a/1.html"]
    first = sent.first_submitted_on
    with pytest.raises(ValidationError, match="不能再修改"):
        services.save_report(actor=editor, assignment=assignment, period_start=Q3, summary="改", submit=True)

    with pytest.raises(ValidationError) as error:
        services.review_report(actor=office, report=sent, accept=False, comment=" ")
    assert error.value.message_dict["review_comment"] == ["退回时请写明需要修改或补充的内容。"]
    with pytest.raises(PermissionDenied):
        services.review_report(actor=staff("fgw_reviewer"), report=sent, accept=True)  # not the office
    returned = services.review_report(
        actor=office, report=sent, accept=False, comment="请补充抽查结果的网址。"
    )
    assert returned.status == ReportStatus.RETURNED and returned.review_comment == "请补充抽查结果的网址。"

    again = services.save_report(actor=editor, assignment=assignment, period_start=Q3, summary="已补充。",
                                 evidence_links="https://www.linyi.gov.cn/a/2.html", is_final=True, submit=True)  # fmt: skip
    assert (
        again.status == ReportStatus.SUBMITTED and again.first_submitted_on == first
    )  # lateness is the first hand-in
    services.review_report(actor=office, report=again, accept=True)
    assignment.refresh_from_db()
    assert assignment.completed_on is not None  # its final report was accepted
    actions = list(
        AuditEvent.objects.filter(action__startswith="supervision.report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["supervision.report_saved", "supervision.report_submitted", "supervision.report_returned",
                       "supervision.report_submitted", "supervision.report_accepted"]  # fmt: skip


def test_only_the_units_own_staff_report_and_bad_input_changes_nothing(seed_plan):
    assignment = assignment_of(seed_plan, 11, "市发展改革委")
    with pytest.raises(PermissionDenied):
        services.save_report(actor=staff("jyj_editor"), assignment=assignment, period_start=Q3, summary="x")
    editor = staff("fgw_editor")
    with pytest.raises(ValidationError) as error:
        services.save_report(actor=editor, assignment=assignment, period_start=dt.date(2019, 4, 1), summary="",
                             evidence_links="www.example.com\nhttps://ok.example.com/")  # fmt: skip
    assert error.value.message_dict == {
        "period_start": ["不是本工作要点的报送周期。"],
        "summary": ["请填写本期进展情况。"],
        "evidence_links": ["以下不是有效网址（以 http:// 或 https:// 开头）：www.example.com"],
    }
    other = Milestone.objects.create(task=seed_plan.tasks.get(order=1), title="别的任务的节点")
    with pytest.raises(ValidationError, match="只能选择本任务的节点"):
        services.save_report(
            actor=editor, assignment=assignment, period_start=Q3, summary="x", milestones=[other]
        )
    assert not ProgressReport.objects.exists()


def test_the_ledger_flags_what_is_overdue(seed_plan):
    editor, office = staff("fgw_editor"), staff("admin")
    unit = assignment_of(seed_plan, 11, "市发展改革委").unit
    services.save_report(actor=editor, assignment=assignment_of(seed_plan, 11, "市发展改革委"), period_start=Q3,
                         summary="已公开。", submit=True)  # fmt: skip

    def states(today):
        rows = services.ledger(seed_plan, [unit], today)
        return {(r["task"].order, r["period"]["start"]): r["state"] for r in rows}

    before = states(dt.date(2019, 10, 12))  # the due day itself is still in time
    assert before[(11, Q3)] == "submitted" and before[(1, Q3)] == "open" and (1, Q4) in before
    after = states(dt.date(2019, 10, 14))
    assert after[(1, Q3)] == "overdue" and after[(11, Q3)] == "submitted" and after[(1, Q4)] == "open"
    services.review_report(actor=office, report=ProgressReport.objects.get(), accept=True)
    assert states(dt.date(2020, 3, 1))[(11, Q3)] == "accepted"
    assert len(services.ledger(seed_plan, [unit], dt.date(2019, 8, 1))) == seed_plan.tasks.filter(
        assignments__unit=unit).count()  # only Q3 has begun  # fmt: skip


def test_reminders_before_the_due_date_and_when_overdue_once_each(seed_plan, mailoutbox):
    editor = staff("fgw_editor")
    editor.email = "fgw@example.com"
    editor.save()
    unit_tasks = Assignment.objects.filter(task__plan=seed_plan, unit=editor.unit).count()
    services.save_report(actor=editor, assignment=assignment_of(seed_plan, 11, "市发展改革委"), period_start=Q3,
                         summary="已公开。", submit=True)  # fmt: skip
    assert (
        services.send_reminders(actor=SCANNER, today=dt.date(2019, 10, 8)) == []
    )  # 4 working days left; plan says 3
    sent = services.send_reminders(actor=SCANNER, today=dt.date(2019, 10, 9))  # 10, 11, 12 October left
    mine = [s for s in sent if s[0] == editor.unit.name]
    assert len(mine) == unit_tasks - 1 and {s[2] for s in mine} == {
        "due_soon"
    }  # not the task reported already
    assert len([m for m in mailoutbox if "fgw@example.com" in m.to]) == unit_tasks - 1
    assert "2019年第3季度进展报送即将到期" in mailoutbox[0].subject
    assert services.send_reminders(actor=SCANNER, today=dt.date(2019, 10, 10)) == []  # once per stage
    overdue = services.send_reminders(actor=SCANNER, today=dt.date(2019, 10, 14))
    assert {s[2] for s in overdue} == {"overdue"}
    assert Reminder.objects.filter(stage="overdue", assignment__unit=editor.unit).count() == unit_tasks - 1


def test_the_reminder_command(seed_plan, capsys):
    from django.core.management import call_command

    call_command("send_supervision_reminders", "--today", "2019-10-14")
    out = capsys.readouterr().out
    everyone = Assignment.objects.filter(task__plan=seed_plan).count()  # nothing handed in: all overdue
    assert out.strip().endswith(f"reminded {everyone} report(s)")
    assert "overdue: 临沂市发展和改革委员会 · 推进新旧动能转换重大工程信息公开" in out


def test_a_countys_own_office_does_not_accept_the_countys_report_to_the_city(seed_plan):
    lanshan = assignment_of(seed_plan, 22, "兰山区")
    editor = staff("lanshan_editor")
    editor.unit = lanshan.unit
    editor.save()
    sent = services.save_report(
        actor=editor, assignment=lanshan, period_start=Q4, summary="已公开招生方案。", submit=True
    )
    with pytest.raises(PermissionDenied):
        services.review_report(actor=staff("lanshan_office"), report=sent, accept=True)
    assert (
        services.review_report(actor=staff("admin"), report=sent, accept=True).status == ReportStatus.ACCEPTED
    )
