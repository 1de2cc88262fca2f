"""Every supervision back-office screen saves through a service: a POST through the admin (inline rows
included) leaves the audit records, and no screen writes a model of its own."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import AuditEvent
from gongkai.publishing.models import ColumnTemplate, KeyArea
from gongkai.supervision import services
from gongkai.supervision.models import (
    AssessmentScheme,
    Assignment,
    FreshnessRule,
    Indicator,
    Method,
    Milestone,
    ProgressReport,
    ReportStatus,
    Score,
    WorkPlan,
)
from tests.conftest import logged_in
from tests.publishing.samples import pdf_bytes
from tests.supervision.conftest import assignment_of, staff

ADMIN = "/manage/admin/supervision"


def form_data(response) -> dict:
    """What the browser would send back for the admin page ``response`` unchanged: the form's values and each
    inline's existing rows (extra blank rows left out, so TOTAL_FORMS counts the existing ones)."""
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        initial = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(initial)
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(initial)
        for form in formset.forms[:initial]:
            add(form)
    return data


def add_row(data: dict, prefix: str, **values) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def saved(response) -> None:
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode()
    )


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("seq").values_list("action", flat=True))


def test_publishing_a_work_plan_in_the_back_office_is_recorded(seed_plan):
    office = logged_in(staff("admin"))
    url = f"{ADMIN}/workplan/{seed_plan.pk}/change/"
    data = form_data(office.get(url))
    saved(office.post(url, {**data, "is_published": "on", "remind_days": "4"}))
    plan = WorkPlan.objects.get()
    assert plan.is_published and plan.remind_days == 4
    event = AuditEvent.objects.get(action="supervision.plan_published")
    assert event.changes == {"is_published": [False, True], "remind_days": [3, 4]} and event.actor == staff(
        "admin"
    )


def test_adding_a_work_plan_in_the_back_office_is_recorded(linyi):
    office = logged_in(staff("admin"))
    saved(office.post(f"{ADMIN}/workplan/add/", {
        "title": "2021年工作要点", "year": "2021", "government": linyi.pk, "issuer_name": "", "doc_number": "",
        "issued_on": "2021-03-01", "schedule": "quarterly", "report_due_days": "5", "remind_days": "3"}))  # fmt: skip
    plan = WorkPlan.objects.get()
    assert actions(object_id=str(plan.pk), object_type="supervision.workplan") == [
        "supervision.workplan.created"
    ]


def test_a_task_with_a_new_assignment_and_milestone_is_saved_through_the_services(seed_plan):
    office = logged_in(staff("admin"))
    task = seed_plan.tasks.get(order=10)
    url = f"{ADMIN}/plantask/{task.pk}/change/"
    data = form_data(office.get(url))
    education = staff("jyj_editor").unit
    area = KeyArea.objects.exclude(pk__in=task.key_areas.all()).first()
    data["key_areas"] = [*data.get("key_areas", []), str(area.pk)]
    data["due_on"] = "2019-11-30"
    add_row(data, "assignments", unit=str(education.pk), role="co")
    add_row(data, "milestones", order="1", title="公布清单", planned_on="2019-06-30")
    saved(office.post(url, data))
    assert Assignment.objects.get(task=task, unit=education).role == "co"
    milestone = Milestone.objects.get(task=task)
    assert actions(action__startswith="supervision.") [-3:] == [
        "supervision.plantask.changed", "supervision.assigned", "supervision.milestone.created"]  # fmt: skip
    assert AuditEvent.objects.get(action="supervision.milestone.created").object_id == str(milestone.pk)

    data = form_data(office.get(url))
    removed = next(i for i in range(int(data["assignments-TOTAL_FORMS"]))
                   if data[f"assignments-{i}-unit"] == str(education.pk))  # fmt: skip
    data[f"assignments-{removed}-DELETE"] = "on"
    data["milestones-0-DELETE"] = "on"
    saved(office.post(url, data))
    assert (
        not Assignment.objects.filter(task=task, unit=education).exists() and not Milestone.objects.exists()
    )
    assert actions(action__in=["supervision.unassigned", "supervision.milestone.deleted"]) == [
        "supervision.unassigned",
        "supervision.milestone.deleted",
    ]


def test_a_unit_outside_the_plan_is_refused_on_the_task_screen(linyi):
    county = staff("lanshan_office").unit
    csv_text = "工作任务,具体要求,责任单位\n优化服务信息公开,公开办事指南。,兰山街道\n".encode()
    from gongkai.supervision.annex import read_bytes

    plan = services.import_plan(actor=staff("admin"), table=read_bytes(csv_text, ".csv"), government=county,
                                title="兰山区要点", issued_on=dt.date(2020, 3, 1)).plan  # fmt: skip
    office = logged_in(staff("admin"))
    task = plan.tasks.get()
    url = f"{ADMIN}/plantask/{task.pk}/change/"
    data = form_data(office.get(url))
    add_row(data, "assignments", unit=str(staff("fgw_editor").unit.pk), role="lead")
    page = office.post(url, data)
    assert page.status_code == 200 and "该单位不属于本工作要点的范围。" in page.content.decode()
    assert not AuditEvent.objects.filter(action="supervision.assigned").exists()


def test_a_scheme_with_its_indicators_is_saved_through_the_services(seed_plan):
    office = logged_in(staff("admin"))
    finance = assignment_of(seed_plan, 16, "市财政局").unit
    data = {"title": "2019年度考核", "year": "2019", "owner": seed_plan.government.pk, "plan": seed_plan.pk,
            "openness_weight": "4", "units": [str(finance.pk)], "note": "",
            "indicators-TOTAL_FORMS": "0", "indicators-INITIAL_FORMS": "0"}  # fmt: skip
    add_row(
        data,
        "indicators",
        order="1",
        name="进展按时报送",
        points="60",
        method=Method.REPORTS_ON_TIME,
        rule="",
    )
    add_row(data, "indicators", order="2", name="年度报告", points="40", method=Method.MANUAL, rule="")
    saved(office.post(f"{ADMIN}/assessmentscheme/add/", data))
    scheme = AssessmentScheme.objects.get()
    assert list(scheme.units.all()) == [finance] and scheme.indicators.count() == 2
    assert actions(action__startswith="supervision.") == [
        "supervision.plan_imported", "supervision.assessmentscheme.created", "supervision.indicator.created",
        "supervision.indicator.created"]  # fmt: skip

    page = office.post(
        f"{ADMIN}/assessmentscheme/", {"action": "compute_scores", "_selected_action": [scheme.pk]}
    )
    assert page.status_code == 302 and Score.objects.filter(unit=finance).count() == 1
    assert actions(action="supervision.assessment_computed") == ["supervision.assessment_computed"]

    url = f"{ADMIN}/assessmentscheme/{scheme.pk}/change/"
    data = form_data(office.get(url))
    manual = next(i for i in range(2) if data[f"indicators-{i}-method"] == Method.MANUAL)
    data[f"indicators-{manual}-DELETE"] = "on"
    saved(office.post(url, data))
    assert list(Indicator.objects.values_list("method", flat=True)) == [Method.REPORTS_ON_TIME]
    assert actions(action="supervision.indicator.deleted") == ["supervision.indicator.deleted"]


def test_a_freshness_rule_is_saved_through_its_service(linyi):
    office = logged_in(staff("admin"))
    template = ColumnTemplate.objects.exclude(freshness__isnull=False).first()
    saved(
        office.post(f"{ADMIN}/freshnessrule/add/", {"template": template.pk, "category": "other", "days": ""})
    )
    rule = FreshnessRule.objects.get(template=template)
    assert rule.days == 30
    assert actions(object_type="supervision.freshnessrule") == ["supervision.freshnessrule.created"]


def test_a_report_with_its_evidence_file_and_the_review_are_recorded(seed_plan):
    editor = logged_in(staff("fgw_editor"))
    assignment = assignment_of(seed_plan, 11, "市发展改革委")
    form = {"assignment": assignment.pk, "period_start": "2019-07-01", "summary": "已公开抽查计划。",
            "evidence_links": "", "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
            "attachments-0-file": SimpleUploadedFile("抽查计划.pdf", pdf_bytes(), content_type="application/pdf")}  # fmt: skip
    saved(editor.post(f"{ADMIN}/progressreport/add/", form))
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.DRAFT and report.attachments.get().name == "抽查计划.pdf"
    draft = AuditEvent.objects.get(action="supervision.report_saved")
    assert draft.changes["files_added"] == ["抽查计划.pdf"]

    url = f"{ADMIN}/progressreport/{report.pk}/change/"
    data = form_data(editor.get(url))
    data |= {"attachments-0-DELETE": "on", "submit_now": "on"}
    saved(editor.post(url, data))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and not report.attachments.exists()
    assert AuditEvent.objects.get(action="supervision.report_submitted").changes["files_removed"] == [
        "抽查计划.pdf"
    ]

    office = logged_in(staff("admin"))
    saved(office.post(url, {"decision": "accept", "review_comment": ""}))
    assert ProgressReport.objects.get().status == ReportStatus.ACCEPTED
    assert actions(action__startswith="supervision.report") == [
        "supervision.report_saved", "supervision.report_submitted", "supervision.report_accepted"]  # fmt: skip


def test_the_offices_score_is_recorded(seed_plan):
    office = staff("admin")
    finance = assignment_of(seed_plan, 16, "市财政局").unit
    scheme = services.save_scheme(actor=office, scheme=AssessmentScheme(title="考核", year=2019, owner=seed_plan.government),
                                  units=[finance])  # fmt: skip
    manual = services.save_indicator(
        actor=office, indicator=Indicator(scheme=scheme, name="年报", points=Decimal(100))
    )
    saved(logged_in(office).post(f"{ADMIN}/score/add/", {"indicator": manual.pk, "unit": finance.pk, "points": "88",
                                                          "basis": "按时发布"}))  # fmt: skip
    assert Score.objects.get().points == Decimal("88.00")
    assert actions(action="supervision.scored") == ["supervision.scored"]


@pytest.mark.parametrize(
    "module", sorted((Path(__file__).parents[2] / "gongkai/supervision/admin").glob("*.py"))
)
def test_no_admin_module_writes_a_model(module):
    source = module.read_text(encoding="utf-8")
    writes = re.findall(r"\.(save|update|delete|create|bulk_create|get_or_create|update_or_create)\(", source)
    assert writes == [] and "_state.adding" not in source


def test_every_supervision_screen_opens_for_the_office_and_the_unit(seed_plan):
    services.save_report(actor=staff("fgw_editor"), assignment=assignment_of(seed_plan, 11, "市发展改革委"),
                         period_start=dt.date(2019, 7, 1), summary="已公开。", submit=True)  # fmt: skip
    office, unit = logged_in(staff("admin")), logged_in(staff("fgw_editor"))
    task, report = seed_plan.tasks.get(order=11), ProgressReport.objects.get()
    for path in ["workplan/", f"workplan/{seed_plan.pk}/change/", "workplan/add/", "plantask/",
                 f"plantask/{task.pk}/change/", "assignment/", "progressreport/", f"progressreport/{report.pk}/change/",
                 "assessmentscheme/", "assessmentscheme/add/", "score/", "score/add/", "freshnessrule/",
                 "freshnessrule/add/", f"workplan/{seed_plan.pk}/overview/", f"workplan/{seed_plan.pk}/resolve/"]:  # fmt: skip
        assert office.get(f"{ADMIN}/{path}").status_code == 200, path
    for path in [
        "assignment/",
        "progressreport/",
        f"progressreport/{report.pk}/change/",
        "progressreport/add/",
    ]:
        assert unit.get(f"{ADMIN}/{path}").status_code == 200, path
    for path in [f"workplan/{seed_plan.pk}/overview/", f"workplan/{seed_plan.pk}/progress.xlsx"]:
        assert unit.get(f"{ADMIN}/{path}").status_code == 404, path  # the city's plan is beyond a department
