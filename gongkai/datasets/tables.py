"""Reading an uploaded release (CSV in UTF-8 or GB18030, or XLSX) and checking it against a dataset's columns.

The first row names the columns (the dataset's Chinese names, in any order; a name may carry its unit of
measure as the downloads write it, ``PM2.5（μg/m³）``). Rows are numbered as in the file, the header being
row 1; blank rows are skipped. A number is digits with an optional sign and decimals (``35``, ``-1.5``,
``0.875``); thousands separators (``1,234``), units or percent signs in the cell are refused, so a figure is
never read wrongly. A date is YYYY-MM-DD (also 2026/10/08 or a spreadsheet date). Every problem is reported,
none is fixed silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gongkai.core import tables as core_tables

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
TEXT_LIMIT = 500
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$")
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
UNIT_SUFFIX = re.compile(r"^(.*?)\s*[（(][^（）()]*[)）]\s*$")


# What cannot be read at all (its message is Chinese, for the reader): gongkai.core.tables decides.
Unreadable = core_tables.UnreadableTable


@dataclass(frozen=True)
class Problem:
    row: int  # as in the file: the header is row 1
    column: str  # the column's name, "" for the whole row or file
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("第%(row)d行“%(column)s”：%(message)s") % {
                "row": self.row, "column": self.column, "message": self.message,
            }  # fmt: skip
        return _("第%(row)d行：%(message)s") % {"row": self.row, "message": self.message}


def read(name: str, data: bytes) -> list[tuple[int, list]]:
    """(row number as in the file, cells) for every row, the header included (gongkai.core.tables.read)."""
    return core_tables.read(name, data, max_bytes=MAX_BYTES)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_name(cell) -> str:
    text = str(cell if cell is not None else "").strip()
    return text


def _bare(name: str) -> str:
    match = UNIT_SUFFIX.match(name)
    return match.group(1).strip() if match else name


def number(value) -> str:
    """The number a cell holds, as text; ValueError (with the reason) when it is not one."""
    if isinstance(value, bool):
        raise ValueError(_("应为数值"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("应为数值"))
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    text = str(value).strip()
    if THOUSANDS.match(text):
        raise ValueError(_("请不要使用千位分隔符（如 1234 而非 1,234）"))
    if not NUMBER.match(text):
        raise ValueError(_("应为数值（可带小数，不含单位、百分号或空格）"))
    try:
        Decimal(text)
    except InvalidOperation:
        raise ValueError(_("应为数值")) from None
    return text


def date(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = DATE.match(str(value).strip())
    if not match:
        raise ValueError(_("应为日期，格式为YYYY-MM-DD"))
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        raise ValueError(_("不是有效的日期")) from None


def text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    result = str(value).strip()
    if result[:1] in FORMULA_STARTS:
        # A download opened in a spreadsheet would run it as a formula (CSV injection).
        raise ValueError(_("不能以 =、+、@ 开头（会被电子表格当作公式）"))
    if len(result) > TEXT_LIMIT:
        raise ValueError(_("不超过%(n)d字") % {"n": TEXT_LIMIT})
    return result


CONVERT = {"number": number, "date": date, "text": text}


def check(columns: list[dict], table: list[tuple[int, list]]) -> tuple[list[list[str]], list[Problem]]:
    """The rows in the columns' order, each value normalised, and every problem found (none: publish)."""
    problems: list[Problem] = []
    if not table:
        return [], [Problem(1, "", _("文件中没有数据。"))]
    header_row, header = table[0]
    names = [c["name"] for c in columns]
    position: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = header_name(cell)
        if not name:
            continue
        known = name if name in names else _bare(name)
        if known not in names:
            problems.append(Problem(header_row, "", _("表头“%(name)s”不是本数据集的列") % {"name": name}))
        elif known in position:
            problems.append(Problem(header_row, "", _("表头“%(name)s”重复") % {"name": known}))
        else:
            position[known] = index
    missing = [n for n in names if n not in position]
    if missing:
        problems.append(Problem(header_row, "", _("表头缺少列：%(names)s") % {"names": "、".join(missing)}))
    if problems:
        problems.append(Problem(header_row, "", _("表头应为：%(names)s") % {"names": "，".join(names)}))
        return [], problems
    body = table[1:]
    if not body:
        return [], [Problem(header_row, "", _("文件只有表头，没有数据行。"))]
    if len(body) > MAX_ROWS:
        return [], [Problem(header_row, "", _("数据行超过%(n)d行。") % {"n": MAX_ROWS})]
    rows = []
    for number_in_file, cells in body:
        values = []
        for column in columns:
            index = position[column["name"]]
            raw = cells[index] if index < len(cells) else None
            if _blank(raw):
                if column.get("required"):
                    problems.append(Problem(number_in_file, column["name"], _("必填，不能为空")))
                values.append("")
                continue
            try:
                values.append(CONVERT[column["type"]](raw))
            except ValueError as reason:
                problems.append(
                    Problem(number_in_file, column["name"], _("%(why)s，实为“%(value)s”")
                            % {"why": reason, "value": str(raw).strip()[:40]})
                )  # fmt: skip
                values.append("")
        rows.append(values)
    return rows, problems
