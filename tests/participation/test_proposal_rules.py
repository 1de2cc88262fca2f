"""建议提案办理 by the handling rules: the three-month deadline, the reply's category, the satisfaction returned
after the reply, a second handling of an unsatisfied reply, the statistics and the annual report's sentence,
and the reminders (once per stage, even when two runs overlap)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.participation import proposals
from gongkai.participation.models import Proposal
from tests.audits import record_of

pytestmark = pytest.mark.django_db
JOB = system("send_proposal_reminders")


def make(tree, number="第1号", kind="npc", assigned=dt.date(2026, 2, 20), deadline=None, unit=None):
    return Proposal.objects.create(
        kind=kind, year=assigned.year, number=number, title=f"关于{number}的建议", authors="王某某",
        lead_unit=unit or tree.dept_a, assigned_on=assigned, deadline=deadline or proposals.default_deadline(assigned),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("assigned", "deadline"),
    [
        (dt.date(2026, 2, 20), dt.date(2026, 5, 20)),
        (dt.date(2026, 1, 31), dt.date(2026, 4, 30)),  # no 31 April: the month's last day
        (dt.date(2026, 11, 30), dt.date(2027, 2, 28)),  # across the year, into a short February
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),  # a leap February
        (dt.date(2026, 3, 31), dt.date(2026, 6, 30)),
    ],
)
def test_the_deadline_defaults_to_three_months_from_assignment(assigned, deadline):
    assert proposals.default_deadline(assigned) == deadline


def test_the_office_assigns_without_a_deadline_and_gets_three_months(tree, office):
    proposal = Proposal(kind="cppcc", year=2026, number="第3号", title="提案", authors="李某", lead_unit=tree.dept_a,
                        assigned_on=dt.date(2026, 1, 31))  # fmt: skip
    saved = proposals.save_proposal(actor=office, proposal=proposal)
    assert saved.deadline == dt.date(2026, 4, 30)
    explicit = Proposal(kind="cppcc", year=2026, number="第4号", title="提案", authors="李某", lead_unit=tree.dept_a,
                        assigned_on=dt.date(2026, 1, 31), deadline=dt.date(2026, 3, 31))  # fmt: skip
    assert proposals.save_proposal(actor=office, proposal=explicit).deadline == dt.date(2026, 3, 31)


def test_a_reply_without_a_category_is_refused_in_chinese(tree, reviewer_a):
    proposal = make(tree)
    with pytest.raises(ValidationError) as refused:
        proposals.reply_proposal(
            actor=reviewer_a, proposal=proposal, text="已办理。", replied_on=dt.date(2026, 4, 1)
        )
    assert "请选择答复类别" in refused.value.message_dict["category"][0]
    with pytest.raises(ValidationError, match="请选择答复类别"):
        proposals.reply_proposal(
            actor=reviewer_a, proposal=proposal, text="已办理。", replied_on=dt.date(2026, 4, 1), category="D"
        )
    assert Proposal.objects.get(pk=proposal.pk).status == "assigned"
    assert not AuditEvent.objects.filter(action="participation.proposal_replied").exists()


def test_a_c_reply_must_say_why(tree, reviewer_a):
    proposal = make(tree)
    with pytest.raises(ValidationError, match="C类答复须说明暂不能解决的原因"):
        proposals.reply_proposal(
            actor=reviewer_a, proposal=proposal, text="  ", replied_on=dt.date(2026, 4, 1), category="C"
        )
    proposals.reply_proposal(actor=reviewer_a, proposal=proposal, text="受用地指标限制，暂不能实施。",
                             replied_on=dt.date(2026, 4, 1), category="C")  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.status, proposal.category) == ("replied", "C")
    assert record_of("participation.proposal_replied", proposal).changes["category"] == ["", "C"]


def test_satisfaction_is_recorded_by_the_office_only_after_the_reply(tree, reviewer_a, office):
    proposal = make(tree)
    with pytest.raises(ValidationError, match="答复后才能登记"):
        proposals.record_satisfaction(
            actor=office, proposal=proposal, satisfaction="satisfied", returned_on=dt.date(2026, 5, 1)
        )
    proposals.reply_proposal(
        actor=reviewer_a, proposal=proposal, text="已解决。", replied_on=dt.date(2026, 4, 1), category="A"
    )
    with pytest.raises(PermissionDenied):  # the lead unit does not grade itself
        proposals.record_satisfaction(
            actor=reviewer_a, proposal=proposal, satisfaction="satisfied", returned_on=dt.date(2026, 5, 1)
        )
    with pytest.raises(ValidationError, match="不能早于答复日期"):
        proposals.record_satisfaction(
            actor=office, proposal=proposal, satisfaction="satisfied", returned_on=dt.date(2026, 3, 1)
        )
    with pytest.raises(ValidationError, match="请选择满意、基本满意或不满意"):
        proposals.record_satisfaction(
            actor=office, proposal=proposal, satisfaction="great", returned_on=dt.date(2026, 5, 1)
        )
    proposals.record_satisfaction(
        actor=office, proposal=proposal, satisfaction="basically", returned_on=dt.date(2026, 5, 1)
    )
    proposal.refresh_from_db()
    assert (proposal.satisfaction, proposal.satisfaction_on) == ("basically", dt.date(2026, 5, 1))
    event = record_of("participation.proposal_satisfaction", proposal)
    assert event.actor == office and event.changes["satisfaction"] == ["", "basically"]


def test_an_unsatisfied_reply_is_handled_again_within_a_month(tree, reviewer_a, office):
    proposal = make(tree)
    proposals.reply_proposal(
        actor=reviewer_a, proposal=proposal, text="暂不能解决。", replied_on=dt.date(2026, 4, 1), category="C"
    )
    with pytest.raises(ValidationError, match="不满意"):
        proposals.reopen(actor=office, proposal=proposal, today=dt.date(2026, 5, 10))
    proposals.record_satisfaction(
        actor=office, proposal=proposal, satisfaction="dissatisfied", returned_on=dt.date(2026, 5, 1)
    )
    with pytest.raises(PermissionDenied):
        proposals.reopen(actor=reviewer_a, proposal=proposal, today=dt.date(2026, 5, 10))
    reopened = proposals.reopen(actor=office, proposal=proposal, today=dt.date(2026, 5, 10))
    assert (reopened.status, reopened.deadline, reopened.reply, reopened.category) == (
        "assigned",
        dt.date(2026, 6, 10),
        "",
        "",
    )
    first = record_of("participation.proposal_reopened", proposal).changes["first_reply"]
    assert (
        first["reply"] == "暂不能解决。"
        and first["category"] == "C"
        and first["satisfaction"] == "dissatisfied"
    )


def test_statistics_count_categories_satisfaction_and_the_rate(tree, reviewer_a, office):
    replies = [("第1号", "npc", "A", "satisfied", dt.date(2026, 5, 1)), ("第2号", "npc", "B", "basically", dt.date(2026, 5, 1)),
               ("第3号", "cppcc", "C", "dissatisfied", dt.date(2026, 5, 1)), ("第4号", "cppcc", "B", "", dt.date(2026, 6, 1))]  # fmt: skip
    for number, kind, category, satisfaction, on in replies:
        p = make(tree, number, kind)
        proposals.reply_proposal(
            actor=reviewer_a, proposal=p, text="答复。", replied_on=on, category=category
        )
        if satisfaction:
            proposals.record_satisfaction(
                actor=office, proposal=p, satisfaction=satisfaction, returned_on=dt.date(2026, 6, 2)
            )
    make(tree, "第5号", "cppcc")  # assigned 20 February, due 20 May: overdue
    make(tree, "第6号", "npc", assigned=dt.date(2026, 5, 1))  # due 1 August: in time on 1 July
    make(tree, "第7号", "npc", unit=tree.dept_b)
    rows = proposals.proposal_statistics([tree.dept_a, tree.dept_b], 2026, today=dt.date(2026, 7, 1))
    a = next(r for r in rows if r["unit"] == tree.dept_a)
    assert {k: a[k] for k in ("npc", "cppcc", "replied", "on_time", "late", "overdue", "pending")} == {
        "npc": 3, "cppcc": 3, "replied": 4, "on_time": 3, "late": 1, "overdue": 1, "pending": 1
    }  # fmt: skip
    assert (a["A"], a["B"], a["C"]) == (1, 2, 1)
    assert (a["satisfied"], a["basically"], a["dissatisfied"], a["returned"], a["rate"]) == (1, 1, 1, 3, 66.7)
    total = proposals.totals(rows)
    assert (total["total"], total["npc"], total["overdue"]) == (7, 4, 2)


def test_the_annual_report_sentence_counts_categories_and_satisfaction(tree, reviewer_a, office):
    for number, kind, category, satisfaction in [("第1号", "npc", "A", "satisfied"), ("第2号", "npc", "B", "satisfied"),
                                                 ("第3号", "cppcc", "C", "basically")]:  # fmt: skip
        p = make(tree, number, kind)
        proposals.reply_proposal(
            actor=reviewer_a, proposal=p, text="答复。", replied_on=dt.date(2026, 5, 1), category=category
        )
        proposals.record_satisfaction(
            actor=office, proposal=p, satisfaction=satisfaction, returned_on=dt.date(2026, 6, 1)
        )
    figures = proposals.report_figures([tree.dept_a], 2026, today=dt.date(2026, 12, 1))
    assert figures["text"] == (
        "全年承办人大代表建议2件、政协提案1件，均按期办结；答复A类1件、B类1件、C类1件；"
        "收回征询意见表3份，代表委员满意或基本满意的3件，满意率100%。"
    )
    make(tree, "第4号", "cppcc")
    text = proposals.report_figures([tree.dept_a], 2026, today=dt.date(2026, 12, 1))["text"]
    assert text.startswith(
        "全年承办人大代表建议2件、政协提案2件；已答复3件，其中按期答复3件，逾期未答复1件；"
    )
    assert proposals.report_figures([tree.dept_b], 2026)["text"] == ""


def test_the_to_do_lists_the_lead_units_replies_and_the_offices_overdue(tree, reviewer_a, office):
    from gongkai.core import todo

    soon = make(tree, "第1号", assigned=dt.date(2026, 3, 1))  # due 1 June
    late = make(tree, "第2号", assigned=dt.date(2026, 1, 10))  # due 10 April
    make(tree, "第3号", assigned=dt.date(2026, 5, 20))  # due 20 August
    make(tree, "第4号", assigned=dt.date(2026, 1, 10), unit=tree.dept_b)
    with time_machine.travel(
        dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        mine = dict(todo.todo_for(reviewer_a))
        office_rows = dict(todo.todo_for(office))
    reply_rows = next(rows for kind, rows in mine.items() if kind.kind == "proposal.reply")
    assert [r.title.split(" ")[0] for r in reply_rows] == [
        "人大代表建议第2号",
        "人大代表建议第1号",
        "人大代表建议第3号",
    ]
    assert [r.urgent for r in reply_rows] == [True, True, False]
    assert reply_rows[0].url == f"/manage/participation/proposals/{late.pk}/" and soon.pk
    overdue = next(rows for kind, rows in office_rows.items() if kind.kind == "proposal.overdue")
    assert sorted(r.title.split(" ")[0] for r in overdue) == ["人大代表建议第2号", "人大代表建议第4号"]


def test_reminders_are_sent_once_per_stage(tree, reviewer_a, office):
    from gongkai.core import services as core_services

    core_services.update_staff(actor=office, staff=reviewer_a, email="a@linyi.gov.cn")
    p = make(tree, "第1号", assigned=dt.date(2026, 3, 1))  # due 1 June
    make(tree, "第2号", assigned=dt.date(2026, 4, 1))  # due 1 July: not yet
    assert proposals.send_reminders(actor=JOB, today=dt.date(2026, 5, 10)) == []
    assert proposals.send_reminders(actor=JOB, today=dt.date(2026, 5, 20), dry_run=True) == [
        ("人大代表建议第1号", "due_soon")
    ]
    assert not AuditEvent.objects.filter(action="participation.proposal_reminded").exists()
    first = proposals.send_reminders(actor=JOB, today=dt.date(2026, 5, 20))
    again = proposals.send_reminders(actor=JOB, today=dt.date(2026, 5, 21))
    assert first == [("人大代表建议第1号", "due_soon")] and again == []
    assert len(mail.outbox) == 1 and "即将到期" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["a@linyi.gov.cn"]
    assert proposals.send_reminders(actor=JOB, today=dt.date(2026, 6, 2)) == [
        ("人大代表建议第1号", "overdue")
    ]
    assert proposals.send_reminders(actor=JOB, today=dt.date(2026, 6, 3)) == []
    assert ["已超过办理期限" in m.subject for m in mail.outbox] == [False, True]
    events = AuditEvent.objects.filter(action="participation.proposal_reminded", object_id=str(p.pk))
    assert [(e.actor_name, e.changes["stage"]) for e in events.order_by("seq")] == [
        ("系统（send_proposal_reminders）", "due_soon"),
        ("系统（send_proposal_reminders）", "overdue"),
    ]
    proposals.reply_proposal(
        actor=reviewer_a, proposal=p, text="答复。", replied_on=dt.date(2026, 6, 3), category="A"
    )
    assert proposals.send_reminders(actor=JOB, today=dt.date(2026, 6, 4)) == []


def test_a_second_run_that_read_the_same_due_rows_reminds_nobody_again(tree):
    p = make(tree, "第1号", assigned=dt.date(2026, 3, 1))
    due = proposals.due_reminders(dt.date(2026, 5, 20))
    assert due == [(p, "due_soon")]
    # the second run read the same due rows before the first recorded its reminder
    assert proposals.send_reminder(actor=JOB, proposal=p, stage_="due_soon") is True
    assert proposals.send_reminder(actor=JOB, proposal=p, stage_="due_soon") is False
    assert AuditEvent.objects.filter(action="participation.proposal_reminded").count() == 1


def test_the_reminder_command(tree, capsys):
    make(tree, "第1号", assigned=dt.date(2026, 1, 10))  # due 10 April
    call_command("send_proposal_reminders", "--today", "2026-04-20", "--dry-run")
    assert "would remind for 1 proposal(s)" in capsys.readouterr().out
    call_command("send_proposal_reminders", "--today", "2026-04-20")
    call_command("send_proposal_reminders", "--today", "2026-04-21")
    out = capsys.readouterr().out
    assert "reminded for 1 proposal(s)" in out and "reminded for 0 proposal(s)" in out
