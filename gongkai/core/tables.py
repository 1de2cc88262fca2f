"""A table (a header and rows) as a download: CSV (UTF-8 with a byte-order mark, so Excel and WPS read the
Chinese) or XLSX (openpyxl). Used by the public statistics pages and the staff ledgers. And the way back: an
uploaded CSV (UTF-8 or GB18030, as Excel and WPS save it) or XLSX read as rows (``read``), for importers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import Http404, HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UnreadableTable(ValueError):
    """The upload is not a table this module reads; the message says why, in Chinese."""


def read(name: str, data: bytes) -> list[list]:
    """The rows of an uploaded table (the first sheet of an XLSX), blank rows left out; cells as read (an
    XLSX date cell is a datetime, a number a number; CSV cells are strings)."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a damaged or renamed file
            raise UnreadableTable("文件不是有效的 XLSX 表格。") from exc
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    elif name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableTable("CSV 文件应为 UTF-8 或 GB18030 编码。")
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise UnreadableTable("请上传 CSV 或 XLSX 格式的表格。")
    return [row for row in rows if any(cell not in (None, "") and str(cell).strip() for cell in row)]


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
        writer.writerows(rows)
        body = out.getvalue().encode("utf-8-sig")
    else:
        from openpyxl import Workbook

        book = Workbook()
        page = book.active
        page.title = (sheet or filename)[:31]
        page.append(list(header))
        for row in rows:
            page.append(list(row))
        for column in page.columns:  # wide enough for the Chinese headers and values
            width = max(len(str(cell.value or "")) for cell in column)
            page.column_dimensions[column[0].column_letter].width = min(max(width * 2, 8), 60)
        buffer = io.BytesIO()
        book.save(buffer)
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}.{fmt}')}"
    return response
