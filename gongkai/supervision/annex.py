"""Reading a task decomposition table (任务分解表) from the work points' own text, a CSV or an XLSX file.

The table has the shape 工作任务 · 具体任务 · 具体要求 · 责任单位. As published (and as the seed's text keeps it)
the first two columns are merged cells: a row with an empty 工作任务 continues the one above, a row with an
empty 具体任务 adds another requirement to the sub-task above, and a row with only three cells names no
sub-task at all. The header is repeated on every page, and a PDF conversion left ``<p>`` fragments and
spaces inside words. Optional columns 牵头单位 and 配合单位 replace 责任单位 where a plan separates them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .units import clean

_TAGS = re.compile(r"<[^>]+>")
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,}〔\d{4}〕\d+号")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ISSUED = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日印发")
_TABLE_TITLE = re.compile(r"^\d{4}\s*年.*任务分解表$")
_PLAN_TITLE = re.compile(r"^(\d{4})年.{2,40}工作要点$")

HEADERS = {
    "section": ("工作任务", "任务", "重点任务"),
    "subtask": ("具体任务", "子任务", "任务事项"),
    "requirement": ("具体要求", "工作要求", "要求"),
    "units": ("责任单位",),
    "leads": ("牵头单位",),
    "cos": ("配合单位",),
}


def text_of(cell) -> str:
    """A cell's words: tags dropped, the spaces a PDF conversion put between Chinese characters removed."""
    value = _TAGS.sub("", str(cell or "")).strip()
    return _CJK_GAP.sub("", value)


@dataclass
class Row:
    line: int
    section: str
    subtask: str
    requirement: str
    units: str


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    title: str = ""
    year: int | None = None
    doc_number: str = ""
    issuer_name: str = ""
    issued_on: dt.date | None = None


class Builder:
    """Carries the merged cells down: the current 工作任务 and 具体任务."""

    def __init__(self):
        self.table = Table()
        self.section = ""
        self.subtask = ""
        self.problems: list[str] = []

    def add(self, line: int, section: str, subtask: str | None, requirement: str, units: str) -> None:
        section, requirement = text_of(section), text_of(requirement)
        if section:
            self.section = section
            self.subtask = ""
        if subtask is None:  # the row has no sub-task cell at all
            self.subtask = ""
        elif text_of(subtask):
            self.subtask = text_of(subtask)
        if not self.section:
            self.problems.append(_("第 %(n)d 行：没有所属的工作任务。") % {"n": line})
        elif not requirement:
            self.problems.append(_("第 %(n)d 行：缺少具体要求。") % {"n": line})
        elif not clean(units):
            self.problems.append(_("第 %(n)d 行：缺少责任单位。") % {"n": line})
        else:
            self.table.rows.append(Row(line, self.section, self.subtask, requirement, text_of(units)))

    def result(self) -> Table:
        if not self.table.rows and not self.problems:
            self.problems.append(_("没有找到任务分解表。"))
        if self.problems:
            raise ValidationError(self.problems)
        return self.table


def read_text(text: str) -> Table:
    """The work points as published: metadata from the notice, the table from the annex."""
    lines = text.splitlines()
    builder = Builder()
    table = builder.table
    for i, raw in enumerate(lines):
        line = text_of(raw)
        if not table.doc_number and (m := _DOC_NUMBER.fullmatch(line)):
            table.doc_number = m.group(0)
        elif not table.title and (m := _PLAN_TITLE.match(line)):
            table.title, table.year = line, int(m.group(1))
        elif table.issued_on is None and (m := _DATE.match(line)):
            table.issued_on = dt.date(*map(int, m.groups()))
            table.issuer_name = next((text_of(x) for x in reversed(lines[:i]) if text_of(x)), "")
        elif m := _ISSUED.search(line):
            table.issued_on = dt.date(*map(int, m.groups()))
    starts = [i for i, raw in enumerate(lines) if _TABLE_TITLE.match(text_of(raw))]
    if not starts:
        raise ValidationError(_("没有找到任务分解表（应有“……任务分解表”标题）。"))
    for number, raw in enumerate(lines[starts[-1] + 1 :], start=starts[-1] + 2):
        if not raw.strip() or _ISSUED.search(raw):
            continue
        cells = raw.split("\t")
        while cells and not text_of(cells[-1]):
            cells.pop()
        if text_of(cells[0]) in HEADERS["section"]:
            continue  # the header, repeated on every page
        if len(cells) == 4:
            builder.add(number, cells[0], cells[1], cells[2], cells[3])
        elif len(cells) == 3:
            builder.add(number, cells[0], None, cells[1], cells[2])
        else:
            builder.problems.append(_("第 %(n)d 行：无法识别的表格行（应为 3 或 4 列）。") % {"n": number})
    return builder.result()


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, name in enumerate(text_of(h) for h in header):
        for key, names in HEADERS.items():
            if name in names and key not in found:
                found[key] = index
    if "requirement" not in found or not ({"units", "leads"} & found.keys()):
        raise ValidationError(_("表头应包含“具体要求”和“责任单位”（或“牵头单位”）列。"))
    return found


def read_rows(rows: list[list]) -> Table:
    """A table with a header row (CSV or XLSX)."""
    rows = [list(r) for r in rows]
    start = next(
        (i for i, r in enumerate(rows) if any(text_of(c) in HEADERS["requirement"] for c in r)), None
    )
    if start is None:
        raise ValidationError(_("表头应包含“具体要求”和“责任单位”（或“牵头单位”）列。"))
    columns = _columns(rows[start])
    builder = Builder()

    def cell(row, key):
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(text_of(c) for c in row) or text_of(cell(row, "section")) in HEADERS["section"]:
            continue
        units = text_of(cell(row, "units"))
        if "leads" in columns:
            leads, cos = text_of(cell(row, "leads")), text_of(cell(row, "cos"))
            units = "；".join(
                filter(None, [f"牵头单位：{leads}" if leads else "", f"配合单位：{cos}" if cos else ""])
            )
        subtask = text_of(cell(row, "subtask")) if "subtask" in columns else None
        builder.add(number, cell(row, "section"), subtask, cell(row, "requirement"), units)
    return builder.result()


def read_file(path: Path) -> Table:
    return read_bytes(Path(path).read_bytes(), Path(path).suffix)


def read_bytes(data: bytes, suffix: str) -> Table:
    """A file's contents by its suffix: ``.xlsx``, ``.csv``, anything else as the work points' text."""
    suffix = suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises several kinds for a damaged file
            raise ValidationError(_("无法读取该 XLSX 文件：%(e)s") % {"e": error}) from error
        return read_rows([list(r) for r in sheet.iter_rows(values_only=True)])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise ValidationError(_("文件编码无法识别，请另存为 UTF-8。")) from error
    if suffix == ".csv":
        return read_rows(list(csv.reader(io.StringIO(text))))
    return read_text(text)
