"""A website report as the national table: rows for HTML, an XLSX workbook (openpyxl) and a PDF (WeasyPrint
through ``gongkai.core.documents``)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from gongkai.core import documents
from gongkai.core.tables import safe_cell

from .layout import display, spans
from .models import WebsiteReport

HEADER = ("类别", "指标", "数值")


def table(rows: list[dict]) -> list[dict]:
    """The rows as the template draws them: the group cell merged down its rows, the value written out."""
    return [
        {
            **r,
            "text": display(r["kind"], r["value"]),
            "full_label": f"{r['sub']}：{label_of(r)}" if r["sub"] else label_of(r),
        }
        for r in spans(rows)
    ]


def label_of(row: dict) -> str:
    """The row's label with its unit, unless the heading above already names it (信息发布（单位：条）)."""
    if not row["unit"] or "（单位：" in row["group"]:
        return row["label"]
    return f"{row['label']}（单位：{row['unit']}）"


def to_xlsx(report: WebsiteReport, rows: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = str(report.year)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([report.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append(["类别", "子项", "指标", "数值"])
    for cell in sheet[2]:
        cell.font, cell.border = Font(bold=True), border
    for r in spans(rows):
        sheet.append(
            [
                safe_cell(r["top"]),
                safe_cell(r["sub"]),
                safe_cell(label_of(r)),
                safe_cell(display(r["kind"], r["value"])),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for letter, width in zip("ABCD", (22, 20, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_pdf(report: WebsiteReport, rows: list[dict]) -> bytes:
    html = render_to_string("webreports/report_pdf.html", {"report": report, "rows": table(rows)})
    return documents.html_to_pdf(html)
