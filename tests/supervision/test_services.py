"""Each supervision service does its work, checks the office's (or the unit's) right, and leaves its audit
record; a job acts as a named system actor and ``None`` is refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.publishing.models import ColumnTemplate, KeyArea
from gongkai.supervision import services
from gongkai.supervision.annex import read_bytes
from gongkai.supervision.models import (
    AssessmentScheme,
    Assignment,
    FreshnessRule,
    Indicator,
    Method,
    Milestone,
    ReportAttachment,
    Score,
    WorkPlan,
)
from tests.publishing.samples import pdf_bytes
from tests.supervision.conftest import assignment_of, staff

Q3 = dt.date(2019, 7, 1)
JOB = system("tests")
CSV = "工作任务,具体要求,责任单位\n优化服务信息公开,公开办事指南。,市行政审批服务局\n".encode()


def last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


# Importing and changing plans ---------------------------------------------------------------------------


def test_the_office_imports_a_plan_and_the_import_is_recorded(linyi):
    report = services.import_plan(actor=staff("admin"), table=read_bytes(CSV, ".csv"), government=linyi,
                                  title="2020年工作要点", issued_on=dt.date(2020, 3, 1))  # fmt: skip
    assert report.plan.tasks.get().assignments.get().unit.short_name == "市行政审批服务局"
    event = last("supervision.plan_imported")
    assert event.object_id == str(report.plan.pk) and event.actor.username == "admin"
    assert event.changes == {"tasks": 1, "assignments": 1, "unmatched": []}


@pytest.mark.parametrize("who", ["fgw_admin", "lanshan_office", None])
def test_only_the_office_of_the_issuing_government_imports(linyi, who):
    with pytest.raises(PermissionDenied):
        services.import_plan(actor=staff(who) if who else None, table=read_bytes(CSV, ".csv"), government=linyi,
                             title="2020年工作要点", issued_on=dt.date(2020, 3, 1))  # fmt: skip
    assert not WorkPlan.objects.exists() and not AuditEvent.objects.filter(action="supervision.plan_imported")


def test_the_command_line_import_is_recorded_as_the_job(seed_plan):
    assert last("supervision.plan_imported").actor_name == "系统（import_workplan）"


def test_publishing_a_plans_progress_is_recorded_and_so_is_taking_it_back(seed_plan):
    office = staff("admin")
    services.set_plan_published(actor=office, plan=seed_plan)
    assert WorkPlan.objects.get().is_published
    published = last("supervision.plan_published")
    assert published.changes == {"is_published": [False, True]} and published.actor == office
    seed_plan.remind_days = 5
    services.save_plan(actor=office, plan=seed_plan)
    assert last("supervision.workplan.changed").changes == {"remind_days": [3, 5]}
    services.set_plan_published(actor=office, plan=seed_plan, published=False)
    assert last("supervision.plan_unpublished").changes == {"is_published": [True, False]}


def test_a_plan_is_changed_only_by_its_office_and_stays_with_its_government(seed_plan):
    seed_plan.is_published = True
    for outsider in (staff("lanshan_office"), staff("fgw_admin"), None):
        with pytest.raises(PermissionDenied):
            services.save_plan(actor=outsider, plan=seed_plan)
    seed_plan.government = staff("lanshan_office").unit
    with pytest.raises(ValidationError):
        services.save_plan(actor=staff("admin"), plan=seed_plan)
    assert not WorkPlan.objects.get().is_published
    assert not AuditEvent.objects.filter(action="supervision.plan_published").exists()


def test_a_new_plan_is_recorded_as_created(linyi):
    plan = services.save_plan(actor=staff("admin"), plan=WorkPlan(title="2021年工作要点", year=2021, government=linyi,
                                                                  issued_on=dt.date(2021, 3, 1)))  # fmt: skip
    assert last("supervision.workplan.created").object_id == str(plan.pk)


# Tasks, milestones, assignments -------------------------------------------------------------------------


def test_the_office_changes_a_tasks_key_areas_and_deadline(seed_plan):
    task = seed_plan.tasks.get(order=10)
    area = KeyArea.objects.exclude(pk__in=task.key_areas.all()).first()
    task.due_on = dt.date(2019, 11, 30)
    services.save_task(
        actor=staff("admin"), task=task, key_areas=[area], columns=list(ColumnTemplate.objects.none())
    )
    task.refresh_from_db()
    assert list(task.key_areas.all()) == [area] and task.due_on == dt.date(2019, 11, 30)
    event = last("supervision.plantask.changed")
    assert event.changes["due_on"] == [None, "2019-11-30"] and event.changes["key_areas"][1] == [str(area)]
    with pytest.raises(PermissionDenied):
        services.save_task(actor=staff("fgw_admin"), task=task)


def test_milestones_are_added_changed_and_removed_with_a_record_each(seed_plan):
    task, office = seed_plan.tasks.get(order=10), staff("admin")
    milestone = services.save_milestone(
        actor=office, milestone=Milestone(task=task, order=1, title="公布清单")
    )
    assert last("supervision.milestone.created").object_id == str(milestone.pk)
    milestone.title = "公布制发主体清单"
    services.save_milestone(actor=office, milestone=milestone)
    assert last("supervision.milestone.changed").changes == {"title": ["公布清单", "公布制发主体清单"]}
    with pytest.raises(PermissionDenied):
        services.delete_milestone(actor=staff("lanshan_office"), milestone=milestone)
    pk = milestone.pk
    services.delete_milestone(actor=office, milestone=milestone)
    assert not Milestone.objects.exists() and last("supervision.milestone.deleted").object_id == str(pk)


def test_the_office_assigns_a_unit_changes_its_part_and_takes_it_off(seed_plan):
    task, office = seed_plan.tasks.get(order=10), staff("admin")
    unit = staff("jyj_editor").unit
    assignment = services.save_assignment(
        actor=office, assignment=Assignment(task=task, unit=unit, role="co")
    )
    assert last("supervision.assigned").object_id == str(assignment.pk)
    assignment.role = "lead"
    services.save_assignment(actor=office, assignment=assignment)
    assert last("supervision.assignment.changed").changes == {"role": ["co", "lead"]}
    pk = assignment.pk
    services.unassign(actor=office, assignment=assignment)
    assert not Assignment.objects.filter(task=task, unit=unit).exists()
    assert last("supervision.unassigned").object_id == str(pk)


def test_a_unit_outside_the_plans_government_is_not_assigned(linyi):
    county = staff("lanshan_office").unit
    report = services.import_plan(actor=JOB, table=read_bytes(CSV, ".csv"), government=county, title="兰山区要点",
                                  issued_on=dt.date(2020, 3, 1))  # fmt: skip
    task, city_department = report.plan.tasks.get(), staff("fgw_editor").unit
    with pytest.raises(ValidationError):
        services.assign(actor=JOB, task=task, unit=city_department)
    with pytest.raises(ValidationError):
        services.save_assignment(actor=JOB, assignment=Assignment(task=task, unit=city_department))
    assert not task.assignments.exists()


def test_assigning_a_unit_twice_keeps_one_assignment_and_one_record(seed_plan):
    task, unit = seed_plan.tasks.get(order=10), staff("jyj_editor").unit
    first = services.assign(actor=staff("admin"), task=task, unit=unit)
    assert services.assign(actor=staff("admin"), task=task, unit=unit) == first
    assert AuditEvent.objects.filter(action="supervision.assigned", object_id=str(first.pk)).count() == 1
    with pytest.raises(PermissionDenied):
        services.assign(actor=None, task=task, unit=unit)


def test_resolving_a_name_is_recorded(linyi):
    table = read_bytes(
        "工作任务,具体要求,责任单位\n优化服务信息公开,公开办事指南。,市大数据局\n".encode(), ".csv"
    )
    report = services.import_plan(
        actor=JOB, table=table, government=linyi, title="计划", issued_on=dt.date(2020, 1, 2)
    )
    unit = linyi.children.get(short_name="市行政审批服务局")
    with pytest.raises(PermissionDenied):
        services.resolve_name(actor=staff("fgw_admin"), plan=report.plan, name="市大数据局", unit=unit)
    services.resolve_name(actor=staff("admin"), plan=report.plan, name="市大数据局", unit=unit)
    assert report.plan.tasks.get().assignments.get().unit == unit
    assert last("supervision.name_resolved").changes == {"name": "市大数据局", "unit": unit.name, "tasks": 1}


# Reports with their evidence files ----------------------------------------------------------------------


def test_evidence_files_go_with_the_report_and_the_record_names_them(seed_plan):
    editor, assignment = staff("fgw_editor"), assignment_of(seed_plan, 11, "市发展改革委")
    report = services.save_report(actor=editor, assignment=assignment, period_start=Q3, summary="已公开。",
                                  files=[SimpleUploadedFile("计划.pdf", pdf_bytes())])  # fmt: skip
    attachment = report.attachments.get()
    assert attachment.name == "计划.pdf"
    assert last("supervision.report_saved").changes == {
        "period": "2019年第3季度",
        "files_added": ["计划.pdf"],
    }
    services.save_report(actor=editor, assignment=assignment, period_start=Q3, summary="已公开。", submit=True,
                         remove_files=[attachment])  # fmt: skip
    assert not ReportAttachment.objects.exists()
    assert last("supervision.report_submitted").changes == {
        "period": "2019年第3季度",
        "files_removed": ["计划.pdf"],
    }


def test_a_file_of_another_report_is_not_removed(seed_plan):
    editor = staff("fgw_editor")
    other = services.save_report(actor=editor, assignment=assignment_of(seed_plan, 1, "市发展改革委"), period_start=Q3,
                                 summary="另一项。", files=[SimpleUploadedFile("另.pdf", pdf_bytes())])  # fmt: skip
    services.save_report(actor=editor, assignment=assignment_of(seed_plan, 11, "市发展改革委"), period_start=Q3,
                         summary="本项。", remove_files=list(other.attachments.all()))  # fmt: skip
    assert other.attachments.count() == 1


def test_a_report_is_refused_without_an_actor(seed_plan):
    with pytest.raises(PermissionDenied):
        services.save_report(actor=None, assignment=assignment_of(seed_plan, 11, "市发展改革委"), period_start=Q3,
                             summary="x")  # fmt: skip


# Assessment -------------------------------------------------------------------------------------------


@pytest.fixture
def scheme(seed_plan):
    office = staff("admin")
    scheme = services.save_scheme(actor=office, scheme=AssessmentScheme(title="2019年度考核", year=2019,
                                  owner=seed_plan.government, plan=seed_plan),
                                  units=[assignment_of(seed_plan, 11, "市发展改革委").unit])  # fmt: skip
    for order, (name, points, method) in enumerate(
        [("进展按时报送", 60, Method.REPORTS_ON_TIME), ("年度报告", 40, Method.MANUAL)], start=1
    ):
        services.save_indicator(actor=office, indicator=Indicator(scheme=scheme, order=order, name=name,
                                                                  points=Decimal(points), method=method))  # fmt: skip
    return scheme


def test_a_scheme_and_its_indicators_are_recorded(scheme):
    created = last("supervision.assessmentscheme.created")
    assert created.object_id == str(scheme.pk) and created.changes["units"][1] == [str(scheme.units.get())]
    assert AuditEvent.objects.filter(action="supervision.indicator.created").count() == 2
    indicator = scheme.indicators.get(method=Method.MANUAL)
    with pytest.raises(PermissionDenied):
        services.delete_indicator(actor=staff("lanshan_office"), indicator=indicator)
    pk = indicator.pk
    services.delete_indicator(actor=staff("admin"), indicator=indicator)
    assert scheme.indicators.count() == 1 and last("supervision.indicator.deleted").object_id == str(pk)


def test_a_scheme_is_changed_only_by_its_office(scheme):
    scheme.note = "说明"
    for outsider in (staff("lanshan_office"), staff("fgw_admin"), None):
        with pytest.raises(PermissionDenied):
            services.save_scheme(actor=outsider, scheme=scheme)
    scheme.owner = staff("lanshan_office").unit
    with pytest.raises(PermissionDenied):
        services.save_scheme(actor=staff("lanshan_office"), scheme=scheme)  # not its scheme to take
    assert AssessmentScheme.objects.get().note == ""


def test_computing_scores_checks_the_offices_right_and_is_recorded(scheme):
    for outsider in (staff("lanshan_office"), staff("fgw_admin"), None):
        with pytest.raises(PermissionDenied):
            services.compute_scores(actor=outsider, scheme=scheme, as_of=dt.date(2019, 12, 31))
    assert not Score.objects.exists()
    assert (
        services.compute_scores(actor=system("compute_scores"), scheme=scheme, as_of=dt.date(2019, 12, 31))
        == 1
    )
    score = Score.objects.get()
    assert score.points == Decimal("0.00") and score.basis.startswith("按时报送 0 期次")  # nothing reported
    event = last("supervision.assessment_computed")
    assert event.actor_name == "系统（compute_scores）" and event.changes == {
        "as_of": "2019-12-31",
        "scores": 1,
    }


def test_the_offices_own_score_is_recorded_with_who_scored(scheme):
    office, unit = staff("admin"), scheme.units.get()
    score = services.score_manually(actor=office, indicator=scheme.indicators.get(method=Method.MANUAL), unit=unit,
                                    points=Decimal("38.5"), basis="按时发布")  # fmt: skip
    assert score.scored_by == office and score.points == Decimal("38.50")
    assert last("supervision.scored").changes == {"indicator": "年度报告", "points": "38.50"}
    with pytest.raises(PermissionDenied):
        services.score_manually(
            actor=None, indicator=score.indicator, unit=unit, points=Decimal(1), basis="x"
        )


def test_an_other_column_without_days_must_be_updated_monthly_and_the_rule_is_recorded(linyi):
    template = ColumnTemplate.objects.exclude(freshness__isnull=False).first()
    rule = services.save_freshness_rule(
        actor=staff("admin"), rule=FreshnessRule(template=template, category="other")
    )
    assert FreshnessRule.objects.get(pk=rule.pk).days == 30
    assert last("supervision.freshnessrule.created").object_id == str(rule.pk)
    with pytest.raises(PermissionDenied):
        services.save_freshness_rule(actor=staff("fgw_admin"), rule=rule)
