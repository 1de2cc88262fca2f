"""Who reaches which supervision record: every helper of ``supervision/access.py``, branch by branch. A record
outside the user's reach is not found (404); one within reach that the role may not work on is refused
(403); the office above reaches its units' records; a named system job reaches everything; no actor, nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.core import services as core_services
from gongkai.core.actors import system
from gongkai.core.models import User
from gongkai.core.roles import Role
from gongkai.supervision import access, services
from gongkai.supervision.models import AssessmentScheme, Indicator, Method, Milestone, ReportAttachment
from tests.conftest import PASSWORD
from tests.supervision.conftest import assignment_of, staff

Q3 = dt.date(2019, 7, 1)
JOB = system("tests")


@pytest.fixture
def city_editor(seed_plan):
    """An editor of the city government's own unit: the plan's government is within reach, but an editor
    does not supervise."""
    return core_services.create_staff(actor=staff("admin"), username="city_editor", unit=seed_plan.government,
                                      role=Role.EDITOR, password=PASSWORD, validate=False)  # fmt: skip


@pytest.fixture
def roleless(seed_plan):
    """A department account whose role grants nothing (a role since withdrawn): it reaches its unit only."""
    account = staff("fgw_editor")
    User.objects.filter(pk=account.pk).update(role="")
    return User.objects.get(pk=account.pk)


@pytest.fixture
def report(seed_plan):
    return services.save_report(actor=staff("fgw_editor"), assignment=assignment_of(seed_plan, 11, "市发展改革委"),
                                period_start=Q3, summary="已公开抽查计划。")  # fmt: skip


@pytest.fixture
def scheme(seed_plan):
    scheme = services.save_scheme(actor=JOB, scheme=AssessmentScheme(title="考核", year=2019, owner=seed_plan.government,
                                  plan=seed_plan), units=[assignment_of(seed_plan, 11, "市发展改革委").unit])  # fmt: skip
    indicator = Indicator(scheme=scheme, order=1, name="年报", points=Decimal(100), method=Method.MANUAL)
    services.save_indicator(actor=JOB, indicator=indicator)
    return scheme


# Plans ------------------------------------------------------------------------------------------------


def test_the_office_of_the_issuing_government_gets_and_works_on_its_plan(seed_plan):
    assert access.get_plan_for_user(staff("admin"), seed_plan.pk, write=True) == seed_plan
    assert list(access.plans_for(staff("admin"))) == [seed_plan]


def test_a_plan_of_another_government_is_not_found(seed_plan):
    assert not access.plans_for(staff("fgw_editor")).exists()
    with pytest.raises(Http404):
        access.get_plan_for_user(staff("fgw_editor"), seed_plan.pk)
    with pytest.raises(Http404):
        access.get_plan_for_user(staff("lanshan_office"), seed_plan.pk, write=True)  # a county office, below


def test_a_plan_within_reach_is_read_but_not_worked_on_without_the_right_to_supervise(seed_plan, city_editor):
    assert access.get_plan_for_user(city_editor, seed_plan.pk) == seed_plan
    with pytest.raises(PermissionDenied):
        access.get_plan_for_user(city_editor, seed_plan.pk, write=True)


def test_a_system_job_reaches_every_plan_and_no_actor_none(seed_plan):
    assert access.get_plan_for_user(JOB, seed_plan.pk, write=True) == seed_plan
    assert not access.plans_for(None).exists()
    with pytest.raises(Http404):
        access.get_plan_for_user(None, seed_plan.pk)


def test_only_published_plans_are_public(seed_plan):
    with pytest.raises(Http404):
        access.get_published_plan(seed_plan.pk)
    services.set_plan_published(actor=JOB, plan=seed_plan)
    assert access.get_published_plan(seed_plan.pk) == seed_plan
    assert list(access.published_plans()) == [seed_plan]


# Tasks ------------------------------------------------------------------------------------------------


def test_tasks_follow_their_plan(seed_plan, city_editor):
    task = seed_plan.tasks.get(order=10)
    assert access.get_task_for_user(staff("admin"), task.pk, write=True) == task
    assert access.get_task_for_user(JOB, task.pk, write=True) == task
    assert access.tasks_for(staff("admin")).count() == 27
    assert access.get_task_for_user(city_editor, task.pk) == task
    with pytest.raises(PermissionDenied):
        access.get_task_for_user(city_editor, task.pk, write=True)
    for outsider in (staff("fgw_editor"), None):
        with pytest.raises(Http404):
            access.get_task_for_user(outsider, task.pk)


def test_a_report_offers_the_milestones_of_the_units_own_tasks(seed_plan):
    task = seed_plan.tasks.get(order=11)
    milestone = services.save_milestone(actor=JOB, milestone=Milestone(task=task, title="公开抽查计划"))
    assert list(access.milestones_for(staff("fgw_editor"))) == [milestone]
    assert not access.milestones_for(staff("lanshan_editor")).filter(pk=milestone.pk).exists()
    assert not access.milestones_for(None).exists()


# Assignments ------------------------------------------------------------------------------------------


def test_a_unit_gets_and_reports_on_its_own_assignment(seed_plan):
    mine = assignment_of(seed_plan, 11, "市发展改革委")
    editor = staff("fgw_editor")
    assert access.get_assignment_for_user(editor, mine.pk, write=True) == mine
    assert set(access.assignments_for(editor)) == set(access.assignments_for(editor, write=True))
    assert (
        access.assignments_for(editor).count()
        == seed_plan.tasks.filter(assignments__unit=editor.unit).count()
    )


def test_another_units_assignment_is_not_found(seed_plan):
    with pytest.raises(Http404):
        access.get_assignment_for_user(staff("jyj_editor"), assignment_of(seed_plan, 11, "市发展改革委").pk)


def test_an_account_without_the_right_to_report_is_refused(seed_plan, roleless):
    mine = assignment_of(seed_plan, 11, "市发展改革委")
    assert access.get_assignment_for_user(roleless, mine.pk) == mine
    with pytest.raises(PermissionDenied):
        access.get_assignment_for_user(roleless, mine.pk, write=True)
    assert not access.assignments_for(roleless, write=True).exists()


def test_the_office_above_reaches_its_units_assignments_and_a_job_every_one(seed_plan):
    mine = assignment_of(seed_plan, 11, "市发展改革委")
    assert access.get_assignment_for_user(staff("admin"), mine.pk, write=True) == mine
    assert access.get_assignment_for_user(JOB, mine.pk, write=True) == mine
    with pytest.raises(Http404):
        access.get_assignment_for_user(None, mine.pk)


def test_a_finished_assignment_takes_no_more_reports(seed_plan):
    mine = assignment_of(seed_plan, 11, "市发展改革委")
    sent = services.save_report(actor=staff("fgw_editor"), assignment=mine, period_start=Q3, summary="完成。",
                                is_final=True, submit=True)  # fmt: skip
    services.review_report(actor=staff("admin"), report=sent, accept=True)
    assert not access.assignments_for(staff("fgw_editor"), write=True).filter(pk=mine.pk).exists()


# Reports and evidence files ---------------------------------------------------------------------------


def test_a_unit_changes_its_draft_but_not_a_report_handed_in(report, seed_plan):
    editor = staff("fgw_editor")
    assert access.get_report_for_user(editor, report.pk, write=True) == report
    services.save_report(
        actor=editor, assignment=report.assignment, period_start=Q3, summary="改。", submit=True
    )
    assert access.get_report_for_user(editor, report.pk) == report
    with pytest.raises(PermissionDenied):
        access.get_report_for_user(editor, report.pk, write=True)


def test_another_units_report_is_not_found_and_the_office_above_reads_it(report):
    with pytest.raises(Http404):
        access.get_report_for_user(staff("jyj_editor"), report.pk)
    assert access.get_report_for_user(staff("admin"), report.pk) == report
    assert access.get_report_for_user(JOB, report.pk, write=True) == report
    assert list(access.reports_for(staff("admin"))) == [report]
    with pytest.raises(Http404):
        access.get_report_for_user(None, report.pk)


def test_evidence_files_follow_their_report(report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.publishing.samples import pdf_bytes

    editor = staff("fgw_editor")
    services.save_report(actor=editor, assignment=report.assignment, period_start=Q3, summary="附佐证。",
                         files=[SimpleUploadedFile("计划.pdf", pdf_bytes())])  # fmt: skip
    attachment = ReportAttachment.objects.get()
    assert access.get_attachment_for_user(editor, attachment.pk, write=True) == attachment
    assert access.get_attachment_for_user(staff("admin"), attachment.pk) == attachment
    assert access.get_attachment_for_user(JOB, attachment.pk) == attachment
    assert list(access.attachments_for(editor)) == [attachment]
    for outsider in (staff("jyj_editor"), None):
        with pytest.raises(Http404):
            access.get_attachment_for_user(outsider, attachment.pk)
    services.save_report(
        actor=editor, assignment=report.assignment, period_start=Q3, summary="附佐证。", submit=True
    )
    with pytest.raises(PermissionDenied):
        access.get_attachment_for_user(editor, attachment.pk, write=True)


# Assessment -------------------------------------------------------------------------------------------


def test_the_office_reads_and_scores_its_scheme(scheme):
    office = staff("admin")
    assert access.get_scheme_for_user(office, scheme.pk, write=True) == scheme
    assert access.get_scheme_for_user(JOB, scheme.pk) == scheme
    assert list(access.schemes_for(office)) == [scheme]
    assert list(access.manual_indicators_for(office)) == list(scheme.indicators.all())


def test_a_scheme_outside_reach_is_not_found_and_within_reach_needs_the_right_to_score(scheme, city_editor):
    for outsider in (staff("fgw_editor"), staff("lanshan_office"), None):
        with pytest.raises(Http404):
            access.get_scheme_for_user(outsider, scheme.pk)
    with pytest.raises(PermissionDenied):
        access.get_scheme_for_user(city_editor, scheme.pk)
    assert not access.manual_indicators_for(staff("fgw_editor")).exists()


def test_scores_follow_their_scheme(scheme, city_editor):
    unit = scheme.units.get()
    score = services.score_manually(actor=staff("admin"), indicator=scheme.indicators.get(), unit=unit,
                                    points=Decimal(90), basis="按时发布")  # fmt: skip
    assert access.get_score_for_user(staff("admin"), score.pk, write=True) == score
    assert access.get_score_for_user(JOB, score.pk, write=True) == score
    assert list(access.scores_for(staff("admin"))) == [score]
    assert access.get_score_for_user(city_editor, score.pk) == score
    with pytest.raises(PermissionDenied):
        access.get_score_for_user(city_editor, score.pk, write=True)
    for outsider in (staff("fgw_editor"), None):
        with pytest.raises(Http404):
            access.get_score_for_user(outsider, score.pk)


def test_who_may_import_plans_and_report_at_all(seed_plan, roleless):
    assert access.may_supervise_any(staff("admin")) and access.may_supervise_any(JOB)
    assert not access.may_supervise_any(staff("fgw_admin")) and not access.may_supervise_any(None)
    assert access.may_report_any(staff("fgw_reviewer")) and access.may_report_any(JOB)
    assert not access.may_report_any(roleless) and not access.may_report_any(None)
