"""A report as DOCX (GB/T 9704 page, tables with their merged cells), PDF, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

from django.template.loader import render_to_string

from gongkai.core import documents

from . import grids
from .layout import FORMAT_VERSION, T2_ROWS, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS
from .models import AnnualReport


def _grid_to_docx(document, grid: list[list[grids.Cell]]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    width = sum(cell.colspan for cell in grid[0])
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occupied:
                c += 1
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied.add((r + dr, c + dc))
            target.text = cell.text
            for paragraph in target.paragraphs:
                for run in paragraph.runs:
                    documents.font(run, documents.BODY_FONT, 10.5, bold=cell.header)
            c += cell.colspan


def to_docx(report: AnnualReport, tables: dict) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = documents.new_document()
    paragraph = documents.paragraph
    paragraph(
        document, report.title, size=22, font_name=documents.TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    paragraph(document, "")

    def narrative(heading: str, text: str) -> None:
        paragraph(document, heading, font_name="黑体")
        for line in [t for t in text.splitlines() if t.strip()]:
            paragraph(document, line.strip(), indent_chars=2)

    narrative("一、总体情况", report.overview)
    paragraph(document, "二、主动公开政府信息情况", font_name="黑体")
    _grid_to_docx(document, grids.table2(tables["t2"]))
    if tables.get("t2_note"):
        paragraph(document, tables["t2_note"], indent_chars=2)
    paragraph(document, "三、收到和处理政府信息公开申请情况", font_name="黑体")
    _grid_to_docx(document, grids.table3(tables["t3"]))
    paragraph(document, "四、政府信息公开行政复议、行政诉讼情况", font_name="黑体")
    _grid_to_docx(document, grids.table4(tables["t4"]))
    narrative("五、存在的主要问题及改进情况", report.problems)
    fees = tables["fees"]
    narrative(
        "六、其他需要报告的事项",
        f"本年度发出信息处理费缴费通知{fees['fee_notices_count']}件，应收信息处理费{fees['fee_billed_total_yuan']}元，"
        f"实际收取{fees['fee_collected_total_yuan']}元。\n{tables.get('proposals', {}).get('text', '')}"
        f"\n{report.other_matters}",
    )
    if report.check_explanation:
        paragraph(document, f"关于统计数据的说明：{report.check_explanation}", indent_chars=2)
    return documents.docx_bytes(document)


def to_pdf(report: AnnualReport, tables: dict) -> bytes:
    html = render_to_string("reports/report_pdf.html", {"report": report, "tables": tables})
    return documents.html_to_pdf(html)


def to_json(report: AnnualReport, tables: dict) -> str:
    return json.dumps(
        {"unit": report.unit.name, "year": report.year, "format_version": FORMAT_VERSION, "tables": tables},
        ensure_ascii=False,
        indent=2,
    )


def to_csv(report: AnnualReport, tables: dict) -> str:
    """One line per cell: table, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "row", "column", "value"])
    for _block, row, _label, columns in T2_ROWS:
        for column, _ in columns:
            writer.writerow(["t2", row, column, tables["t2"].get(row, {}).get(column, "")])
    for row, *_ in T3_ROWS:
        for column, _ in T3_COLUMNS:
            writer.writerow(["t3", row, column, tables["t3"][row][column]])
    for group, _ in T4_GROUPS:
        for column, _ in T4_COLUMNS:
            writer.writerow(["t4", group, column, tables["t4"][group][column]])
    for key, value in tables["fees"].items():
        writer.writerow(["fees", key, "", value])
    return out.getvalue()
