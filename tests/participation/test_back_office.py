"""The participation back office saves through services, and every save leaves its audit record:
publishing a consultation or a catalog, grouping a comment, a catalog's matters, a meeting's applications."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.actors import system
from gongkai.participation import proposals, services
from gongkai.participation.models import (
    AttendanceApplication,
    Comment,
    CommentGroup,
    Consultation,
    DecisionCatalog,
    DecisionMatter,
    Meeting,
    Proposal,
)
from tests.audits import actions_about, record_of
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
BEIJING = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=BEIJING)
END = dt.datetime(2026, 3, 31, 17, 0, tzinfo=BEIJING)
HELD = dt.datetime(2026, 4, 10, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def draft(tree):
    return Consultation.objects.create(title="临沂市城市公园管理办法（征求意见稿）", unit=tree.dept_a, draft="第一条……",
                                       starts_at=START, ends_at=END)  # fmt: skip


@pytest.fixture
def meeting(tree):
    return Meeting.objects.create(unit=tree.dept_a, kind="executive", title="第25次常务会议", held_at=HELD,
                                  place="第一会议室", agenda="研究停车收费", apply_until=HELD - dt.timedelta(days=5),
                                  seats=1, is_published=True)  # fmt: skip


def consultation_form(unit, **overrides):
    form = {
        "title": "临沂市城市公园管理办法（征求意见稿）", "unit": unit.pk, "draft": "第一条 为加强城市公园管理……",
        "explanation": "起草说明。", "basis": "《城市绿化条例》", "starts_at_0": "2026-03-01", "starts_at_1": "09:00:00",
        "ends_at_0": "2026-03-31", "ends_at_1": "17:00:00", "contact": "0539-8123456", "report": "", "decision": "",
        "groups-TOTAL_FORMS": 0, "groups-INITIAL_FORMS": 0,
    }  # fmt: skip
    form.update(overrides)
    return form


# Consultations ---------------------------------------------------------------------------------------------


def test_a_reviewer_adds_a_consultation_with_groups_and_both_are_recorded(tree, reviewer_a):
    form = consultation_form(tree.dept_a, **{
        "groups-TOTAL_FORMS": 1, "groups-0-order": 1, "groups-0-summary": "关于开放时间", "groups-0-decision": "",
        "groups-0-reason": "",
    })  # fmt: skip
    assert (
        logged_in(reviewer_a).post("/manage/admin/participation/consultation/add/", form).status_code == 302
    )
    consultation = Consultation.objects.get()
    assert not consultation.is_published
    assert record_of("participation.consultation.created", consultation).actor == reviewer_a
    group = CommentGroup.objects.get(consultation=consultation)
    assert record_of("participation.commentgroup.created", group).unit == tree.dept_a


def test_publishing_a_consultation_in_the_back_office_leaves_a_record(draft, tree, reviewer_a):
    form = consultation_form(tree.dept_a, is_published="on")
    response = logged_in(reviewer_a).post(
        f"/manage/admin/participation/consultation/{draft.pk}/change/", form
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    event = record_of("participation.consultation.published", draft)
    assert event.changes["is_published"] == [False, True] and event.actor_name == "reviewer_a"
    form.pop("is_published")
    logged_in(reviewer_a).post(f"/manage/admin/participation/consultation/{draft.pk}/change/", form)
    assert record_of("participation.consultation.unpublished", draft).changes["is_published"] == [True, False]


def test_an_editor_cannot_publish_a_consultation(draft, tree, editor_a):
    form = consultation_form(tree.dept_a, is_published="on")
    response = logged_in(editor_a).post(f"/manage/admin/participation/consultation/{draft.pk}/change/", form)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published and actions_about(draft) == []


def test_save_consultation_refuses_no_actor_and_moving_it_out_of_reach(draft, tree, reviewer_a):
    draft.is_published = True
    with pytest.raises(PermissionDenied):
        services.save_consultation(actor=None, consultation=draft)
    draft.unit = tree.dept_b
    with pytest.raises(PermissionDenied):
        services.save_consultation(actor=reviewer_a, consultation=draft)
    assert not Consultation.objects.get(pk=draft.pk).is_published


def test_a_system_job_saves_a_consultation_under_its_name(draft):
    draft.is_published = True
    services.save_consultation(actor=system("import_consultations"), consultation=draft)
    assert (
        record_of("participation.consultation.published", draft).actor_name == "系统（import_consultations）"
    )


# Comments --------------------------------------------------------------------------------------------------


def test_grouping_a_comment_in_the_back_office_is_recorded(draft, reviewer_a):
    comment = Comment.objects.create(consultation=draft, body="建议延长开放时间。")
    group = CommentGroup.objects.create(consultation=draft, order=1, summary="关于开放时间")
    form = {"status": "received", "group": group.pk}
    response = logged_in(reviewer_a).post(f"/manage/admin/participation/comment/{comment.pk}/change/", form)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.group == group and comment.status == "received"
    assert record_of("participation.comment_grouped", comment).changes == {"group": [None, group.pk]}


def test_publishing_a_comment_in_the_back_office_masks_and_records_it(draft, reviewer_a):
    comment = Comment.objects.create(consultation=draft, body="我是张三，电话13905391234。", name="张三")
    form = {"status": "published", "group": ""}
    assert (
        logged_in(reviewer_a)
        .post(f"/manage/admin/participation/comment/{comment.pk}/change/", form)
        .status_code
        == 302
    )
    comment.refresh_from_db()
    assert comment.status == "published" and "13905391234" not in comment.public_body
    assert record_of("participation.comment_reviewed", comment).changes == {"status": [None, "published"]}


def test_group_comment_refuses_a_group_of_another_consultation_and_no_actor(draft, tree, reviewer_a):
    comment = Comment.objects.create(consultation=draft, body="建议。")
    other = Consultation.objects.create(
        title="另一次征集", unit=tree.dept_a, draft="……", starts_at=START, ends_at=END
    )
    stranger = CommentGroup.objects.create(consultation=other, order=1, summary="别处的归类")
    with pytest.raises(PermissionDenied):
        services.group_comment(actor=None, comment=comment, group=None)
    with pytest.raises(Exception, match="同一次征集"):
        services.group_comment(actor=reviewer_a, comment=comment, group=stranger)
    assert actions_about(comment) == []


def test_submitted_comments_and_their_review_are_recorded(draft, reviewer_a):
    draft.is_published = True
    draft.save()
    comment, created = services.submit_comment(consultation=draft, body="建议增加座椅。", now=START)
    assert created and record_of("participation.comment_received", comment).unit == draft.unit
    services.review_comment(actor=reviewer_a, comment=comment, publish=False)
    assert Comment.objects.get(pk=comment.pk).status == "hidden"
    assert record_of("participation.comment_reviewed", comment).actor == reviewer_a
    with pytest.raises(PermissionDenied):
        services.review_comment(actor=None, comment=comment, publish=True)


def test_closing_and_the_adoption_report_are_recorded(draft, reviewer_a):
    draft.is_published = True
    draft.save()
    comment, _ = services.submit_comment(consultation=draft, body="建议增加座椅。", now=START)
    group = CommentGroup.objects.create(consultation=draft, order=1, summary="座椅", decision="adopted")
    services.review_comment(actor=reviewer_a, comment=comment, publish=True, group=group)
    with pytest.raises(PermissionDenied):
        services.close(actor=None, consultation=draft, now=START + dt.timedelta(days=1))
    services.close(actor=reviewer_a, consultation=draft, now=START + dt.timedelta(days=1))
    assert Consultation.objects.get(pk=draft.pk).ends_at == START + dt.timedelta(days=1)
    assert record_of("participation.closed", draft).actor == reviewer_a
    services.publish_report(actor=reviewer_a, consultation=draft, text="共收到1条意见，采纳1条。",
                            now=START + dt.timedelta(days=2))  # fmt: skip
    assert Consultation.objects.get(pk=draft.pk).report_published_at is not None
    assert record_of("participation.report_published", draft).changes == {"comments": [None, 1]}


# The decision catalog --------------------------------------------------------------------------------------


def test_a_catalog_and_its_matters_saved_in_the_back_office_are_recorded(tree, reviewer_a):
    form = {
        "unit": tree.dept_a.pk, "year": 2026, "is_published": "on", "published_on": "2026-02-01",
        "matters-TOTAL_FORMS": 1, "matters-INITIAL_FORMS": 0, "matters-0-order": 1,
        "matters-0-title": "城区停车收费标准调整", "matters-0-lead_unit": tree.dept_a.pk,
        "matters-0-planned": "2026年第三季度", "matters-0-methods": ["hearing", "online"],
    }  # fmt: skip
    assert (
        logged_in(reviewer_a).post("/manage/admin/participation/decisioncatalog/add/", form).status_code
        == 302
    )
    catalog = DecisionCatalog.objects.get()
    assert record_of("participation.decisioncatalog.created", catalog).changes["is_published"] == [None, True]
    matter = catalog.matters.get()
    assert matter.methods == ["hearing", "online"]
    assert record_of("participation.decisionmatter.created", matter).unit == tree.dept_a


def test_publishing_a_catalog_through_the_service_is_recorded(tree, reviewer_a):
    catalog = DecisionCatalog.objects.create(unit=tree.dept_a, year=2026)
    catalog.is_published = True
    services.save_catalog(actor=reviewer_a, catalog=catalog)
    assert record_of("participation.decisioncatalog.published", catalog).actor == reviewer_a
    with pytest.raises(PermissionDenied):
        services.save_catalog(actor=None, catalog=catalog)


def test_a_matters_note_changed_in_the_back_office_is_recorded(tree, reviewer_a):
    catalog = DecisionCatalog.objects.create(unit=tree.dept_a, year=2026, is_published=True)
    matter = DecisionMatter.objects.create(catalog=catalog, order=1, title="停车收费标准调整", lead_unit=tree.dept_a,
                                           planned="第三季度")  # fmt: skip
    form = {"status": "planned", "status_note": "听证会定于九月", "consultation": "", "decision": ""}
    response = logged_in(reviewer_a).post(
        f"/manage/admin/participation/decisionmatter/{matter.pk}/change/", form
    )
    assert response.status_code == 302
    assert record_of("participation.decisionmatter.changed", matter).changes["status_note"] == [
        "",
        "听证会定于九月",
    ]


def test_a_matters_status_change_is_recorded(tree, reviewer_a):
    catalog = DecisionCatalog.objects.create(unit=tree.dept_a, year=2026, is_published=True)
    matter = DecisionMatter.objects.create(catalog=catalog, order=1, title="停车收费", lead_unit=tree.dept_a,
                                           planned="第三季度")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.set_matter_status(actor=None, matter=matter, status="consulting")
    services.set_matter_status(actor=reviewer_a, matter=matter, status="consulting")
    assert DecisionMatter.objects.get(pk=matter.pk).status == "consulting"
    assert record_of("participation.matter_status", matter).changes == {"status": ["planned", "consulting"]}


# Proposals -------------------------------------------------------------------------------------------------


def proposal_form(unit, **overrides):
    form = {"kind": "npc", "year": 2026, "number": "第128号", "title": "关于增设城区公共停车场的建议",
            "authors": "王某某等5名代表", "lead_unit": unit.pk, "assigned_on": "2026-02-20", "deadline": "2026-05-20",
            "reply": "", "replied_on": "", "reply_public": "on", "not_public_reason": ""}  # fmt: skip
    form.update(overrides)
    return form


def test_the_office_assigns_a_proposal_in_the_back_office_and_it_is_recorded(tree, office, reviewer_a):
    assert (
        logged_in(reviewer_a)
        .post("/manage/admin/participation/proposal/add/", proposal_form(tree.dept_a))
        .status_code
        == 403
    )
    form = proposal_form(tree.dept_a, co_units=[tree.dept_b.pk])
    assert logged_in(office).post("/manage/admin/participation/proposal/add/", form).status_code == 302
    proposal = Proposal.objects.get()
    assert list(proposal.co_units.all()) == [tree.dept_b]
    event = record_of("participation.proposal.created", proposal)
    assert event.actor == office and event.changes["co_units"] == [None, [str(tree.dept_b)]]


def test_a_proposal_assigned_in_the_back_office_without_a_deadline_gets_three_months(tree, office):
    form = proposal_form(tree.dept_a, assigned_on="2026-01-31", deadline="")
    assert logged_in(office).post("/manage/admin/participation/proposal/add/", form).status_code == 302
    assert Proposal.objects.get().deadline == dt.date(2026, 4, 30)


def test_a_reply_in_the_back_office_needs_its_category(tree, office):
    form = proposal_form(tree.dept_a, reply="已规划。", replied_on="2026-04-01")
    page = logged_in(office).post("/manage/admin/participation/proposal/add/", form)
    assert page.status_code == 200 and "请选择答复类别" in page.text
    assert not Proposal.objects.exists()
    form["category"] = "A"
    assert logged_in(office).post("/manage/admin/participation/proposal/add/", form).status_code == 302
    assert Proposal.objects.get().category == "A"


def test_a_reply_saved_with_the_proposal_goes_through_the_reply_service(tree, office, reviewer_a):
    proposal = Proposal.objects.create(kind="npc", year=2026, number="第1号", title="建议", authors="王某某",
                                       lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20),
                                       deadline=dt.date(2026, 5, 20))  # fmt: skip
    proposal.reply, proposal.replied_on, proposal.category = "已规划新建停车场。", dt.date(2026, 4, 1), "A"
    with pytest.raises(PermissionDenied):
        proposals.save_proposal(actor=None, proposal=proposal)
    proposals.save_proposal(actor=reviewer_a, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == "replied"
    assert actions_about(proposal) == ["participation.proposal.changed", "participation.proposal_replied"]


def test_only_the_office_assigns_a_new_proposal_through_the_service(tree, reviewer_a):
    proposal = Proposal(kind="npc", year=2026, number="第2号", title="建议", authors="李某", lead_unit=tree.dept_a,
                        assigned_on=dt.date(2026, 2, 20), deadline=dt.date(2026, 5, 20))  # fmt: skip
    with pytest.raises(PermissionDenied):
        proposals.save_proposal(actor=reviewer_a, proposal=proposal)
    proposals.save_proposal(actor=system("import_proposals"), proposal=proposal)
    assert record_of("participation.proposal.created", proposal).actor_name == "系统（import_proposals）"


def test_replying_to_a_proposal_is_recorded(tree, reviewer_a):
    proposal = Proposal.objects.create(kind="cppcc", year=2026, number="第9号", title="提案", authors="李某",
                                       lead_unit=tree.dept_a, assigned_on=dt.date(2026, 2, 20),
                                       deadline=dt.date(2026, 5, 20))  # fmt: skip
    with pytest.raises(PermissionDenied):
        proposals.reply_proposal(
            actor=None, proposal=proposal, text="答复。", replied_on=dt.date(2026, 4, 1), category="A"
        )
    proposals.reply_proposal(
        actor=reviewer_a, proposal=proposal, text="答复。", replied_on=dt.date(2026, 4, 1), category="A"
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "replied"
    assert record_of("participation.proposal_replied", proposal).changes == {
        "status": ["assigned", "replied"],
        "category": ["", "A"],
    }


# Meetings --------------------------------------------------------------------------------------------------


def meeting_form(unit, **overrides):
    form = {"unit": unit.pk, "kind": "executive", "title": "第26次常务会议", "held_at_0": "2026-05-10",
            "held_at_1": "09:00:00", "place": "第一会议室", "agenda": "研究老旧小区改造", "apply_until_0": "",
            "apply_until_1": "", "seats": 0, "livestream_url": "", "is_published": "on", "decisions": "",
            "withheld": "", "applications-TOTAL_FORMS": 0, "applications-INITIAL_FORMS": 0}  # fmt: skip
    form.update(overrides)
    return form


def test_a_meeting_added_in_the_back_office_is_recorded(tree, reviewer_a):
    assert (
        logged_in(reviewer_a)
        .post("/manage/admin/participation/meeting/add/", meeting_form(tree.dept_a))
        .status_code
        == 302
    )
    meeting = Meeting.objects.get()
    assert meeting.is_published
    assert record_of("participation.meeting.created", meeting).changes["is_published"] == [None, True]


def test_selecting_an_applicant_in_the_back_office_goes_through_the_service(meeting, tree, reviewer_a):
    first = AttendanceApplication.objects.create(
        meeting=meeting, category="public", name="张伟", contact="13905391234"
    )
    second = AttendanceApplication.objects.create(
        meeting=meeting, category="public", name="李娜", contact="13905391235"
    )
    form = meeting_form(tree.dept_a, title=meeting.title, seats=1, **{
        "held_at_0": "2026-04-10", "apply_until_0": "2026-04-05", "apply_until_1": "09:00:00",
        "applications-TOTAL_FORMS": 2, "applications-INITIAL_FORMS": 2,
        "applications-0-id": first.pk, "applications-0-meeting": meeting.pk, "applications-0-status": "selected",
        "applications-0-opinion": "支持改造", "applications-0-feedback": "",
        "applications-1-id": second.pk, "applications-1-meeting": meeting.pk, "applications-1-status": "selected",
        "applications-1-opinion": "", "applications-1-feedback": "",
    })  # fmt: skip
    response = logged_in(reviewer_a).post(
        f"/manage/admin/participation/meeting/{meeting.pk}/change/", form, follow=True
    )
    assert "名额" in response.text  # the second selection is over the seats
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.opinion, second.status) == ("selected", "支持改造", "applied")
    assert record_of("participation.attendance_decided", first).changes == {"status": [None, "selected"]}
    assert record_of("participation.attendanceapplication.changed", first).changes["opinion"] == [
        "",
        "支持改造",
    ]


def test_applications_decisions_and_outcomes_are_recorded(meeting, reviewer_a):
    application, created = services.apply_to_attend(meeting=meeting, category="public", name="张伟",
                                                     contact="13905391234", now=HELD - dt.timedelta(days=6))  # fmt: skip
    assert created and record_of("participation.attendance_applied", application).unit == meeting.unit
    with pytest.raises(PermissionDenied):
        services.decide_application(actor=None, application=application, selected=True)
    services.decide_application(actor=reviewer_a, application=application, selected=False)
    assert AttendanceApplication.objects.get(pk=application.pk).status == "declined"
    assert record_of("participation.attendance_decided", application).actor == reviewer_a
    with pytest.raises(PermissionDenied):
        services.publish_outcome(actor=None, meeting=meeting, decisions="原则通过。", now=HELD)
    services.publish_outcome(actor=reviewer_a, meeting=meeting, decisions="原则通过。", now=HELD)
    assert Meeting.objects.get(pk=meeting.pk).outcome_published_at == HELD
    assert record_of("participation.meeting_outcome", meeting).actor == reviewer_a


def test_save_meeting_records_its_materials_and_refuses_no_actor(meeting, reviewer_a):
    meeting.is_published = False
    with pytest.raises(PermissionDenied):
        services.save_meeting(actor=None, meeting=meeting)
    services.save_meeting(actor=reviewer_a, meeting=meeting, materials=[])
    assert record_of("participation.meeting.unpublished", meeting).changes["is_published"] == [True, False]


def test_an_action_the_service_refuses_says_so_in_words(draft, editor_a):
    draft.is_published = True
    draft.save()
    response = logged_in(editor_a).post(
        "/manage/admin/participation/consultation/",
        {"action": "close_now", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "您没有执行此操作的权限。" in response.text
    assert actions_about(draft) == []


def test_ending_a_major_decision_early_needs_the_reason_its_minimum_asks_for(draft, reviewer_a):
    from django.core.exceptions import ValidationError

    from gongkai.participation.models import ConsultationKind

    draft.is_published, draft.ends_at = True, START + dt.timedelta(days=40)
    draft.save()
    draft.kinds.set(ConsultationKind.objects.filter(code="major_decision"))
    with pytest.raises(ValidationError) as refused:
        services.close(actor=reviewer_a, consultation=draft, now=START + dt.timedelta(days=1))
    assert "30日" in str(refused.value) and "缩短理由" in str(refused.value)
    assert Consultation.objects.get(pk=draft.pk).ends_at == START + dt.timedelta(days=40)
    services.close(actor=reviewer_a, consultation=draft, reason="上级要求提前出台，经市政府同意提前结束征集。",
                   now=START + dt.timedelta(days=1))  # fmt: skip
    saved = Consultation.objects.get(pk=draft.pk)
    assert saved.ends_at == START + dt.timedelta(days=1) and saved.shortened_reason.startswith(
        "上级要求提前出台"
    )


def test_a_second_publish_of_the_report_is_refused_and_mails_nobody_twice(draft, reviewer_a, mailoutbox):
    from django.core.exceptions import ValidationError

    draft.is_published = True
    draft.save()
    services.submit_comment(consultation=draft, body="建议增加座椅。", contact="li@example.cn", now=START)
    group = CommentGroup.objects.create(consultation=draft, order=1, summary="座椅", decision="adopted")
    Comment.objects.update(group=group)
    stale = Consultation.objects.get(pk=draft.pk)  # a second staff page opened before the first publish
    services.publish_report(actor=reviewer_a, consultation=draft, now=END + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.publish_report(actor=reviewer_a, consultation=stale, now=END + dt.timedelta(days=1))
    assert sum("li@example.cn" in m.to for m in mailoutbox) <= 1
    assert Comment.objects.get().notified_at is not None
