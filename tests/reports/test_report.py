"""Preparing, publishing and reading a report: the HTML, DOCX, PDF, JSON and CSV show the same numbers."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from gongkai.core.actors import SYSTEM
from gongkai.publishing import services as publishing
from gongkai.reports import compute, services
from gongkai.reports.models import AnnualReport
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
YEAR = 2024
TABLE2 = {
    "regulations": {"made": 0, "repealed": 0, "valid": 0},
    "normative_documents": {"made": 3, "repealed": 1, "valid": 27},
    "licensing": {"decisions": 1520},
    "penalty": {"decisions": 86},
    "coercion": {"decisions": 4},
    "fees": {"amount_10k_yuan": "12.5"},
}


@pytest.fixture
def report(tree, seeded_year, reviewer_a):
    publishing.ensure_catalog(actor=SYSTEM, unit=tree.dept_a)
    report = services.start_report(actor=reviewer_a, unit=tree.dept_a, year=YEAR)
    return services.update_report(
        actor=reviewer_a,
        report=report,
        overview="本年度，本机关认真贯彻《中华人民共和国政府信息公开条例》。",
        problems="个别栏目更新不及时。",
        other_matters="无。",
        table2_manual=TABLE2,
        # No register entry confirms table 2's normative documents (check V7): the unit says where they are from.
        check_explanation="规范性文件台账尚未迁入本平台，表二依据本单位纸质台账填报。",
    )


def test_report_cannot_be_published_with_failed_checks_unless_explained(report, reviewer_a):
    services.update_report(actor=reviewer_a, report=report, table2_manual={}, check_explanation="")
    with pytest.raises(ValidationError) as excinfo:
        services.publish_report(actor=reviewer_a, report=report)
    assert any("表二" in m for m in excinfo.value.messages)
    services.update_report(
        actor=reviewer_a, report=report, check_explanation="规范性文件台账正在整理，表二暂缺。"
    )
    published = services.publish_report(actor=reviewer_a, report=report)
    assert published.status == "published"


def test_editors_prepare_but_reviewers_publish(report, editor_a):
    with pytest.raises(PermissionDenied):
        services.publish_report(actor=editor_a, report=report)


def test_published_report_shows_the_same_numbers_everywhere(client, report, reviewer_a, tree):
    published = services.publish_report(actor=reviewer_a, report=report)
    t3 = compute.table3(compute.units_of(tree.dept_a), YEAR)
    base = f"/reports/{tree.dept_a.pk}/{YEAR}/"

    page = client.get(base).text
    assert published.title in page
    assert f'<td data-label="总计">{t3["new_received"]["total"]}</td>' in page  # labelled for phones
    assert 'colspan="7"' in page and 'rowspan="3" colspan="3"' in page  # the template's merged headers

    data = json.loads(client.get(base + "report.json").content)
    assert (
        data["tables"]["t3"] == published.tables["t3"]
        and data["tables"]["t3"]["total_processed"] == t3["total_processed"]
    )

    rows = list(csv.reader(io.StringIO(client.get(base + "report.csv").content.decode())))
    cells = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert cells[("t3", "carried_forward", "total")] == str(t3["carried_forward"]["total"])
    assert cells[("t2", "licensing", "decisions")] == "1520"

    document = Document(io.BytesIO(client.get(base + "report.docx").content))
    table3 = document.tables[1]
    assert table3.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert table3.cell(2, 0).text == table3.cell(0, 0).text  # merged down three header rows
    assert table3.cell(0, 3).text == table3.cell(0, 9).text == "申请人情况"  # merged across seven columns
    new_row = next(row for row in table3.rows if row.cells[0].text.startswith("一、本年新收"))
    assert new_row.cells[-1].text == str(t3["new_received"]["total"])

    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(client.get(base + "report.pdf").content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "收到和处理政府信息公开申请情况" in text and str(t3["total_processed"]["total"]) in text

    item = published.item
    assert item.is_public and item.columns.get().code == "xxgk-annual"
    assert f"<td>{t3['new_received']['total']}</td>" in client.get(item.get_absolute_url()).text


def test_published_figures_are_frozen(report, reviewer_a, tree, lodge):
    published = services.publish_report(actor=reviewer_a, report=report)
    before = published.tables["t3"]["new_received"]["total"]
    lodge(dt.date(2024, 6, 3))
    assert (
        services.tables_for(AnnualReport.objects.get(pk=published.pk))["t3"]["new_received"]["total"]
        == before
    )


def test_next_year_starts_from_last_years_text(report, reviewer_a, tree):
    services.publish_report(actor=reviewer_a, report=report)
    following = services.start_report(actor=reviewer_a, unit=tree.dept_a, year=YEAR + 1)
    assert following.overview == report.overview and following.table2_manual["licensing"]["decisions"] == 1520


def test_table2_rejects_negative_numbers(report, reviewer_a):
    with pytest.raises(ValidationError, match="不能为负数"):
        services.update_report(actor=reviewer_a, report=report, table2_manual={"penalty": {"decisions": -1}})


def test_deadlines_for_departments_and_governments(tree):
    assert services.deadline(tree.dept_a, 2024) == dt.date(2025, 1, 31)
    assert services.deadline(tree.county, 2024) == dt.date(2025, 3, 31)


def test_rollup_shows_every_units_status(office, report, reviewer_a):
    services.publish_report(actor=reviewer_a, report=report)
    page = logged_in(office).get("/manage/admin/reports/annualreport/rollup/?year=2024").text
    assert "临沂市发展和改革委员会" in page and "已发布（逾期）" in page  # published now, due 2025-01-31
    assert "逾期未发布" in page  # the other units
    assert logged_in(reviewer_a).get("/manage/admin/reports/annualreport/rollup/").status_code == 403


def test_unpublished_reports_are_not_public(client, report, tree):
    assert client.get(f"/reports/{tree.dept_a.pk}/{YEAR}/").status_code == 404
    assert client.get(f"/reports/{tree.dept_a.pk}/{YEAR}/report.json").status_code == 404


def test_section_six_fees_come_from_fee_notices_and_payments(tree, lodge):
    from gongkai.foi import fees as fee_scales
    from gongkai.foi import services as foi
    from tests.foi.conftest import DESK

    paid, unpaid = lodge(dt.date(2024, 5, 6)), lodge(dt.date(2024, 5, 7))
    foi.charge_fee(
        actor=DESK, application=paid, basis=fee_scales.PER_PAGE, quantity=120, on=dt.date(2024, 5, 10)
    )
    foi.record_event(actor=DESK, application=paid, kind="fee_paid", on=dt.date(2024, 5, 20))
    foi.charge_fee(
        actor=DESK, application=unpaid, basis=fee_scales.PER_PAGE, quantity=31, on=dt.date(2024, 5, 10)
    )
    figures = compute.fees(compute.units_of(tree.dept_a), 2024)
    assert figures["fee_notices_count"] == 2
    assert figures["fee_billed_total_yuan"] == 1110  # 1100 for 120 pages + 10 for 31 pages
    assert figures["fee_collected_total_yuan"] == 1100
