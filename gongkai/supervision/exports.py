"""Spreadsheets and PDF the office files and circulates: a unit's ledger (台账), the plan with progress, and
the assessment table."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.core import documents

from . import assessment, services
from .models import AssessmentScheme, WorkPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRAP = Alignment(wrap_text=True, vertical="top")


def download(data: bytes, name: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], widths: list[int], first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    return sheet


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _date(value) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def ledger_xlsx(plan: WorkPlan, unit, today=None) -> bytes:
    """One row per task and report period: what was reported, when, on time or not, and the review."""
    rows = []
    for row in services.ledger(plan, [unit], today):
        report = row["report"]
        rows.append([
            row["task"].order, row["task"].section.title, row["task"].title, row["task"].requirement,
            row["assignment"].get_role_display(), row["period"]["label"], _date(row["period"]["due"]),
            row["state_label"], report.summary if report else "",
            "\n".join(report.links()) if report else "",
            "；".join(m.title for m in report.milestones.all()) if report else "",
            _date(report.first_submitted_on) if report else "",
            ("是" if report.on_time else "否") if report and report.on_time is not None else "",
            report.review_comment if report else "", _date(report.reviewed_at) if report else "",
        ])  # fmt: skip
    book = Workbook()
    _sheet(book, "台账", ["序号", "工作任务", "具体任务", "具体要求", "责任", "报送周期", "报送期限", "状态", "进展情况",
                        "佐证链接", "已完成节点", "首次报送日期", "按时报送", "审核意见", "审核日期"],
           rows, [6, 20, 24, 50, 6, 14, 12, 12, 50, 30, 20, 12, 8, 30, 12], first=True)  # fmt: skip
    return _bytes(book)


def plan_xlsx(plan: WorkPlan) -> bytes:
    tasks = list(
        plan.tasks.select_related("section").prefetch_related("assignments__reports", "assignments__unit")
    )
    book = Workbook()
    task_rows = []
    progress_rows = []
    for task in tasks:
        assignments = list(task.assignments.all())
        task_rows.append([
            task.order, task.section.title, task.title, task.requirement, task.units_text,
            "是" if task.open_ended else "", "、".join(task.unmatched), len(assignments),
            sum(1 for a in assignments if a.completed_on), str(services.TASK_STATE_LABELS[services.task_state(task)]),
        ])  # fmt: skip
        for assignment in sorted(assignments, key=lambda a: a.unit.path):
            latest = services.latest_accepted(assignment)
            progress_rows.append([
                task.order, task.title, assignment.unit.name, assignment.get_role_display(),
                latest.period_label if latest else "", latest.summary if latest else "",
                _date(assignment.completed_on),
            ])  # fmt: skip
    _sheet(book, "任务", ["序号", "工作任务", "具体任务", "具体要求", "责任单位（原文）", "含等有关部门", "待确认单位",
                        "责任单位数", "已完成单位数", "状态"],
           task_rows, [6, 22, 26, 60, 40, 8, 16, 8, 8, 10], first=True)  # fmt: skip
    _sheet(book, "进展", ["序号", "具体任务", "责任单位", "责任", "最近通过的报送周期", "进展情况", "完成日期"],
           progress_rows, [6, 26, 28, 6, 16, 60, 12])  # fmt: skip
    return _bytes(book)


def assessment_rows(scheme: AssessmentScheme) -> tuple[list, list[dict]]:
    return list(scheme.indicators.all()), assessment.results(scheme)


def assessment_xlsx(scheme: AssessmentScheme) -> bytes:
    indicators, results = assessment_rows(scheme)
    header = ["名次", "单位", *[f"{i.name}（{i.points.normalize():f}分）" for i in indicators], "总分",
              f"折合绩效考核分（权重{scheme.openness_weight.normalize():f}%）"]  # fmt: skip
    rows = [[r["rank"], r["unit"].name, *[c.points if c is not None else "" for c in r["cells"]], r["total"],
             r["weighted"]] for r in results]  # fmt: skip
    book = Workbook()
    _sheet(book, "得分", header, rows, [6, 30, *[14] * len(indicators), 10, 16], first=True)
    basis = [
        [r["unit"].name, i.name, c.points, c.basis]
        for r in results
        for i, c in zip(indicators, r["cells"], strict=True)
        if c
    ]
    _sheet(book, "计分依据", ["单位", "指标", "得分", "计分依据"], basis, [30, 20, 8, 60])
    return _bytes(book)


def assessment_pdf(scheme: AssessmentScheme) -> bytes:
    indicators, results = assessment_rows(scheme)
    html = render_to_string(
        "supervision/assessment_pdf.html",
        {"scheme": scheme, "indicators": indicators, "results": results, "printed": timezone.localdate()},
    )
    return documents.html_to_pdf(html)


__all__ = ["XLSX", "assessment_pdf", "assessment_xlsx", "ledger_xlsx", "plan_xlsx"]
