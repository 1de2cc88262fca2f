"""Every annual-report service: its effect and its audit record; no actor is refused; the reminder scanner
claims each reminder once even when two runs overlap, and its dry run writes nothing."""

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gongkai.core import services as core_services
from gongkai.core.actors import system
from gongkai.core.models import AuditEvent
from gongkai.publishing import services as publishing
from gongkai.reports import demo, services
from gongkai.reports.models import AnnualReport, ReportReminder
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
OVERVIEW = "本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》。"


def records(action: str):
    return AuditEvent.objects.filter(action=action)


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC), tick=False)


# Preparing and publishing ---------------------------------------------------------------------------------


def test_starting_a_report_opens_a_draft_once_with_its_record(tree, editor_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2024)
    assert (report.status, report.updated_by, report.year) == ("draft", editor_a, 2024)
    record = records("reports.report.started").get()
    assert (record.actor, record.unit, record.object_id) == (editor_a, tree.dept_a, str(report.pk))
    assert services.start_report(actor=editor_a, unit=tree.dept_a, year=2024) == report
    assert records("reports.report.started").count() == 1


def test_another_unit_or_no_actor_may_not_start_a_report(tree, editor_b):
    for actor in (editor_b, None):
        with pytest.raises(PermissionDenied):
            services.start_report(actor=actor, unit=tree.dept_a, year=2024)
    assert not AnnualReport.objects.exists() and not records("reports.report.started").exists()


def test_updating_a_draft_records_what_changed(tree, editor_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2024)
    updated = services.update_report(
        actor=editor_a,
        report=report,
        overview=f"  {OVERVIEW}  ",
        table2_manual={"licensing": {"decisions": "7"}},
    )
    assert updated.overview == OVERVIEW and updated.table2_manual["licensing"] == {"decisions": 7}
    record = records("reports.report.changed").get()
    assert record.changes["overview"] == ["", OVERVIEW] and "problems" not in record.changes
    assert record.actor == editor_a


def test_a_bad_table_2_figure_is_refused_in_chinese_and_changes_nothing(tree, editor_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2024)
    with pytest.raises(ValidationError, match="应填写数字"):
        services.update_report(
            actor=editor_a, report=report, table2_manual={"licensing": {"decisions": "many"}}
        )
    assert not records("reports.report.changed").exists()


def test_no_actor_or_another_unit_may_not_update(tree, editor_a, editor_b):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2024)
    for actor in (editor_b, None):
        with pytest.raises(PermissionDenied):
            services.update_report(actor=actor, report=report, overview="改")
    assert AnnualReport.objects.get(pk=report.pk).overview == ""


def _ready(tree, reviewer_a) -> AnnualReport:
    publishing.ensure_catalog(actor=system("load_demo"), unit=tree.dept_a)
    report = services.start_report(actor=reviewer_a, unit=tree.dept_a, year=2024)
    return services.update_report(
        actor=reviewer_a, report=report, overview=OVERVIEW, check_explanation="表二台账正在整理。"
    )


def test_publishing_freezes_the_tables_publishes_the_item_and_records_it(tree, reviewer_a):
    published = services.publish_report(actor=reviewer_a, report=_ready(tree, reviewer_a))
    assert published.status == "published" and published.tables and published.item.is_public
    assert published.updated_by == reviewer_a
    record = records("reports.report.published").get()
    assert (record.actor, record.unit, record.object_id) == (reviewer_a, tree.dept_a, str(published.pk))
    assert records("publishing.item.imported").get().actor == reviewer_a
    with pytest.raises(ValidationError, match="报告已发布"):
        services.publish_report(actor=reviewer_a, report=published)
    with pytest.raises(ValidationError, match="报告已发布，不能修改"):
        services.update_report(actor=reviewer_a, report=published, overview="改")


def test_an_editor_or_no_actor_may_not_publish(tree, reviewer_a, editor_a):
    report = _ready(tree, reviewer_a)
    for actor in (editor_a, None):
        with pytest.raises(PermissionDenied):
            services.publish_report(actor=actor, report=report)
    assert AnnualReport.objects.get(pk=report.pk).status == "draft"
    assert not records("reports.report.published").exists()


def test_the_report_screen_saves_through_the_services_with_records(tree, editor_a):
    data = {"unit": tree.dept_a.pk, "year": 2024, "overview": OVERVIEW, "problems": "", "other_matters": "",
            "check_explanation": "", "t2__licensing__decisions": "12"}  # fmt: skip
    response = logged_in(editor_a).post("/manage/admin/reports/annualreport/add/", data)
    assert response.status_code == 302, response.text
    report = AnnualReport.objects.get()
    assert report.overview == OVERVIEW and report.table2_manual["licensing"] == {"decisions": 12}
    assert records("reports.report.started").get().object_id == str(report.pk)
    assert records("reports.report.changed").get().actor == editor_a


def test_the_demo_is_loaded_by_the_named_load_demo_job(tree):
    class Report:
        pass

    demo.load(Report())
    last = timezone.localdate().year - 1
    published = AnnualReport.objects.filter(status="published")
    # 市政府's and 兰山区's reports 2019 to last year; 发改委's to the year before (last year's is its draft)
    for unit, last_published in ((tree.city, last), (tree.county, last), (tree.dept_a, last - 1)):
        years = set(published.filter(unit=unit).values_list("year", flat=True))
        assert years == set(range(2019, last_published + 1)), unit
    drafts = AnnualReport.objects.filter(status="draft")
    assert {(r.unit, r.year) for r in drafts} == {(tree.dept_a, last), (tree.dept_b, last)}
    assert {r.actor_name for r in AuditEvent.objects.filter(action__startswith="reports.")} == {
        "系统（load_demo）"
    }


# Reminders ------------------------------------------------------------------------------------------------


@pytest.fixture
def mailboxes(editor_a, editor_b, office):
    core_services.update_staff(actor=office, staff=editor_a, email="a@linyi.gov.cn")
    core_services.update_staff(actor=office, staff=editor_b, email="b@linyi.gov.cn")


def test_a_reminder_is_claimed_recorded_and_sent(tree, mailboxes):
    with at(dt.date(2025, 1, 2)):
        sent = services.send_report_reminders(actor=system("send_report_reminders"))
    assert ("临沂市发展和改革委员会", "start") in sent
    row = ReportReminder.objects.get(unit=tree.dept_a, year=2024, stage="start")
    assert row.sent_at is not None
    record = records("reports.reminder.sent").get(unit=tree.dept_a)
    assert (record.actor_name, record.changes) == (
        "系统（send_report_reminders）",
        {"stage": [None, "start"]},
    )
    assert ["a@linyi.gov.cn"] in [m.to for m in mail.outbox]


def test_no_actor_or_a_reviewer_may_not_run_the_reminders(tree, reviewer_a):
    with at(dt.date(2025, 1, 2)):
        for actor in (None, reviewer_a):
            with pytest.raises(PermissionDenied):
                services.send_report_reminders(actor=actor)
    assert not ReportReminder.objects.exists() and not mail.outbox


def test_two_overlapping_runs_send_each_reminder_once(tree, mailboxes):
    run_a, run_b = system("send_report_reminders"), system("send_report_reminders")
    with at(dt.date(2025, 1, 2)):
        today = dt.date(2025, 1, 2)
        # Both runs list what is due before either claims anything: the overlap.
        seen_a, seen_b = (
            services.due_report_reminders(today=today),
            services.due_report_reminders(today=today),
        )
        assert seen_a == seen_b and len(seen_a) == 4  # city, two departments, county (not the street)
        taken = []
        for (unit_a, year_a, stage_a), (unit_b, year_b, stage_b) in zip(seen_a, seen_b, strict=True):
            taken.append(services.send_report_reminder(actor=run_a, unit=unit_a, year=year_a, stage=stage_a))
            taken.append(services.send_report_reminder(actor=run_b, unit=unit_b, year=year_b, stage=stage_b))
    assert taken == [True, False] * 4
    assert sorted(m.to[0] for m in mail.outbox) == ["a@linyi.gov.cn", "b@linyi.gov.cn"]
    assert records("reports.reminder.sent").count() == 4
    assert ReportReminder.objects.filter(sent_at=None).count() == 0


def test_the_dry_run_prints_what_is_due_and_writes_nothing(tree, mailboxes):
    out = io.StringIO()
    with at(dt.date(2025, 2, 3)):
        call_command("send_report_reminders", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "would remind 4 unit(s)" and "  临沂市发展和改革委员会: overdue" in lines
    assert "  临沂市人民政府: start" in lines
    assert not ReportReminder.objects.exists() and not mail.outbox
    assert not records("reports.reminder.sent").exists()


def test_a_stage_sent_before_is_not_listed_again(tree, mailboxes):
    with at(dt.date(2025, 1, 2)):
        call_command("send_report_reminders", stdout=io.StringIO())
        assert services.due_report_reminders(today=dt.date(2025, 1, 2)) == []
        out = io.StringIO()
        call_command("send_report_reminders", "--dry-run", stdout=out)
    assert out.getvalue() == "would remind 0 unit(s)\n"


def test_the_report_change_screen_shows_the_draft_and_saves_a_change_with_its_record(tree, editor_a):
    report = services.start_report(actor=editor_a, unit=tree.dept_a, year=2024)
    client = logged_in(editor_a)
    url = f"/manage/admin/reports/annualreport/{report.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and "二、主动公开政府信息情况" in page.text
    data = {"overview": OVERVIEW, "problems": "更新不及时。", "other_matters": "", "check_explanation": "",
            "t2__penalty__decisions": "3"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.problems == "更新不及时。" and report.table2_manual["penalty"] == {"decisions": 3}
    record = records("reports.report.changed").get()
    assert record.changes["problems"] == ["", "更新不及时。"] and record.actor == editor_a
