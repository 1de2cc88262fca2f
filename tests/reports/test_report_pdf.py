"""The annual report's PDF keeps each table row on one page and repeats the table's header on every page the
table continues onto (issue 24, item 3: the label of “2.申请人逾期未按收费通知要求缴纳费用…” stood on page 3
while its figures stayed on page 2, and page 3 had no header). Read back with PyMuPDF: every row label is on
the page of its figures, at their height."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pymupdf
import pytest
from django.utils import timezone

from gongkai.reports import outputs
from gongkai.reports.demo import OVERVIEW
from gongkai.reports.layout import APPLICANT_COLUMNS, T2_ROWS, T3_ROWS, T4_COLUMNS, T4_GROUPS
from gongkai.reports.models import AnnualReport, ReportStatus
from tests.demo_db import demo

__all__ = ["demo"]

pytestmark = pytest.mark.django_db

T3_HEADER = "申请人情况"


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lines(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's lines of text in reading order (a cell's text is one line or several in a row):
    x0, y0, x1, y1 and the text without spaces."""
    pages = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        for page in document:
            lines = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = _plain("".join(span["text"] for span in line["spans"]))
                    if text:
                        lines.append((*line["bbox"], text))
            pages.append(lines)
    return pages


def _rows(tables: dict) -> list[tuple[str, list[str], bool]]:
    """(label, figures in column order, is a table 3 row) of every row with a label cell."""
    rows = []
    for _block, code, label, columns in T2_ROWS:
        rows.append((label, [str(tables["t2"].get(code, {}).get(c, "")) for c, _ in columns], False))
    for code, label, _group, _outcome in T3_ROWS:
        rows.append((label, [str(tables["t3"][code][c]) for c in [*APPLICANT_COLUMNS, "total"]], True))
    return rows


def _find(pages, label: str) -> list[tuple[int, list]]:
    """Where the whole label stands: (page, its lines), for each run of consecutive lines spelling it."""
    found = []
    for n, lines in enumerate(pages):
        for i in range(len(lines)):
            text, j = "", i
            while j < len(lines) and len(text) < len(label) and label.startswith(text + lines[j][4]):
                text += lines[j][4]
                j += 1
            if text == label:
                found.append((n, lines[i:j]))
    return found


def _check(pdf: bytes, tables: dict) -> tuple[list[str], set[int]]:
    """What is wrong, and the pages table 3's rows stand on."""
    pages = _lines(pdf)
    wrong = []
    t3_pages = set()
    for label, figures, in_t3 in _rows(tables):
        found = _find(pages, _plain(label))
        if len(found) != 1:
            wrong.append(f"{label}: the whole label stands on no single page ({len(found)} found)")
            continue
        n, lines = found[0]
        x1, y0, y1 = max(ln[2] for ln in lines), min(ln[1] for ln in lines), max(ln[3] for ln in lines)
        beside = sorted(
            (ln for ln in pages[n] if ln[0] >= x1 - 1 and y0 - 3 <= (ln[1] + ln[3]) / 2 <= y1 + 3),
            key=lambda ln: ln[0],
        )
        figures = [f for f in figures if f]  # an empty cell has no text
        if [ln[4] for ln in beside] != figures:
            wrong.append(f"{label}: page {n + 1} has {[ln[4] for ln in beside]} beside it, not {figures}")
        if in_t3:
            t3_pages.add(n)
    for n in sorted(t3_pages):
        if not any(T3_HEADER in ln[4] for ln in pages[n]):
            wrong.append(f"table 3 continues onto page {n + 1} without its header")
    return wrong, t3_pages


def _tables() -> dict:
    figures = iter(range(7, 10_000, 13))
    return {
        "t2": {
            "normative_documents": {"made": 2, "repealed": 1, "valid": 18},
            "licensing": {"decisions": 356},
        },
        "t3": {code: {c: next(figures) % 30 for c in [*APPLICANT_COLUMNS, "total"]} for code, *_ in T3_ROWS},
        "t4": {group: dict.fromkeys(dict(T4_COLUMNS), 0) for group, _ in T4_GROUPS},
        "fees": {"fee_notices_count": 0, "fee_billed_total_yuan": "0", "fee_collected_total_yuan": "0"},
    }


@pytest.mark.parametrize("lines", [18, 21])
def test_a_three_line_row_at_the_foot_of_a_page_moves_whole_to_the_next_with_the_header(lines):
    """An overview of so many short lines puts a page break inside the row of “2.申请人逾期未按收费通知…”
    (18) or of “1.申请人无正当理由逾期不补正…” (21), as the demo's report did."""
    report = SimpleNamespace(
        title="临沂市发展和改革委员会2025年政府信息公开工作年度报告", overview=(OVERVIEW * 3)[: lines * 11],
        problems="无。", other_matters="无。", check_explanation="",
    )  # fmt: skip
    tables = _tables()
    problems, t3_pages = _check(outputs.to_pdf(report, tables), tables)
    assert not problems
    assert len(t3_pages) == 2


def test_no_report_row_splits_across_pages_and_table_three_repeats_its_header(demo, client):
    year = timezone.localdate().year - 1
    reports = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, year=year).order_by("unit__path")
    assert reports.exists()
    broken = 0
    for report in reports:
        response = client.get(f"/reports/{report.unit_id}/{year}/report.pdf")
        if response.status_code == 302:  # a county's report is on its own portal
            moved = urlsplit(response["Location"])
            response = client.get(moved.path, headers={"host": moved.netloc})
        assert response.status_code == 200, response.content[:200]
        problems, t3_pages = _check(response.content, report.tables)
        assert not problems, (report.title, problems)
        broken += len(t3_pages) > 1
    assert broken, "table 3 runs over a page break in some report (else the test proves nothing)"
