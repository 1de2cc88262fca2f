"""A table (a header and rows) as a download: CSV (UTF-8 with a byte-order mark, so Excel and WPS read the
Chinese) or XLSX (openpyxl). Used by the public statistics pages and the staff ledgers."""

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
