"""A table (a header and rows) as a download: CSV (UTF-8 with a byte-order mark, so Excel and WPS read the
Chinese) or XLSX (openpyxl). Used by the public statistics pages and the staff ledgers. And the way back: an
uploaded CSV (UTF-8 or GB18030, as Excel and WPS save it) or XLSX read as rows (``read``), for importers."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


MAX_UPLOAD_BYTES = 5 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary XLS (and DOC)


@dataclass
class RowError:
    """A row an import refused: its number in the file (the header is row 1) and why, in plain Chinese."""

    row: int
    message: str


def error_text(exc: ValidationError, label: Callable[[str], str] = str) -> str:
    """A refusal in one line for a row report: "列名：问题；列名：问题" (``label`` names a field as the file does)."""
    if hasattr(exc, "error_dict"):
        return "；".join(
            f"{label(name)}：{' '.join(m for e in errs for m in e.messages)}"
            for name, errs in exc.error_dict.items()
        )
    return "；".join(exc.messages)


class UnreadableTable(ValueError):
    """The upload is not a table this module reads; the message says why, in Chinese."""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read(name: str, data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> list[tuple[int, list]]:
    """The rows of an uploaded table (the first sheet of an XLSX) as (row number in the file, cells), the
    header included as row 1 and blank rows left out, so a report names the row a person sees in Excel. Cells
    as read: an XLSX date cell is a datetime, a number a number; CSV cells are strings. Whatever cannot be read
    (too large, empty, an old XLS, a damaged XLSX, an encoding other than UTF-8 or GB18030, NUL bytes, a broken
    quote) raises :class:`UnreadableTable` with the reason."""
    if len(data) > max_bytes:
        raise UnreadableTable(_("文件超过%(n)sMB，请拆分后上传。") % {"n": max_bytes // (1024 * 1024)})
    if not data.strip():
        raise UnreadableTable(_("文件是空的。"))
    lower = (name or "").lower()
    if data[:8] == OLE_MAGIC or lower.endswith(".xls"):
        raise UnreadableTable(_("无法读取该Excel文件：请另存为XLSX或CSV后上传。"))
    if data[:4] == XLSX_MAGIC:
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception:  # openpyxl raises many kinds for a damaged or odd file, while reading the rows too
            raise UnreadableTable(_("无法读取该XLSX文件，文件可能已损坏。")) from None
        if any(isinstance(c, str) and "\x00" in c for row in rows for c in row):
            raise UnreadableTable(_("表格中含有无法保存的控制字符。"))
    elif lower.endswith(".xlsx"):
        raise UnreadableTable(_("文件不是有效的 XLSX 表格。"))
    elif lower.endswith((".csv", ".txt")) or not lower:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableTable(_("CSV 文件应为 UTF-8 或 GB18030 编码。"))
        if "\x00" in text:
            raise UnreadableTable(_("无法读取该文件：请上传 CSV 或 XLSX 格式的表格。"))
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error:
            raise UnreadableTable(_("无法读取该 CSV 文件，请检查引号和分隔符。")) from None
    else:
        raise UnreadableTable(_("请上传 CSV 或 XLSX 格式的表格。"))
    return [(n, row) for n, row in enumerate(rows, start=1) if not all(_blank(c) for c in row)]


# A text cell a spreadsheet would run as a formula (CSV injection): shown as text, with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TEXT = re.compile(r"^[+-]?\d+(\.\d+)?$")


def safe_cell(value):
    if (
        isinstance(value, str)
        and len(value) > 1
        and value.startswith(FORMULA_STARTS)
        and not NUMBER_TEXT.match(value)
    ):
        return "'" + value
    return value


def download(
    header: Sequence, rows: Iterable[Sequence], *, fmt: str, filename: str, sheet: str = ""
) -> HttpResponse:
    """The table as ``filename.fmt`` (404 for another format). ``sheet``: the XLSX sheet's title."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([safe_cell(c) for c in row] for row in rows)
        body = out.getvalue().encode("utf-8-sig")
    else:
        from openpyxl import Workbook

        book = Workbook()
        page = book.active
        page.title = (sheet or filename)[:31]
        page.append(list(header))
        for row in rows:
            page.append([safe_cell(c) for c in row])
        for column in page.columns:  # wide enough for the Chinese headers and values
            width = max(len(str(cell.value or "")) for cell in column)
            page.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
        buffer = io.BytesIO()
        book.save(buffer)
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}.{fmt}')}"
    return response
